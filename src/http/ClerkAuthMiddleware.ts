/**
 * Authentication middlewares for `@effect/platform` servers: they authenticate each request with `ClerkAuth`
 * (the `Authorization: Bearer` token first, else the `__session` cookie for session tokens) and give the handlers
 * behind them who the request is: `CurrentSession` when they accept session tokens only (the default),
 * `CurrentMachine` when they accept machine tokens only, `CurrentAuth` (either, by `_tag`) when they accept both.
 *
 * - `ClerkAuthMiddleware` (an `HttpApiMiddleware` with bearer and cookie security) for `HttpApi` servers: a
 *   signed-out request fails with `Unauthorized` (401), keys that cannot be fetched with `ServiceUnavailable` (503).
 *   `Tag<Self>()(id, { acceptsToken })` makes one that accepts other kinds, for a group or an endpoint;
 *   `layerFor(tag)` implements it.
 * - `requireSession` and `requireAuth(acceptsToken)` (`HttpApp → HttpApp` middlewares) for plain `HttpRouter` apps.
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
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { TokenInvalidReason } from "../errors/TokenInvalid.js"
import { accepts, acceptsMachines } from "../internal/tokenType.js"
import type { SessionClaims } from "../schemas/SessionClaims.js"
import {
  type Accepted,
  type AcceptsToken,
  type AuthenticatedMachine,
  type AuthenticateError,
  ClerkAuth,
  type SignedIn
} from "../services/ClerkAuth.js"
import { CurrentAuth } from "./CurrentAuth.js"
import { CurrentMachine } from "./CurrentMachine.js"
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
 * The `HttpApiSecurity` schemes of a middleware that accepts session tokens, as they appear in the OpenAPI document:
 * a bearer token (what a frontend's `getToken()` sends) and the `__session` cookie (what a same-site browser sends).
 * A middleware for machine tokens only has the bearer scheme.
 *
 * @since 0.3.0
 * @category security
 */
export const security = {
  bearer: HttpApiSecurity.bearer,
  cookie: HttpApiSecurity.apiKey({ in: "cookie", key: "__session" })
} as const

/**
 * The security schemes of a middleware accepting `A`.
 *
 * @since 0.4.0
 * @category security
 */
export type SecurityFor<A extends AcceptsToken> = "session_token" extends Accepted<A> ? typeof security
  : { readonly bearer: typeof HttpApiSecurity.bearer }

/**
 * The tag a middleware accepting `A` provides: `CurrentSession` (session tokens only), `CurrentMachine` (machine
 * tokens only) or `CurrentAuth` (both).
 *
 * @since 0.4.0
 * @category models
 */
export type ProvidedBy<A extends AcceptsToken> = [Exclude<Accepted<A>, "session_token">] extends [never]
  ? CurrentSession
  : "session_token" extends Accepted<A> ? CurrentAuth
  : CurrentMachine

type ProvidedTag<A extends AcceptsToken> = [Exclude<Accepted<A>, "session_token">] extends [never]
  ? typeof CurrentSession
  : "session_token" extends Accepted<A> ? typeof CurrentAuth
  : typeof CurrentMachine

/**
 * What handlers behind a middleware accepting `A` get.
 *
 * @since 0.4.0
 * @category models
 */
export type ProvidedValue<A extends AcceptsToken> = Context.Tag.Service<ProvidedBy<A>>

/** Which family `acceptsToken` accepts, and so which tag its middleware provides. */
const familyOf = (acceptsToken: AcceptsToken): "session" | "machine" | "both" => {
  const session = accepts(acceptsToken, "session_token")
  const machines = acceptsMachines(acceptsToken)
  return session && machines ? "both" : machines ? "machine" : "session"
}

const providedTag = (acceptsToken: AcceptsToken) => {
  const family = familyOf(acceptsToken)
  return family === "session" ? CurrentSession : family === "machine" ? CurrentMachine : CurrentAuth
}

/** What the provided tag holds for an authenticated request. */
const providedValue = (family: "session" | "machine" | "both") =>
(
  authenticated: SignedIn | AuthenticatedMachine
): SessionClaims | AuthenticatedMachine | SignedIn | AuthenticatedMachine =>
  family === "session" && authenticated._tag === "SignedIn" ? authenticated.claims : authenticated

