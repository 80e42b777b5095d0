/**
 * Request authentication: verify Clerk session tokens (RS256 JWTs) networklessly, machine tokens (M2M tokens,
 * OAuth access tokens, API keys) networklessly when they are JWTs and through the Backend API when they are
 * opaque, and tell who a request is. Keys come from `jwtKey` (no request ever) or from `GET /v1/jwks` through the
 * same client as every Backend API call, cached per layer instance.
 *
 * ```ts
 * const claims = yield* ClerkAuth.verifyToken(token)                 // SessionClaims, or TokenInvalid
 * const state = yield* ClerkAuth.authenticateRequest(request)        // SignedIn | SignedOut
 * if (state._tag === "SignedIn") yield* Sessions.createToken(state.claims.sessionId)
 * const caller = yield* ClerkAuth.authenticateRequest(request, { acceptsToken: ["m2m_token", "api_key"] })
 * if (caller._tag === "AuthenticatedMachine") console.log(caller.tokenType, caller.subject, caller.scopes)
 * ```
 *
 * @since 0.3.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { TokenInvalid, type TokenInvalidReason } from "../errors/TokenInvalid.js"
import * as CompactJws from "../internal/compactJws.js"
import * as KeyCache from "../internal/keyCache.js"
import * as MachineClaims from "../internal/machineClaims.js"
import * as MachineVerify from "../internal/machineVerify.js"
import { operationSpan } from "../internal/operationSpan.js"
import { bearerToken, cookieToken, type RequestLike } from "../internal/requestToken.js"
import { type Backend, defaultBackend, importPem, type RsaKey } from "../internal/rsaKey.js"
import * as TokenTypes from "../internal/tokenType.js"
import * as VerdictCache from "../internal/verdictCache.js"
import * as VerifiedTokens from "../internal/verifiedTokens.js"
import { fromPayload, type SessionClaims } from "../schemas/SessionClaims.js"
import { ClerkConfig } from "./ClerkConfig.js"
import { ClerkHttpClient, type RequestError } from "./ClerkHttpClient.js"
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
 * Why a request could not be authenticated at all: the keys could not be fetched, or Clerk could not be asked about
 * an opaque machine token. Not a verdict on the token: a server answers 503, not 401.
 *
 * @since 0.4.0
 * @category errors
 */
export type AuthenticateError = KeysError | RequestError

/**
 * Everything `verifyToken` can fail with.
 *
 * @since 0.3.0
 * @category errors
 */
export type VerifyError = TokenInvalid | KeysError

/**
 * The kinds of token `authenticateRequest` can accept: Clerk's names (`@clerk/backend`'s `acceptsToken`).
 *
 * @since 0.4.0
 * @category models
 */
export type TokenType = TokenTypes.TokenType

/**
 * The machine kinds: M2M tokens (`mt_…` or JWT), OAuth access tokens (`oat_…` or JWT), API keys (`ak_…`).
 *
 * @since 0.4.0
 * @category models
 */
export type MachineTokenType = TokenTypes.MachineTokenType

/**
 * What `authenticateRequest` accepts: one kind, a list of kinds, or `"any"`.
 *
 * @since 0.4.0
 * @category models
 */
export type AcceptsToken = TokenTypes.AcceptsToken

/**
 * The kinds an `AcceptsToken` accepts, as a union.
 *
 * @since 0.4.0
 * @category models
 */
export type Accepted<A extends AcceptsToken> = A extends "any" ? TokenType
  : A extends ReadonlyArray<infer T extends TokenType> ? T
  : A

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
 * A request with a valid machine token: an M2M token, an OAuth access token or an API key.
 *
 * @since 0.4.0
 * @category models
 */
export class AuthenticatedMachine<T extends MachineTokenType = MachineTokenType>
  extends Data.TaggedClass("AuthenticatedMachine")<{
    readonly tokenType: T
    /** `mt_…`, `oat_…`, `ak_…` (a JWT's `jti`; empty when it has none). */
    readonly id: string
    /** Who: `mch_…` (a machine), `user_…` (the user an OAuth app acts for, or an API key's owner), `org_…`. */
    readonly subject: string
    readonly scopes: ReadonlyArray<string>
    /** The JWT's claims, or the custom claims Clerk keeps for an opaque token. */
    readonly claims: Readonly<Record<string, unknown>>
    /** `None` for a token that never expires. */
    readonly expiresAt: Option.Option<DateTime.Utc>
    /** An API key's name. */
    readonly name: Option.Option<string>
    /** An OAuth access token's application (client id). */
    readonly clientId: Option.Option<string>
    /** The verified token; `Redacted` so it never reaches a log. */
    readonly token: Redacted.Redacted<string>
  }>
{}

