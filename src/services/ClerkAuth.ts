/**
 * Request authentication: verify Clerk session tokens (RS256 JWTs) networklessly, and tell whether a request is
 * signed in. Keys come from `jwtKey` (no request ever) or from `GET /v1/jwks` through the same client as every
 * Backend API call, cached per layer instance.
 *
 * ```ts
 * const claims = yield* ClerkAuth.verifyToken(token)                 // SessionClaims, or TokenInvalid
 * const state = yield* ClerkAuth.authenticateRequest(request)        // SignedIn | SignedOut
 * if (state._tag === "SignedIn") yield* Sessions.createToken(state.claims.sessionId)
 * ```
 *
 * @since 0.3.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { TokenInvalid, type TokenInvalidReason } from "../errors/TokenInvalid.js"
import * as CompactJws from "../internal/compactJws.js"
import * as KeyCache from "../internal/keyCache.js"
import { type RequestLike, requestToken } from "../internal/requestToken.js"
import { type Backend, defaultBackend, importPem, type RsaKey } from "../internal/rsaKey.js"
import { fromPayload, type SessionClaims } from "../schemas/SessionClaims.js"
import { ClerkConfig } from "./ClerkConfig.js"
import { type GetError, Jwks } from "./Jwks.js"

/**
 * Why keys could not be obtained (`GET /v1/jwks` failed): not a verdict on the token. A server answers 503 to it,
 * not 401.
 *
 * @since 0.3.0
 * @category errors
 */
export type KeysError = GetError

/**
 * Everything `verifyToken` can fail with.
 *
 * @since 0.3.0
 * @category errors
 */
export type VerifyError = TokenInvalid | KeysError

/**
 * A request with a valid session token.
 *
 * @since 0.3.0
 * @category models
 */
export class SignedIn extends Data.TaggedClass("SignedIn")<{
  readonly claims: SessionClaims
  /** The verified token, e.g. to forward it; `Redacted` so it never reaches a log. */
  readonly token: Redacted.Redacted<string>
}> {}

/**
 * A request without a valid session token: `reason` is `"no-token"` or the `TokenInvalid` reason.
 *
 * @since 0.3.0
 * @category models
 */
export class SignedOut extends Data.TaggedClass("SignedOut")<{
  readonly reason: TokenInvalidReason | "no-token"
  /** Why the token was rejected, when there was one. */
  readonly error: Option.Option<TokenInvalid>
}> {}

/**
 * The outcome of `authenticateRequest`.
 *
 * @since 0.3.0
 * @category models
 */
export type AuthState = SignedIn | SignedOut

/**
 * The request authentication API.
 *
 * @since 0.3.0
 * @category models
 */
export interface Service {
  /**
   * Verifies a session token: RS256 signature against the instance's key, `exp`/`nbf`/`iat` within `clockSkew`,
   * `azp` among `authorizedParties` (when configured and present), and the claims of a session token.
   */
  readonly verifyToken: (token: string | Redacted.Redacted<string>) => Effect.Effect<SessionClaims, VerifyError>
  /**
   * Authenticates a request (web `Request` or `HttpServerRequest`): the `Authorization: Bearer` token first, else
   * the `__session` cookie. An invalid or absent token is `SignedOut`; only a failure to obtain keys fails.
   */
  readonly authenticateRequest: (request: RequestLike) => Effect.Effect<AuthState, KeysError>
}

/**
 * The request authentication service.
 *
 * @since 0.3.0
 * @category tags
 */
export class ClerkAuth extends Context.Tag("effect-clerk/ClerkAuth")<ClerkAuth, Service>() {}

/**
 * Settings of the key cache (the `ClerkConfig` holds the rest).
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /** How long fetched keys are used before they are fetched again (in the background). Default 5 minutes. */
  readonly jwksTtl?: Duration.DurationInput | undefined
  /**
   * The least time between two JWKS fetches caused by tokens with an unknown `kid`, at most 10 seconds.
   * Default 5 seconds.
   */
  readonly jwksMinRefetchInterval?: Duration.DurationInput | undefined
  /** `node` (`node:crypto`, the default where available) or `web` (WebCrypto, the default elsewhere). */
  readonly crypto?: Backend | undefined
}

const maxRefetchInterval = Duration.seconds(10)

const invalid = (reason: TokenInvalidReason, detail: string) => new TokenInvalid({ reason, detail })

