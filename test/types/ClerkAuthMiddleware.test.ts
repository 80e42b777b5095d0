import {
  HttpApiError,
  type HttpApiMiddleware,
  type HttpApp,
  type HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { describe, expectTypeOf, it } from "@effect/vitest"
import { type Context, Effect, type Layer } from "effect"
import * as ClerkAuthMiddleware from "../../src/http/ClerkAuthMiddleware.js"
import { type ClerkAuth, CurrentSession, type SessionClaims, Sessions } from "../../src/index.js"

describe("ClerkAuthMiddleware types", () => {
  it("requireSession provides CurrentSession, keeps the handler's other needs and errors, and needs ClerkAuth", () => {
    const handler = Effect.gen(function*() {
      const session = yield* CurrentSession
      const token = yield* Sessions.createTokenFromTemplate(session.sessionId, "test")
      return HttpServerResponse.unsafeJson({ jwt: token.jwt })
    })
    const app = ClerkAuthMiddleware.requireSession(handler)
    expectTypeOf(app).toMatchTypeOf<HttpApp.Default<unknown, unknown>>()
    expectTypeOf<Effect.Effect.Context<typeof app>>().toEqualTypeOf<
      Sessions.Sessions | ClerkAuth.ClerkAuth | HttpServerRequest.HttpServerRequest
    >()
    expectTypeOf<Effect.Effect.Error<typeof app>>().toEqualTypeOf<Effect.Effect.Error<typeof handler>>()
    // @ts-expect-error a handler that needs CurrentSession is not an app without the middleware
    expectTypeOf<Effect.Effect.Context<typeof handler>>().toEqualTypeOf<Sessions.Sessions>()
  })

  it("the HttpApi middleware provides SessionClaims, fails with its own Unauthorized or ServiceUnavailable", () => {
    expectTypeOf<HttpApiMiddleware.HttpApiMiddleware.Provides<ClerkAuthMiddleware.ClerkAuthMiddleware>>()
      .toEqualTypeOf<CurrentSession>()
    expectTypeOf<HttpApiMiddleware.HttpApiMiddleware.Error<ClerkAuthMiddleware.ClerkAuthMiddleware>>()
      .toEqualTypeOf<ClerkAuthMiddleware.Unauthorized | ClerkAuthMiddleware.ServiceUnavailable>()
    expectTypeOf<Effect.Effect.Success<typeof ClerkAuthMiddleware.make>>().toHaveProperty("bearer")
    expectTypeOf<Effect.Effect.Success<typeof ClerkAuthMiddleware.make>>().toHaveProperty("cookie")
    expectTypeOf(ClerkAuthMiddleware.layer).toEqualTypeOf<
      Layer.Layer<ClerkAuthMiddleware.ClerkAuthMiddleware, never, ClerkAuth.ClerkAuth>
    >()
    expectTypeOf(new ClerkAuthMiddleware.Unauthorized({ reason: "expired" })).toMatchTypeOf<
      ClerkAuthMiddleware.Failure
    >()
    // @ts-expect-error platform's empty Unauthorized is not what the middleware answers (it has no reason)
    expectTypeOf(new HttpApiError.Unauthorized()).toMatchTypeOf<ClerkAuthMiddleware.Failure>()
    // @ts-expect-error the reason is one of SignedOut's
    const _wrongReason = () => new ClerkAuthMiddleware.Unauthorized({ reason: "because" })
    expectTypeOf<Context.Tag.Service<typeof CurrentSession>>().toEqualTypeOf<SessionClaims>()
  })
})