/**
 * A request without a valid token of an accepted kind: `reason` is `"no-token"` or the `TokenInvalid` reason
 * (`"token-type-mismatch"` for a token of a kind not accepted).
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
 * An authenticated request whose token is one of the kinds `A` accepts.
 *
 * @since 0.4.0
 * @category models
 */
export type AuthenticatedFor<A extends AcceptsToken> =
  | ("session_token" extends Accepted<A> ? SignedIn : never)
  | ([Exclude<Accepted<A>, "session_token">] extends [never] ? never
    : AuthenticatedMachine<Exclude<Accepted<A>, "session_token">>)

/**
 * The outcome of `authenticateRequest` with `acceptsToken: A`.
 *
 * @since 0.4.0
 * @category models
 */
export type AuthStateFor<A extends AcceptsToken> = AuthenticatedFor<A> | SignedOut

/**
 * The outcome of `authenticateRequest` (session tokens only, the default).
 *
 * @since 0.3.0
 * @category models
 */
export type AuthState = SignedIn | SignedOut

/**
 * Options of `authenticateRequest`.
 *
 * @since 0.4.0
 * @category models
 */
export interface AuthenticateOptions<A extends AcceptsToken> {
  /** Which kinds of token are accepted (default `"session_token"`). Machine tokens are read from `Authorization` only. */
  readonly acceptsToken?: A | undefined
}

/**
 * The request authentication API.
 *
 * @since 0.3.0
 * @category models
 */
export interface Service {
  /**
   * Verifies a session token: RS256 signature against the instance's key, `exp`/`nbf`/`iat` within `clockSkew`,
   * `azp` among `authorizedParties` (when configured and present), the session category, and the claims of a
   * session token.
   */
  readonly verifyToken: (token: string | Redacted.Redacted<string>) => Effect.Effect<SessionClaims, VerifyError>
  /**
   * Authenticates a request (web `Request` or `HttpServerRequest`). Session tokens come from the
   * `Authorization: Bearer` header first, else the `__session` cookie; machine tokens from the header only. A token
   * of a kind `acceptsToken` does not accept, an invalid one, or none is `SignedOut`; only a failure to reach Clerk
   * (keys, or an opaque token's verification) fails.
   */
  readonly authenticateRequest: <const A extends AcceptsToken = "session_token">(
    request: RequestLike,
    options?: AuthenticateOptions<A>
  ) => Effect.Effect<AuthStateFor<A>, AuthenticateError>
}

/**
 * The request authentication service.
 *
 * @since 0.3.0
 * @category tags
 */
export class ClerkAuth extends Context.Tag("effect-clerk/ClerkAuth")<ClerkAuth, Service>() {}

/**
 * Settings of the caches and of machine tokens (the `ClerkConfig` holds the rest).
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
  /**
   * How many verified JWTs (session and machine) are remembered, keyed by the whole token, so that a token sent
   * again is not verified again: expiry, not-before and authorized party are still checked on every use, and a
   * token whose key left the key set is verified afresh. Default 10,000; `0` turns the cache off.
   */
  readonly verifiedTokenCacheSize?: number | undefined
  /**
   * How long Clerk's answer about an opaque machine token (`mt_…`, `oat_…`, `ak_…`) is reused, at most until the
   * token expires. Each verification is a Backend API call, billed and counted in the instance's quota; the price is
   * that a revocation takes up to this long to be seen. Default 10 seconds; `0` asks Clerk every time (concurrent
   * verifications of one token still share one call).
   */
  readonly machineTokenCacheTtl?: Duration.DurationInput | undefined
  /** How many opaque machine tokens' answers are kept (default 10,000). */
  readonly machineTokenCacheSize?: number | undefined
  /** The audiences an OAuth access token must name one of in `aud` (default: none, `aud` is not checked). */
  readonly oauthAudience?: string | ReadonlyArray<string> | undefined
}

const maxRefetchInterval = Duration.seconds(10)

