/**
 * Authentication middlewares for `@effect/platform` servers: they authenticate each request with `ClerkAuth`
 * (the `Authorization: Bearer` token first, else the `__session` cookie) and give the handlers behind them the
 * signed-in session as `CurrentSession`.
 *
 * - `ClerkAuthMiddleware` (an `HttpApiMiddleware` with bearer and cookie security) for `HttpApi` servers: a
 *   signed-out request fails with `HttpApiError.Unauthorized` (401), keys that cannot be fetched with
 *   `HttpApiError.ServiceUnavailable` (503).
 * - `requireSession` (an `HttpApp → HttpApp` middleware) for plain `HttpRouter` apps: 401 or 503 JSON.
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
import * as HttpApiError from "@effect/platform/HttpApiError"
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type { TokenInvalidReason } from "../errors/TokenInvalid.js"
import type { SessionClaims } from "../schemas/SessionClaims.js"
import { ClerkAuth, type KeysError } from "../services/ClerkAuth.js"
import { CurrentSession } from "./CurrentSession.js"

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
 * `HttpApiError.Unauthorized` (401) when the request is signed out and `HttpApiError.ServiceUnavailable` (503) when
 * the instance's keys cannot be fetched. Implemented by `layer`.
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
    failure: Schema.Union(HttpApiError.Unauthorized, HttpApiError.ServiceUnavailable),
    provides: CurrentSession,
    security
  }
) {}

/**
 * What `ClerkAuthMiddleware` fails with.
 *
 * @since 0.3.0
 * @category errors
 */
export type Failure = HttpApiError.Unauthorized | HttpApiError.ServiceUnavailable

const signedOutMessage = "Clerk: request signed out"
const keysMessage = "Clerk: keys unavailable, answering 503"

const logKeysError = (error: KeysError) => Effect.logWarning(keysMessage, error.message)

const logSignedOut = (reason: TokenInvalidReason | "no-token") => Effect.logDebug(signedOutMessage, reason)

const unauthorized = new HttpApiError.Unauthorized()
const unavailable = new HttpApiError.ServiceUnavailable()

/**
 * Builds the implementation of `ClerkAuthMiddleware` with the `ClerkAuth` of the context.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<
  HttpApiMiddleware.HttpApiMiddlewareSecurity<
    typeof security,
    SessionClaims,
    Failure
  >,
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
    return auth.authenticateRequest(request).pipe(
      Effect.matchEffect({
        onFailure: (error) => Effect.zipRight(logKeysError(error), Effect.fail(unavailable)),
        onSuccess: (state) =>
          state._tag === "SignedIn"
            ? Effect.succeed(state.claims)
            : Effect.zipRight(logSignedOut(state.reason), Effect.fail(unauthorized))
      }),
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
 * The JSON body of a 401 answered by `requireSession`: `reason` is why the request is signed out (`"no-token"`,
 * `"expired"`, `"signature"`, …; see `TokenInvalidReason`).
 *
 * @since 0.3.0
 * @category models
 */
export interface UnauthorizedBody {
  readonly error: "Unauthorized"
  readonly reason: TokenInvalidReason | "no-token"
}

/**
 * `HttpRouter` / `HttpApp` middleware: runs `app` with the request's session as `CurrentSession` when it is signed
 * in; answers 401 `{ "error": "Unauthorized", "reason": … }` when it is not, and 503
 * `{ "error": "Service Unavailable" }` when the instance's keys cannot be fetched (the cause is logged as a
 * warning). Use it on a whole router (`HttpRouter.use(requireSession)`) or on one route
 * (`HttpRouter.get("/me", requireSession(handler))`).
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
        auth.authenticateRequest(request).pipe(
          Effect.matchEffect({
            onFailure: (error) =>
              Effect.as(
                logKeysError(error),
                HttpServerResponse.unsafeJson({ error: "Service Unavailable" }, { status: 503 })
              ),
            onSuccess: (state) =>
              state._tag === "SignedIn"
                ? Effect.provideService(app, CurrentSession, state.claims)
                : Effect.as(
                  logSignedOut(state.reason),
                  HttpServerResponse.unsafeJson(
                    { error: "Unauthorized", reason: state.reason } satisfies UnauthorizedBody,
                    { status: 401 }
                  )
                )
          })
        ))
  )
