/**
 * Authentication middlewares for `@effect/platform` servers: they authenticate each request with `ClerkAuth`
 * (the `Authorization: Bearer` token first, else the `__session` cookie) and give the handlers behind them the
 * signed-in session as `CurrentSession`.
 *
 * - `ClerkAuthMiddleware` (an `HttpApiMiddleware` with bearer and cookie security) for `HttpApi` servers: a
 *   signed-out request fails with `Unauthorized` (401), keys that cannot be fetched with `ServiceUnavailable` (503).
 * - `requireSession` (an `HttpApp → HttpApp` middleware) for plain `HttpRouter` apps.
 *
 * Both decide with one function and answer in the same words: 401 `{ "error": "Unauthorized", "reason": … }`,
 * 503 `{ "error": "Service Unavailable" }`.
 *
 * ```ts
 * const router = HttpRouter.empty.pipe(
 *   HttpRouter.get("/me", Effect.map(CurrentSession, (session) => HttpServerResponse.unsafeJson({ userId: session.userId }))),
 *   HttpRouter.use(ClerkAuthMiddleware.requireSession)
 * )
 * ```
 *
 * Server code only: `effect-clerk` itself does not import this module.
 *
 * @since 0.3.0
 */
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { TokenInvalidReason } from "../errors/TokenInvalid.js"
import type { SessionClaims } from "../schemas/SessionClaims.js"
import { ClerkAuth, type KeysError } from "../services/ClerkAuth.js"
import { CurrentSession } from "./CurrentSession.js"

/**
 * Why a request is signed out: `"no-token"` or the `TokenInvalid` reason.
 *
 * @since 0.4.0
 * @category models
 */
export const SignedOutReason = Schema.Union(Schema.Literal("no-token"), TokenInvalidReason)

/**
 * The request is signed out: answered 401 `{ "error": "Unauthorized", "reason": … }`.
 *
 * @since 0.4.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("effect-clerk/ClerkAuthMiddleware/Unauthorized")(
  "Unauthorized",
  { reason: SignedOutReason }
) {
  override get message(): string {
    return `Request signed out (${this.reason})`
  }
}

/**
 * The request could not be authenticated because Clerk could not be reached (the instance's keys could not be
 * fetched): answered 503 `{ "error": "Service Unavailable" }`; the cause is logged as a warning.
 *
 * @since 0.4.0
 * @category errors
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>(
  "effect-clerk/ClerkAuthMiddleware/ServiceUnavailable"
)("ServiceUnavailable", {}) {
  override get message(): string {
    return "Clerk unavailable: the request could not be authenticated"
  }
}

/**
 * What the middlewares fail with.
 *
 * @since 0.3.0
 * @category errors
 */
export type Failure = Unauthorized | ServiceUnavailable

/**
 * The JSON body of a 401: `reason` is why the request is signed out (`"no-token"`, `"expired"`, `"signature"`, …).
 *
 * @since 0.3.0
 * @category models
 */
export interface UnauthorizedBody {
  readonly error: "Unauthorized"
  readonly reason: typeof SignedOutReason.Type
}

/** The wire form of each failure: what both middlewares answer, and what the OpenAPI document shows. */
const UnauthorizedJson = Schema.transform(
  Schema.Struct({ error: Schema.Literal("Unauthorized"), reason: SignedOutReason }),
  Schema.typeSchema(Unauthorized),
  {
    strict: true,
    decode: ({ reason }) => new Unauthorized({ reason }),
    encode: ({ reason }) => ({ error: "Unauthorized" as const, reason })
  }
).annotations(HttpApiSchema.annotations({ status: 401 }))

const ServiceUnavailableJson = Schema.transform(
  Schema.Struct({ error: Schema.Literal("Service Unavailable") }),
  Schema.typeSchema(ServiceUnavailable),
  {
    strict: true,
    decode: () => new ServiceUnavailable(),
    encode: () => ({ error: "Service Unavailable" as const })
  }
).annotations(HttpApiSchema.annotations({ status: 503 }))

/**
 * The failures as the middlewares encode them: `ClerkAuthMiddleware`'s `failure` schema.
 *
 * @since 0.4.0
 * @category schemas
 */
export const FailureSchema = Schema.Union(UnauthorizedJson, ServiceUnavailableJson)

/**
 * The `HttpApiSecurity` schemes of `ClerkAuthMiddleware`, as they appear in the OpenAPI document: a bearer token
 * (what a frontend's `getToken()` sends) and the `__session` cookie (what a same-site browser sends).
 *
 * @since 0.3.0
 * @category security
 */
export const security = {
  bearer: HttpApiSecurity.bearer,
  cookie: HttpApiSecurity.apiKey({ in: "cookie", key: "__session" })
} as const