const invalid = (reason: TokenInvalidReason, detail: string) => new TokenInvalid({ reason, detail })

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`

const noToken = new SignedOut({ reason: "no-token", error: Option.none() })

const { accepts } = TokenTypes

const mismatch = (type: TokenType | undefined) =>
  invalid("token-type-mismatch", type === undefined ? "a JWT template token is not accepted" : `${type} not accepted`)

/** What is kept of a verified JWT to answer it again: its claims, its key, and what is re-checked on every use. */
interface Verified {
  readonly type: "session_token" | "m2m_token" | "oauth_token"
  /** A session token's claims (`undefined` for a machine token): what `verifyToken` answers. */
  readonly claims: SessionClaims | undefined
  /** What `authenticateRequest` answers: a session token's `SignedIn` is made when first asked for. */
  result: SignedIn | AuthenticatedMachine | undefined
  readonly kid: string | undefined
  readonly key: RsaKey
  readonly times: Times
  readonly azp: string | undefined
}

/** The time claims of a JWT, in seconds (checked to be numbers). */
interface Times {
  readonly exp: number
  readonly iat: number
  readonly nbf: number | undefined
}

/** The time claims of a machine JWT, or why it has none (session tokens' are checked by `fromPayload`). */
const timesOf = (payload: Record<string, unknown>): Times | string => {
  const { exp, iat, nbf } = payload
  if (typeof exp !== "number" || !Number.isFinite(exp)) return "claim exp is missing or not a number"
  if (typeof iat !== "number" || !Number.isFinite(iat)) return "claim iat is missing or not a number"
  if (nbf !== undefined && (typeof nbf !== "number" || !Number.isFinite(nbf))) return "claim nbf has the wrong type"
  return { exp, iat, nbf }
}

/**
 * Builds the service. Its caches live as long as the scope: one per layer instance, never shared.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const config = yield* ClerkConfig
    const jwks = yield* Jwks
    const http = yield* ClerkHttpClient
    const backend = options.crypto ?? defaultBackend
    const skew = Duration.toMillis(config.clockSkew)
    const parties = config.authorizedParties
    const audience = options.oauthAudience === undefined ? [] : [options.oauthAudience].flat()
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

    /** Verified JWTs by token, oldest first; state of this instance only. */
    const verified = VerifiedTokens.make<Verified>(options.verifiedTokenCacheSize ?? 10_000)

    const machineTtl = Duration.toMillis(Duration.decode(options.machineTokenCacheTtl ?? "10 seconds"))
    const opaque = yield* VerdictCache.make({
      capacity: options.machineTokenCacheSize ?? 10_000,
      lookup: (key: string) => {
        const type = TokenTypes.opaqueType(key)!
        return MachineVerify.verify(http, type, key).pipe(
          operationSpan("ClerkAuth.verifyMachineToken", { "clerk.token_type": type })
        )
      },
      keepFor: (answer, now) =>
        Either.match(answer, {
          onLeft: () => machineTtl, // unknown, revoked, expired: stays so
          onRight: (fields) =>
            Option.match(fields.expiresAt, {
              onNone: () => machineTtl,
              onSome: (expiresAt) => Math.min(machineTtl, expiresAt.epochMillis - now)
            })
        })
    })

    /** Why a JWT is not acceptable at `now` (times and authorized party), or `undefined`. */
    const timeProblem = (times: Times, azp: string | undefined, now: number): TokenInvalid | undefined => {
      const { exp, iat, nbf } = times
      if (exp * 1000 + skew <= now) return invalid("expired", `expired ${seconds(now - exp * 1000)} ago`)
      if (nbf !== undefined && nbf * 1000 - skew > now) {
        return invalid("not-yet-valid", `not valid for another ${seconds(nbf * 1000 - now)} (nbf)`)
      }
      if (iat * 1000 - skew > now) {
        return invalid("not-yet-valid", `issued ${seconds(iat * 1000 - now)} in the future (iat)`)
      }
      if (azp !== undefined && parties.length > 0 && !parties.includes(azp)) {
        return invalid("unauthorized-party", "azp is not one of the authorized parties")
      }
      return undefined
    }

    /** The result of a JWT whose signature checked out, with what to re-check on each use, or why it is refused. */
    const accept = (
      type: "session_token" | "m2m_token" | "oauth_token",
      token: string,
      payload: Record<string, unknown>
    ): Either.Either<Omit<Verified, "kid" | "key">, TokenInvalid> => {
      if (type === "session_token") {
        const claims = fromPayload(payload)
        if (Either.isLeft(claims)) return Either.left(invalid("invalid-claims", claims.left))
        const { exp, iat, nbf, azp } = payload as { exp: number; iat: number; nbf?: number; azp?: string }
        return Either.right({ type, claims: claims.right, result: undefined, times: { exp, iat, nbf }, azp })
      }
      const times = timesOf(payload)
      if (typeof times === "string") return Either.left(invalid("invalid-claims", times))
      const fields = type === "m2m_token"
        ? MachineClaims.fromM2MPayload(payload)
        : MachineClaims.fromOAuthPayload(payload, audience)
      if (MachineClaims.isProblem(fields)) return Either.left(invalid(fields.reason, fields.detail))
      return Either.right({
        type,
        claims: undefined,
        result: new AuthenticatedMachine({ ...fields, token: Redacted.make(token) }),
        times,
        azp: undefined
      })
    }

    /** The result of a JWT whose signature was checked (`valid`), remembered when it is acceptable at `now`. */
    const verdict = (
      type: "session_token" | "m2m_token" | "oauth_token",
      token: string,
      key: RsaKey,
      jws: CompactJws.DecodedJws,
      valid: boolean,
      now: number
    ): Either.Either<Verified, TokenInvalid> => {
      if (!valid) return Either.left(invalid("signature", "the signature does not match the key"))
      const accepted = accept(type, token, jws.payload)
      if (Either.isLeft(accepted)) return Either.left(accepted.left)
      const { azp, claims, result, times } = accepted.right
      const problem = timeProblem(times, azp, now)
      if (problem !== undefined) return Either.left(problem)
      const entry: Verified = { type, claims, result, times, azp, kid: jws.kid, key }
      verified.set(token, entry)
      return Either.right(entry)
    }

    /** Checks the signature of `jws` with `key` (synchronously with `node:crypto`), then its claims and times. */
    const check = (
      type: "session_token" | "m2m_token" | "oauth_token",
      token: string,
      key: RsaKey,
      jws: CompactJws.DecodedJws,
      now: number
    ): Effect.Effect<Verified, TokenInvalid> => {
      const valid = key.verify(jws.signingInput, jws.signature)
      return typeof valid === "boolean"
        ? verdict(type, token, key, jws, valid, now)
        : Effect.flatMap(Effect.promise(() => valid), (valid) => verdict(type, token, key, jws, valid, now))
    }

    const unknownKey = invalid("unknown-key", "no key of the instance has the token's kid")
    const noKid = invalid("unknown-key", "the token has no kid")

    /** Verifies a JWT of an accepted type: one clock reading, the key, the signature, the claims. */
    const verifyJwt = (
      token: string,
      acceptsToken: AcceptsToken,
      fromCookie: boolean
    ): Effect.Effect<Verified, TokenInvalid | KeysError> => {
      const jws = CompactJws.decode(token)
      if (jws instanceof TokenInvalid) return Effect.fail(jws)
      const type = TokenTypes.jwtType(jws)
      if (type === undefined || !accepts(acceptsToken, type) || (fromCookie && type !== "session_token")) {
        return Effect.fail(mismatch(type))
      }
      return Effect.clockWith((clock) => {
        const now = clock.unsafeCurrentTimeMillis()
        // with `jwtKey`, that key verifies every token whatever its `kid`
        if (localKey !== undefined) return check(type, token, localKey, jws, now)
        if (jws.kid === undefined) return Effect.fail(noKid)
        return Effect.flatMap(cache.get(jws.kid, now), (key) =>
          key === undefined ? Effect.fail(unknownKey) : check(type, token, key, jws, now))
      })
    }

    /** A remembered token, if it is still valid now (times, `azp`). */
    const stillValid = (entry: Verified, now: number): Effect.Effect<Verified, TokenInvalid> => {
      const problem = timeProblem(entry.times, entry.azp, now)
      return problem === undefined ? Effect.succeed(entry) : Effect.fail(problem)
    }

    /** A remembered token: answered again while its key is still in the set, else forgotten and verified afresh. */
    const recall = (
      token: string,
      entry: Verified,
      acceptsToken: AcceptsToken,
      fromCookie: boolean
    ): Effect.Effect<Verified, TokenInvalid | KeysError> =>
      Effect.clockWith((clock) => {
        const now = clock.unsafeCurrentTimeMillis()
        if (localKey !== undefined || entry.kid === undefined) {
          return stillValid(entry, now)
        }
        return Effect.flatMap(cache.get(entry.kid, now), (key) => {
          if (key === entry.key) {
            return stillValid(entry, now)
          }
          verified.delete(token)
          return verifyJwt(token, acceptsToken, fromCookie)
        })
      })

    /** Asks Clerk about an opaque machine token (or reuses its recent answer). */
    const verifyOpaque = (type: MachineTokenType, token: string) =>
      Effect.flatMap(opaque.get(token), (answer) =>
        Either.match(answer, {
          onLeft: (error) =>
            Effect.fail(error),
          onRight: (fields) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Option.isSome(fields.expiresAt) && fields.expiresAt.value.epochMillis <= now
                ? Effect.fail(invalid("expired", "the token has expired"))
                : Effect.succeed(new AuthenticatedMachine({ ...fields, tokenType: type, token: Redacted.make(token) })))
        }))

    /** A JWT of a kind `acceptsToken` accepts, remembered or verified. */
    const jwt = (
      token: string,
      acceptsToken: AcceptsToken,
      fromCookie: boolean
    ): Effect.Effect<Verified, TokenInvalid | KeysError> => {
      const entry = verified.get(token)
      if (entry === undefined) return verifyJwt(token, acceptsToken, fromCookie)
      if (!accepts(acceptsToken, entry.type) || (fromCookie && entry.type !== "session_token")) {
        return Effect.fail(mismatch(entry.type))
      }
      return recall(token, entry, acceptsToken, fromCookie)
    }

    /** Verifies a token of any kind `acceptsToken` accepts; `fromCookie`: it came from the `__session` cookie. */
    const verify = (
      token: string,
      acceptsToken: AcceptsToken,
      fromCookie: boolean
    ): Effect.Effect<SignedIn | AuthenticatedMachine, TokenInvalid | AuthenticateError> => {
      const opaqueType = TokenTypes.opaqueType(token)
      if (opaqueType !== undefined) {
        if (fromCookie || !accepts(acceptsToken, opaqueType)) return Effect.fail(mismatch(opaqueType))
        if (token.length > CompactJws.maxTokenLength || !/^[A-Za-z0-9_-]+$/.test(token)) {
          return Effect.fail(invalid("malformed", "not a machine token"))
        }
        return verifyOpaque(opaqueType, token)
      }
      return Effect.map(jwt(token, acceptsToken, fromCookie), (entry) =>
        entry.result ??= new SignedIn({ claims: entry.claims!, token: Redacted.make(token) }))
    }

    // Verification is not spanned: it is CPU-local, and a span of Effect's built-in tracer costs more than the
    // verification itself (bench/RESULTS.md, issue 19); the Backend API calls it makes have their spans.
    const verifyToken = (token: string | Redacted.Redacted<string>) =>
      Effect.suspend(() => {
        const raw: unknown = Redacted.isRedacted(token) ? Redacted.value(token) : token
        if (typeof raw !== "string" || raw.length === 0) {
          return Effect.fail(invalid("malformed", "the token is not a non-empty string"))
        }
        const opaqueType = TokenTypes.opaqueType(raw)
        // only the claims are answered: no `SignedIn` is made
        return opaqueType === undefined
          ? Effect.map(jwt(raw, "session_token", false), (entry) =>
            entry.claims!)
          : Effect.fail(mismatch(opaqueType))
      }) as Effect.Effect<SessionClaims, VerifyError>

    const authenticateRequest = <const A extends AcceptsToken = "session_token">(
      request: RequestLike,
      options?: AuthenticateOptions<A>
    ): Effect.Effect<AuthStateFor<A>, AuthenticateError> => {
      const acceptsToken: AcceptsToken = options?.acceptsToken ?? "session_token"
      const bearer = bearerToken(request)
      const cookie = bearer === undefined && accepts(acceptsToken, "session_token") ? cookieToken(request) : undefined
      const token = bearer ?? cookie
      if (token === undefined) {
        return Effect.succeed(noToken)
      }
      return verify(token, acceptsToken, bearer === undefined).pipe(
        Effect.catchTag(
          "TokenInvalid",
          (error) =>
            Effect.succeed(new SignedOut({ reason: error.reason, error: Option.some(error) }))
        )
      ) as Effect.Effect<AuthStateFor<A>, AuthenticateError>
    }

    return ClerkAuth.of({ verifyToken, authenticateRequest })
  })

/**
 * The service as a layer; needs `ClerkConfig`, `Jwks` and `ClerkHttpClient` (all in `ClerkLive` and the other
 * client layers).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<ClerkAuth, never, ClerkConfig | Jwks | ClerkHttpClient> => Layer.scoped(ClerkAuth, make(options))

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
export const authenticateRequest = <const A extends AcceptsToken = "session_token">(
  request: RequestLike,
  options?: AuthenticateOptions<A>
): Effect.Effect<AuthStateFor<A>, AuthenticateError, ClerkAuth> =>
  Effect.flatMap(ClerkAuth, (auth) => auth.authenticateRequest(request, options))

/**
 * A web `Request` or an `@effect/platform` `HttpServerRequest`.
 *
 * @since 0.3.0
 * @category models
 */
export type { RequestLike }