const spanOptions = { captureStackTrace: false } as const

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`

/**
 * Builds the service. Its key cache lives as long as the scope: one cache per layer instance, never shared.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const config = yield* ClerkConfig
    const jwks = yield* Jwks
    const backend = options.crypto ?? defaultBackend
    const skew = Duration.toMillis(config.clockSkew)
    const parties = config.authorizedParties
    const cache = yield* KeyCache.make({
      fetch: jwks.get(),
      ttl: Duration.decode(options.jwksTtl ?? "5 minutes"),
      minRefetchInterval: Duration.min(
        Duration.decode(options.jwksMinRefetchInterval ?? "5 seconds"),
        maxRefetchInterval
      ),
      backend
    })
    // with `jwtKey`, that key verifies every token whatever its `kid`, and no request is ever made
    const localKey: RsaKey | undefined = config.jwtKey === undefined
      ? undefined
      : yield* Effect.promise(() => importPem(config.jwtKey!, backend))

    /** The claims of a token whose signature checked out, or why they are not acceptable now. */
    const accept = (payload: Record<string, unknown>, now: number): Either.Either<SessionClaims, TokenInvalid> => {
      const claims = fromPayload(payload)
      if (Either.isLeft(claims)) return Either.left(invalid("invalid-claims", claims.left))
      const { exp, iat, nbf, azp } = payload as { exp: number; iat: number; nbf?: number; azp?: string }
      if (exp * 1000 + skew <= now) return Either.left(invalid("expired", `expired ${seconds(now - exp * 1000)} ago`))
      if (nbf !== undefined && nbf * 1000 - skew > now) {
        return Either.left(invalid("not-yet-valid", `not valid for another ${seconds(nbf * 1000 - now)} (nbf)`))
      }
      if (iat * 1000 - skew > now) {
        return Either.left(invalid("not-yet-valid", `issued ${seconds(iat * 1000 - now)} in the future (iat)`))
      }
      if (azp !== undefined && parties.length > 0 && !parties.includes(azp)) {
        return Either.left(invalid("unauthorized-party", "azp is not one of the authorized parties"))
      }
      return Either.right(claims.right)
    }

    const check = (key: RsaKey, jws: CompactJws.DecodedJws): Effect.Effect<SessionClaims, TokenInvalid> => {
      const verdict = (valid: boolean, now: number) =>
        valid ? accept(jws.payload, now) : Either.left(invalid("signature", "the signature does not match the key"))
      const valid = key.verify(jws.signingInput, jws.signature)
      return typeof valid === "boolean"
        ? Effect.flatMap(Clock.currentTimeMillis, (now) => verdict(valid, now))
        : Effect.flatMap(Effect.promise(() => valid), (valid) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => verdict(valid, now)))
    }

    const unknownKey = invalid("unknown-key", "no key of the instance has the token's kid")

    const verify = (token: string): Effect.Effect<SessionClaims, VerifyError> => {
      const jws = CompactJws.decode(token)
      if (jws instanceof TokenInvalid) {
        return Effect.fail(jws)
      }
      if (localKey !== undefined) {
        return check(localKey, jws)
      }
      const kid = jws.kid
      if (kid === undefined) {
        return Effect.fail(invalid("unknown-key", "the token has no kid"))
      }
      return Effect.flatMap(cache.get(kid), (key) =>
        key === undefined ? Effect.fail(unknownKey) : check(key, jws))
    }

    const verifyToken = (token: string | Redacted.Redacted<string>) =>
      Effect.withSpan(
        Effect.suspend(() => {
          const raw: unknown = Redacted.isRedacted(token) ? Redacted.value(token) : token
          return typeof raw === "string" && raw.length > 0
            ? verify(raw)
            : Effect.fail(invalid("malformed", "the token is not a non-empty string"))
        }),
        "ClerkAuth.verifyToken",
        spanOptions
      )

    const authenticateRequest = (request: RequestLike): Effect.Effect<AuthState, KeysError> => {
      const token = requestToken(request)
      if (token === undefined) return Effect.succeed(new SignedOut({ reason: "no-token", error: Option.none() }))
      return verify(token).pipe(
        Effect.map((claims): AuthState => new SignedIn({ claims, token: Redacted.make(token) })),
        Effect.catchTag(
          "TokenInvalid",
          (error) => Effect.succeed(new SignedOut({ reason: error.reason, error: Option.some(error) }))
        ),
        Effect.withSpan("ClerkAuth.authenticateRequest", spanOptions)
      )
    }

    return ClerkAuth.of({ verifyToken, authenticateRequest })
  })

/**
 * The service as a layer; needs `ClerkConfig` and `Jwks` (both in `ClerkLive` and the other client layers).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<ClerkAuth, never, ClerkConfig | Jwks> =>
  Layer.scoped(ClerkAuth, make(options))

/**
 * Verifies a session token with the `ClerkAuth` of the context.
 *
 * @since 0.3.0
 * @category accessors
 */
export const verifyToken = (
  token: string | Redacted.Redacted<string>
): Effect.Effect<SessionClaims, VerifyError, ClerkAuth> => Effect.flatMap(ClerkAuth, (auth) => auth.verifyToken(token))

/**
 * Authenticates a request with the `ClerkAuth` of the context.
 *
 * @since 0.3.0
 * @category accessors
 */
export const authenticateRequest = (request: RequestLike): Effect.Effect<AuthState, KeysError, ClerkAuth> =>
  Effect.flatMap(ClerkAuth, (auth) => auth.authenticateRequest(request))

/**
 * A web `Request` or an `@effect/platform` `HttpServerRequest`.
 *
 * @since 0.3.0
 * @category models
 */
export type { RequestLike }