/**
 * A middleware tag of an `HttpApi` that accepts `acceptsToken`:
 *
 * ```ts
 * class MachineAuth extends ClerkAuthMiddleware.Tag<MachineAuth>()("MachineAuth", { acceptsToken: ["m2m_token", "api_key"] }) {}
 * const group = HttpApiGroup.make("reports").add(HttpApiEndpoint.get("list", "/reports")).middleware(MachineAuth)
 * const MachineAuthLive = ClerkAuthMiddleware.layerFor(MachineAuth) // provides CurrentMachine
 * ```
 *
 * @since 0.4.0
 * @category constructors
 */
export const Tag = <Self>() =>
<const Name extends string, const A extends AcceptsToken>(
  id: Name,
  options: { readonly acceptsToken: A }
) =>
  Object.assign(
    HttpApiMiddleware.Tag<Self>()(id, {
      failure: FailureSchema,
      provides: providedTag(options.acceptsToken) as ProvidedTag<A>,
      security:
        (accepts(options.acceptsToken, "session_token") ? security : { bearer: security.bearer }) as SecurityFor<
          A
        >
    }),
    { acceptsToken: options.acceptsToken }
  )

/**
 * `HttpApi` middleware for session tokens: provides `CurrentSession` to the endpoints, groups or API it is added
 * to; fails with `Unauthorized` (401) when the request is signed out and `ServiceUnavailable` (503) when the
 * instance's keys cannot be fetched. Implemented by `layer`.
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
export class ClerkAuthMiddleware extends Tag<ClerkAuthMiddleware>()("effect-clerk/ClerkAuthMiddleware", {
  acceptsToken: "session_token"
}) {}

const logUnavailable = (error: AuthenticateError) =>
  Effect.logWarning("Clerk: keys unavailable (or a machine token could not be verified), answering 503", error.message)

const logSignedOut = (reason: Unauthorized["reason"]) => Effect.logDebug("Clerk: request signed out", reason)

const unavailable = new ServiceUnavailable()

/**
 * The one verdict every middleware answers with: who the request is, or the failure to answer.
 */
const verdict = <A extends AcceptsToken>(
  auth: ClerkAuth["Type"],
  request: HttpServerRequest.HttpServerRequest,
  acceptsToken: A
): Effect.Effect<SignedIn | AuthenticatedMachine, Failure> =>
  auth.authenticateRequest<AcceptsToken>(request, { acceptsToken }).pipe(
    Effect.matchEffect({
      onFailure: (error) => Effect.zipRight(logUnavailable(error), Effect.fail(unavailable)),
      onSuccess: (state) =>
        state._tag === "SignedOut"
          ? Effect.zipRight(logSignedOut(state.reason), Effect.fail(new Unauthorized({ reason: state.reason })))
          : Effect.succeed(state)
    })
  )

const encodeFailure = Schema.encodeSync(FailureSchema)

/** The response of a failure, in the words `ClerkAuthMiddleware` answers with. */
const failureResponse = (failure: Failure): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(encodeFailure(failure), { status: failure._tag === "Unauthorized" ? 401 : 503 })

/**
 * The service of a middleware tag accepting `A`.
 *
 * @since 0.4.0
 * @category models
 */
export type ServiceFor<A extends AcceptsToken> = HttpApiMiddleware.HttpApiMiddlewareSecurity<
  SecurityFor<A>,
  ProvidedValue<A>,
  Failure
>

/**
 * Builds the implementation of a middleware tag made by `Tag`, with the `ClerkAuth` of the context.
 *
 * @since 0.4.0
 * @category constructors
 */