/**
 * `HttpApi` middleware: provides `CurrentSession` to the endpoints, groups or API it is added to; fails with
 * `Unauthorized` (401) when the request is signed out and `ServiceUnavailable` (503) when the instance's keys cannot
 * be fetched. Implemented by `layer`.
 *
 * ```ts
 * const api = HttpApi.make("api").add(
 *   HttpApiGroup.make("me").add(HttpApiEndpoint.get("me", "/me").addSuccess(Schema.String)).middleware(ClerkAuthMiddleware)
 * )
 * ```
 *
 * @since 0.3.0
 * @category tags
 */
export class ClerkAuthMiddleware extends HttpApiMiddleware.Tag<ClerkAuthMiddleware>()(
  "effect-clerk/ClerkAuthMiddleware",
  {
    failure: FailureSchema,
    provides: CurrentSession,
    security
  }
) {}

const logKeysError = (error: KeysError) => Effect.logWarning("Clerk: keys unavailable, answering 503", error.message)

const logSignedOut = (reason: Unauthorized["reason"]) => Effect.logDebug("Clerk: request signed out", reason)

const unavailable = new ServiceUnavailable()

/**
 * The one verdict both middlewares answer with: the claims of a signed-in request, or the failure to answer.
 */
const verdict = (
  auth: ClerkAuth["Type"],
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<SessionClaims, Failure> =>
  auth.authenticateRequest(request).pipe(
    Effect.matchEffect({
      onFailure: (error) => Effect.zipRight(logKeysError(error), Effect.fail(unavailable)),
      onSuccess: (state) =>
        state._tag === "SignedIn"
          ? Effect.succeed(state.claims)
          : Effect.zipRight(logSignedOut(state.reason), Effect.fail(new Unauthorized({ reason: state.reason })))
    })
  )

const encodeFailure = Schema.encodeSync(FailureSchema)

/** The response of a failure, in the words `ClerkAuthMiddleware` answers with. */
const failureResponse = (failure: Failure): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(encodeFailure(failure), { status: failure._tag === "Unauthorized" ? 401 : 503 })

/**
 * Builds the implementation of `ClerkAuthMiddleware` with the `ClerkAuth` of the context.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<
  HttpApiMiddleware.HttpApiMiddlewareSecurity<typeof security, SessionClaims, Failure>,
  never,
  ClerkAuth
> = Effect.map(ClerkAuth, (auth) => {
  /**
   * HttpApiBuilder runs the security schemes in order and moves on to the next when one fails, so a request whose
   * bearer token is refused would be tried again with its cookie, and a 503 of the first would become a 401 of the
   * second. Both handlers therefore authenticate the whole request (bearer first, else cookie, exactly as
   * `ClerkAuth.authenticateRequest`), and the second reuses the first one's verdict on the same request.
   */
  const verdicts = new WeakMap<HttpServerRequest.HttpServerRequest, Exit.Exit<SessionClaims, Failure>>()
  const authenticate = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const known = verdicts.get(request)
    if (known !== undefined) {
      verdicts.delete(request)
      return known
    }
    return verdict(auth, request).pipe(
      Effect.tapError((failure) => Effect.sync(() => verdicts.set(request, Exit.fail(failure))))
    )
  })
  return ClerkAuthMiddleware.of({ bearer: () => authenticate, cookie: () => authenticate })
})

/**
 * The implementation of `ClerkAuthMiddleware`; needs `ClerkAuth` (in `ClerkLive` and the other client layers).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer: Layer.Layer<ClerkAuthMiddleware, never, ClerkAuth> = Layer.effect(ClerkAuthMiddleware, make)

/**
 * `HttpRouter` / `HttpApp` middleware: runs `app` with the request's session as `CurrentSession` when it is signed
 * in; answers 401 `{ "error": "Unauthorized", "reason": … }` when it is not, and 503
 * `{ "error": "Service Unavailable" }` when the instance's keys cannot be fetched (the cause is logged as a
 * warning), exactly as `ClerkAuthMiddleware` does. Use it on a whole router (`HttpRouter.use(requireSession)`) or on
 * one route (`HttpRouter.get("/me", requireSession(handler))`).
 *
 * @since 0.3.0
 * @category middleware
 */
export const requireSession = <E, R>(
  app: HttpApp.Default<E, R>
): HttpApp.Default<E, Exclude<R, CurrentSession> | ClerkAuth> =>
  Effect.flatMap(
    HttpServerRequest.HttpServerRequest,
    (request) =>
      Effect.flatMap(ClerkAuth, (auth) =>
        Effect.matchEffect(verdict(auth, request), {
          onFailure: (failure) => Effect.succeed(failureResponse(failure)),
          onSuccess: (claims) => Effect.provideService(app, CurrentSession, claims)
        }))
  )
