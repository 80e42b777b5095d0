import type { HttpApiMiddleware, HttpServerRequest } from "@effect/platform"
import { HttpServerResponse } from "@effect/platform"
import { describe, expectTypeOf, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as ClerkAuthMiddleware from "../../src/http/ClerkAuthMiddleware.js"
import {
  ClerkAuth,
  ClerkConfig,
  ClerkHttpClient,
  CurrentAuth,
  CurrentMachine,
  CurrentSession,
  Jwks
} from "../../src/index.js"

const request = new Request("http://api.test/")
type Outcome<A extends ClerkAuth.AcceptsToken> = Effect.Effect.Success<
  ReturnType<typeof ClerkAuth.authenticateRequest<A>>
>

describe("machine authentication types", () => {
  it("authenticateRequest narrows its result by acceptsToken", () => {
    expectTypeOf(ClerkAuth.authenticateRequest(request)).toEqualTypeOf<
      Effect.Effect<ClerkAuth.SignedIn | ClerkAuth.SignedOut, ClerkAuth.AuthenticateError, ClerkAuth.ClerkAuth>
    >()
    expectTypeOf<Outcome<"m2m_token">>().toEqualTypeOf<
      ClerkAuth.AuthenticatedMachine<"m2m_token"> | ClerkAuth.SignedOut
    >()
    expectTypeOf<Outcome<readonly ["session_token", "api_key"]>>().toEqualTypeOf<
      ClerkAuth.SignedIn | ClerkAuth.AuthenticatedMachine<"api_key"> | ClerkAuth.SignedOut
    >()
    expectTypeOf<Outcome<"any">>().toEqualTypeOf<
      | ClerkAuth.SignedIn
      | ClerkAuth.AuthenticatedMachine<"m2m_token" | "oauth_token" | "api_key">
      | ClerkAuth.SignedOut
    >()
    const _machines = ClerkAuth.authenticateRequest(request, { acceptsToken: ["m2m_token", "oauth_token"] })
    expectTypeOf<Effect.Effect.Success<typeof _machines>>().toEqualTypeOf<
      ClerkAuth.AuthenticatedMachine<"m2m_token" | "oauth_token"> | ClerkAuth.SignedOut
    >()
    // @ts-expect-error not one of Clerk's token types
    ClerkAuth.authenticateRequest(request, { acceptsToken: "jwt" })
  })

  it("the middlewares provide CurrentSession, CurrentMachine or CurrentAuth by acceptsToken", () => {
    const needsMachine = Effect.map(CurrentMachine, (m) => HttpServerResponse.unsafeJson({ who: m.subject }))
    const needsAuth = Effect.map(CurrentAuth, (a) => HttpServerResponse.unsafeJson({ tag: a._tag }))
    const needsSession = Effect.map(CurrentSession, (s) => HttpServerResponse.unsafeJson({ who: s.userId }))
    const _machineApp = ClerkAuthMiddleware.requireAuth(["m2m_token", "api_key"])(needsMachine)
    expectTypeOf<Effect.Effect.Context<typeof _machineApp>>().toEqualTypeOf<
      ClerkAuth.ClerkAuth | HttpServerRequest.HttpServerRequest
    >()
    const _mixedApp = ClerkAuthMiddleware.requireAuth("any")(needsAuth)
    expectTypeOf<Effect.Effect.Context<typeof _mixedApp>>().toEqualTypeOf<
      ClerkAuth.ClerkAuth | HttpServerRequest.HttpServerRequest
    >()
    // a machine-only middleware does not provide CurrentSession
    const _wrong = ClerkAuthMiddleware.requireAuth("api_key")(needsSession)
    expectTypeOf<Effect.Effect.Context<typeof _wrong>>().toEqualTypeOf<
      CurrentSession | ClerkAuth.ClerkAuth | HttpServerRequest.HttpServerRequest
    >()
    expectTypeOf<ClerkAuthMiddleware.ProvidedBy<"session_token">>().toEqualTypeOf<CurrentSession>()
    expectTypeOf<ClerkAuthMiddleware.ProvidedBy<readonly ["m2m_token", "oauth_token"]>>().toEqualTypeOf<
      CurrentMachine
    >()
    expectTypeOf<ClerkAuthMiddleware.ProvidedBy<"any">>().toEqualTypeOf<CurrentAuth>()
  })

  it("a Tag made with acceptsToken provides its tag and has only the bearer scheme for machines", () => {
    class Machines extends ClerkAuthMiddleware.Tag<Machines>()("Machines", { acceptsToken: "m2m_token" }) {}
    class Mixed extends ClerkAuthMiddleware.Tag<Mixed>()("Mixed", { acceptsToken: ["session_token", "api_key"] }) {}
    expectTypeOf<HttpApiMiddleware.HttpApiMiddleware.Provides<Machines>>().toEqualTypeOf<CurrentMachine>()
    expectTypeOf<HttpApiMiddleware.HttpApiMiddleware.Provides<Mixed>>().toEqualTypeOf<CurrentAuth>()
    expectTypeOf<HttpApiMiddleware.HttpApiMiddleware.Error<Machines>>().toEqualTypeOf<ClerkAuthMiddleware.Failure>()
    expectTypeOf(Machines.security).toHaveProperty("bearer")
    expectTypeOf(Machines.security).not.toHaveProperty("cookie")
    expectTypeOf(Mixed.security).toHaveProperty("cookie")
  })

  it("ClerkAuth.layer needs ClerkHttpClient besides ClerkConfig and Jwks (README, Upgrading from 0.3)", () => {
    expectTypeOf(ClerkAuth.layer()).toEqualTypeOf<
      Layer.Layer<ClerkAuth.ClerkAuth, never, ClerkConfig.ClerkConfig | Jwks.Jwks | ClerkHttpClient.ClerkHttpClient>
    >()
    // what 0.3 code provided is no longer enough
    expectTypeOf<
      Exclude<Layer.Layer.Context<ReturnType<typeof ClerkAuth.layer>>, ClerkConfig.ClerkConfig | Jwks.Jwks>
    >().toEqualTypeOf<ClerkHttpClient.ClerkHttpClient>()
  })
})