export const makeFor = <A extends AcceptsToken>(
  tag: { readonly acceptsToken: A }
): Effect.Effect<ServiceFor<A>, never, ClerkAuth> =>
  Effect.map(ClerkAuth, (auth) => {
    const toValue = providedValue(familyOf(tag.acceptsToken))
    /**
     * HttpApiBuilder runs the security schemes in order and moves on to the next when one fails, so a request whose
     * bearer token is refused would be tried again with its cookie, and a 503 of the first would become a 401 of the
     * second. Both handlers therefore authenticate the whole request (bearer first, else cookie, exactly as
     * `ClerkAuth.authenticateRequest`), and the second reuses the first one's verdict on the same request.
     */
    const verdicts = new WeakMap<HttpServerRequest.HttpServerRequest, Exit.Exit<never, Failure>>()
    const authenticate = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const known = verdicts.get(request)
      if (known !== undefined) {
        verdicts.delete(request)
        return known
      }
      return verdict(auth, request, tag.acceptsToken).pipe(
        Effect.map(toValue),
        Effect.tapError((failure) => Effect.sync(() => verdicts.set(request, Exit.fail(failure))))
      )
    })
    const handler = () => authenticate
    return (accepts(tag.acceptsToken, "session_token")
      ? { bearer: handler, cookie: handler }
      : { bearer: handler }) as unknown as ServiceFor<A>
  })

/**
 * The implementation of a middleware tag made by `Tag`; needs `ClerkAuth`.
 *
 * @since 0.4.0
 * @category layers
 */
export const layerFor = <Self, A extends AcceptsToken>(
  tag: Context.Tag<Self, ServiceFor<A>> & { readonly acceptsToken: A }
): Layer.Layer<Self, never, ClerkAuth> => Layer.effect(tag, makeFor(tag))

/**
 * Builds the implementation of `ClerkAuthMiddleware` with the `ClerkAuth` of the context.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<ServiceFor<"session_token">, never, ClerkAuth> = makeFor(ClerkAuthMiddleware)

/**
 * The implementation of `ClerkAuthMiddleware`; needs `ClerkAuth` (in `ClerkLive` and the other client layers).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer: Layer.Layer<ClerkAuthMiddleware, never, ClerkAuth> = layerFor(ClerkAuthMiddleware)

/**
 * `HttpRouter` / `HttpApp` middleware accepting `acceptsToken`: runs `app` with `CurrentSession`,
 * `CurrentMachine` or `CurrentAuth` (see `ProvidedBy`) when the request is authenticated; answers 401
 * `{ "error": "Unauthorized", "reason": … }` when it is not, and 503 `{ "error": "Service Unavailable" }` when Clerk
 * cannot be reached (the cause is logged as a warning), exactly as `ClerkAuthMiddleware` does.
 *
 * ```ts
 * HttpRouter.get("/reports", requireAuth(["m2m_token", "api_key"])(Effect.map(CurrentMachine, (m) => ...)))
 * ```
 *
 * @since 0.4.0
 * @category middleware
 */
export const requireAuth = <const A extends AcceptsToken>(acceptsToken: A) => {
  const toValue = providedValue(familyOf(acceptsToken))
  const tag = providedTag(acceptsToken) as Context.Tag<any, any>
  return <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, Exclude<R, ProvidedBy<A>> | ClerkAuth> =>
    Effect.flatMap(
      HttpServerRequest.HttpServerRequest,
      (request) =>
        Effect.flatMap(ClerkAuth, (auth) =>
          Effect.matchEffect(verdict(auth, request, acceptsToken), {
            onFailure: (failure) => Effect.succeed(failureResponse(failure)),
            onSuccess: (authenticated) => Effect.provideService(app, tag, toValue(authenticated))
          }))
    ) as HttpApp.Default<E, Exclude<R, ProvidedBy<A>> | ClerkAuth>
}

/**
 * `HttpRouter` / `HttpApp` middleware for session tokens: `requireAuth("session_token")`. Runs `app` with the
 * request's session as `CurrentSession` when it is signed in; answers 401 `{ "error": "Unauthorized", "reason": … }`
 * when it is not, and 503 `{ "error": "Service Unavailable" }` when the instance's keys cannot be fetched. Use it on
 * a whole router (`HttpRouter.use(requireSession)`) or on one route (`HttpRouter.get("/me", requireSession(handler))`).
 *
 * @since 0.3.0
 * @category middleware
 */
export const requireSession: <E, R>(
  app: HttpApp.Default<E, R>
) => HttpApp.Default<E, Exclude<R, CurrentSession> | ClerkAuth> = requireAuth("session_token")
