import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { describe, expect, it } from "@effect/vitest"
import {
  Context,
  Deferred,
  Duration,
  Effect,
  Either,
  Fiber,
  Layer,
  Logger,
  Option,
  Redacted,
  Schema,
  TestClock
} from "effect"
import { ClerkAuth, ClerkConfig, ClerkHttpClient, JsonWebKeySet, Jwks, TransportError } from "../../src/index.js"
import * as SessionClaimsModule from "../../src/schemas/SessionClaims.js"
import {
  hs256WithPublicKey,
  issuedAt,
  jwksOf,
  makeKey,
  sign,
  type TestKey,
  unsigned,
  v1Claims,
  v2Claims,
  withPayload
} from "../support/SessionTokens.js"

const now = issuedAt * 1000

/** A `Jwks` double that counts its calls; `answer` is read at each call, `gate` (when set) holds every call. */
interface JwksDouble {
  answer: Either.Either<JsonWebKeySet, TransportError>
  calls: number
  gate: Deferred.Deferred<void> | undefined
}

const decodeJwks = Schema.decodeUnknownSync(JsonWebKeySet)

const jwksDouble = (...keys: ReadonlyArray<TestKey>): JwksDouble => ({
  answer: Either.right(decodeJwks(jwksOf(...keys))),
  calls: 0,
  gate: undefined
})

const transportError = new TransportError({ method: "GET", path: "/v1/jwks", failure: "Timeout", detail: "no answer" })

const authLayer = (
  double: JwksDouble,
  options: Partial<ClerkConfig.Options> & ClerkAuth.Options = {}
): Layer.Layer<ClerkAuth.ClerkAuth> => {
  const { crypto, jwksMinRefetchInterval, jwksTtl, verifiedTokenCacheSize, ...config } = options
  const jwks = Layer.succeed(
    Jwks.Jwks,
    Jwks.Jwks.of({
      get: () =>
        Effect.suspend(() => {
          double.calls++
          const answer = Effect.suspend(() => double.answer)
          return double.gate === undefined ? answer : Effect.zipRight(Deferred.await(double.gate), answer)
        }),
      getJWKS: () => Effect.dieMessage("ClerkAuth reads the keys with Jwks.get")
    })
  )
  return ClerkAuth.layer({ crypto, jwksMinRefetchInterval, jwksTtl, verifiedTokenCacheSize }).pipe(
    Layer.provide(jwks),
    Layer.provide(noBackendApi),
    Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_unit"), ...config })),
    Layer.orDie
  )
}

/** A `ClerkHttpClient` for layers that never call the Backend API (session tokens only): any call is a defect. */
const noBackendApi = Layer.succeed(
  ClerkHttpClient.ClerkHttpClient,
  ClerkHttpClient.ClerkHttpClient.of({ execute: () => Effect.dieMessage("no Backend API call expected") })
)

const atIssue = TestClock.setTime(now)

/** The service of a layer kept open for the rest of the test (its key cache lives as long as the layer). */
const built = (layer: Layer.Layer<ClerkAuth.ClerkAuth>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context, ClerkAuth.ClerkAuth))

/** At the issue time: a key, a `Jwks` double serving it, and a `ClerkAuth` over them (nothing fetched yet). */
const instance = (options: Partial<ClerkConfig.Options> & ClerkAuth.Options = {}) =>
  Effect.gen(function*() {
    yield* atIssue
    const key = yield* makeKey("ins_key_1")
    const double = jwksDouble(key)
    const auth = yield* built(authLayer(double, options))
    return { key, double, auth }
  })

for (const backend of ["node", "web"] as const) {
  describe(`ClerkAuth.verifyToken (${backend} crypto)`, () => {
    const setup = (options: Partial<ClerkConfig.Options> & ClerkAuth.Options = {}) =>
      instance({ crypto: backend, ...options })

    const reason = (effect: Effect.Effect<unknown, unknown>) =>
      Effect.map(Effect.flip(effect), (e) => (e as { reason?: string }).reason ?? (e as { _tag: string })._tag)

    it.scoped("version 1 and version 2 tokens decode to the same claims", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        const v1 = yield* auth.verifyToken(yield* sign(key, v1Claims()))
        const v2 = yield* auth.verifyToken(yield* sign(key, v2Claims()))
        const { claims: _c1, version: version1, ...common1 } = v1
        const { claims: _c2, version: version2, ...common2 } = v2
        expect([version1, version2]).toEqual([1, 2])
        expect(common2).toEqual(common1)
        expect(v2.orgRole).toEqual(Option.some("org:admin"))
        expect(v2.orgPermissions).toEqual(["org:billing:read", "org:members:read", "org:members:manage"])
        expect(v2.expiresAt.epochMillis).toBe(now + 60_000)
        expect(v2.factorVerificationAge).toEqual(Option.some([3, -1]))
        expect(v2.claims.fea).toBe("o:billing,o:members,u:profile")
      }))

    it.scoped("a v2 token without an organization has no org fields; custom claims are kept", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        const claims = yield* auth.verifyToken(
          yield* sign(key, v2Claims({ o: undefined, fea: undefined, act: { sub: "user_admin" }, plan: "pro" }))
        )
        expect([claims.orgId, claims.orgRole, claims.orgSlug]).toEqual([Option.none(), Option.none(), Option.none()])
        expect(claims.orgPermissions).toEqual([])
        expect(claims.actor).toEqual(Option.some({ sub: "user_admin" }))
        expect(claims.claims.plan).toBe("pro")
      }))

    it.scoped("a Redacted token verifies like a string", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        const claims = yield* auth.verifyToken(Redacted.make(yield* sign(key, v2Claims())))
        expect(claims.sessionId).toBe("sess_123")
      }))

    it.scoped("malformed: garbage, two parts, non-JSON parts, bad base64url, oversize, empty", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        const good = yield* sign(key, v2Claims())
        const [header, payload, signature] = good.split(".")
        const bad = [
          "garbage",
          `${header}.${payload}`,
          `${header}.${payload}.${signature}.x`,
          `bm90IGpzb24.${payload}.${signature}`,
          `${header}.bm90IGpzb24.${signature}`,
          `${header}.${payload}.sig*nature`,
          `${header}.${payload}.${signature}abc`,
          `${header}.${"A".repeat(16 * 1024)}.${signature}`,
          ""
        ]
        for (const token of bad) expect(yield* reason(auth.verifyToken(token))).toBe("malformed")
        expect(double(yield* reason(auth.verifyToken(42 as unknown as string)))).toBe("malformed")
      }))

    it.scoped("algorithm: alg none, and HS256 keyed with the public key's bytes, are refused before any key", () =>
      Effect.gen(function*() {
        const { auth, key, double } = yield* setup()
        expect(yield* reason(auth.verifyToken(unsigned(key.kid, v2Claims())))).toBe("algorithm")
        expect(yield* reason(auth.verifyToken(yield* hs256WithPublicKey(key, v2Claims())))).toBe("algorithm")
        expect(double.calls).toBe(0)
      }))

    it.scoped("signature: another key under the same kid, and a tampered payload", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        const impostor = yield* makeKey(key.kid)
        expect(yield* reason(auth.verifyToken(yield* sign(impostor, v2Claims())))).toBe("signature")
        const good = yield* sign(key, v2Claims())
        expect(yield* reason(auth.verifyToken(withPayload(good, v2Claims({ sub: "user_admin" }))))).toBe("signature")
      }))

    it.scoped("expired beyond the clock skew is refused, within it accepted", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup({ clockSkew: "5 seconds" })
        const token = yield* sign(key, v2Claims())
        yield* TestClock.setTime(now + 60_000 + 4_000)
        expect((yield* auth.verifyToken(token)).sessionId).toBe("sess_123")
        yield* TestClock.setTime(now + 60_000 + 5_000)
        const error = yield* Effect.flip(auth.verifyToken(token))
        expect(error).toMatchObject({ _tag: "TokenInvalid", reason: "expired" })
      }))

    it.scoped("not yet valid: nbf or iat ahead beyond the skew", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup({ clockSkew: "5 seconds" })
        const ahead = (seconds: number) => v2Claims({ nbf: issuedAt + seconds, iat: issuedAt + seconds })
        expect(yield* reason(auth.verifyToken(yield* sign(key, ahead(6))))).toBe("not-yet-valid")
        expect(yield* reason(auth.verifyToken(yield* sign(key, v2Claims({ iat: issuedAt + 30 }))))).toBe(
          "not-yet-valid"
        )
        expect((yield* auth.verifyToken(yield* sign(key, ahead(4)))).sessionId).toBe("sess_123")
      }))

    it.scoped("azp: allowed, refused, or absent when authorizedParties is set; anything when it is not", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup({ authorizedParties: ["https://app.example.test"] })
        expect((yield* auth.verifyToken(yield* sign(key, v2Claims()))).authorizedParty).toEqual(
          Option.some("https://app.example.test")
        )
        const evil = yield* sign(key, v2Claims({ azp: "https://evil.example" }))
        expect(yield* reason(auth.verifyToken(evil))).toBe("unauthorized-party")
        expect((yield* auth.verifyToken(yield* sign(key, v2Claims({ azp: undefined })))).authorizedParty).toEqual(
          Option.none()
        )
        const open = yield* built(authLayer(jwksDouble(key), { crypto: backend }))
        expect((yield* open.verifyToken(evil)).authorizedParty).toEqual(Option.some("https://evil.example"))
      }))

    it.scoped("invalid-claims: a signed token without sid, sub or exp, or of an unknown version", () =>
      Effect.gen(function*() {
        const { auth, key } = yield* setup()
        for (const missing of ["sid", "sub", "exp", "iat", "iss"]) {
          const error = yield* Effect.flip(auth.verifyToken(yield* sign(key, v2Claims({ [missing]: undefined }))))
          expect(error).toMatchObject({ reason: "invalid-claims" })
          expect(error.message).toContain(missing)
        }
        expect(yield* reason(auth.verifyToken(yield* sign(key, v2Claims({ v: 3 }))))).toBe("invalid-claims")
        expect(yield* reason(auth.verifyToken(yield* sign(key, v2Claims({ exp: "later" }))))).toBe("invalid-claims")
      }))

    it.scoped("unknown-key: a kid the instance does not have, and a token without kid", () =>
      Effect.gen(function*() {
        const { auth } = yield* setup()
        const stranger = yield* makeKey("ins_stranger")
        expect(yield* reason(auth.verifyToken(yield* sign(stranger, v2Claims())))).toBe("unknown-key")
        expect(yield* reason(auth.verifyToken(yield* sign(stranger, v2Claims(), { kid: undefined })))).toBe(
          "unknown-key"
        )
      }))

    it.scoped("a key under 2048 bits in the JWKS is never used", () =>
      Effect.gen(function*() {
        yield* atIssue
        const weak = yield* makeKey("ins_weak", 1024)
        const auth = yield* built(authLayer(jwksDouble(weak), { crypto: backend }))
        expect(yield* reason(auth.verifyToken(yield* sign(weak, v2Claims())))).toBe("unknown-key")
      }))
  })
}

/** Identity, so a literal check reads as one expectation. */
const double = <A>(a: A) => a

describe("ClerkAuth key cache", () => {
  const build = (double: JwksDouble, options: Partial<ClerkConfig.Options> & ClerkAuth.Options = {}) =>
    built(authLayer(double, options))

  it.scoped("1,000 concurrent verifications on a cold cache make one JWKS request", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance()
      double.gate = yield* Deferred.make<void>()
      const token = yield* sign(key, v2Claims())
      const fibers = yield* Effect.forEach(
        Array.from({ length: 1000 }),
        () => Effect.fork(auth.verifyToken(token)),
        { concurrency: "unbounded" }
      )
      yield* Effect.yieldNow()
      yield* Deferred.succeed(double.gate, undefined)
      const claims = yield* Fiber.joinAll(fibers)
      expect(claims).toHaveLength(1000)
      expect(claims.every((c) => c.sessionId === "sess_123")).toBe(true)
      expect(double.calls).toBe(1)
    }))

  it.scoped("forged kids refetch at most once per minimum interval", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance({ jwksMinRefetchInterval: "5 seconds" })
      yield* auth.verifyToken(yield* sign(key, v2Claims()))
      expect(double.calls).toBe(1)
      const forger = yield* makeKey("forged")
      const forged = yield* Effect.forEach(
        Array.from({ length: 300 }, (_, i) => i),
        (i) => sign(forger, v2Claims(), { kid: `forged_${i}` })
      )
      // within the interval of the first fetch: no refetch at all
      yield* Effect.forEach(forged.slice(0, 100), (t) => Effect.flip(auth.verifyToken(t)), { concurrency: 50 })
      expect(double.calls).toBe(1)
      // past it: one refetch for 100 concurrent forged kids
      yield* TestClock.adjust("5 seconds")
      const errors = yield* Effect.forEach(forged.slice(100, 200), (t) => Effect.flip(auth.verifyToken(t)), {
        concurrency: "unbounded"
      })
      expect(errors.every((e) => e._tag === "TokenInvalid" && e.reason === "unknown-key")).toBe(true)
      expect(double.calls).toBe(2)
      yield* TestClock.adjust("4 seconds")
      yield* Effect.forEach(forged.slice(200), (t) => Effect.flip(auth.verifyToken(t)))
      expect(double.calls).toBe(2)
      yield* TestClock.adjust("1 second")
      yield* Effect.flip(auth.verifyToken(forged[0]!))
      expect(double.calls).toBe(3)
    }))

  it.scoped("the minimum interval is capped at 10 seconds", () =>
    Effect.gen(function*() {
      const { auth, double } = yield* instance({ jwksMinRefetchInterval: "1 hour" })
      const forged = yield* sign(yield* makeKey("forged"), v2Claims())
      yield* Effect.flip(auth.verifyToken(forged))
      yield* TestClock.adjust("10 seconds")
      yield* Effect.flip(auth.verifyToken(forged))
      expect(double.calls).toBe(2)
    }))

  it.scoped("a rotated key is accepted after exactly one refetch", () =>
    Effect.gen(function*() {
      yield* atIssue
      const old = yield* makeKey("ins_old")
      const double = jwksDouble(old)
      const auth = yield* build(double)
      yield* auth.verifyToken(yield* sign(old, v2Claims()))
      yield* TestClock.adjust("1 minute")
      const rotated = yield* makeKey("ins_new")
      double.answer = Either.right(decodeJwks(jwksOf(old, rotated)))
      const tokens = yield* Effect.forEach(Array.from({ length: 50 }), () => sign(rotated, v2Claims()))
      const claims = yield* Effect.forEach(tokens, (t) => auth.verifyToken(t), { concurrency: "unbounded" })
      expect(claims).toHaveLength(50)
      expect(double.calls).toBe(2)
      // the old key is still held
      yield* auth.verifyToken(yield* sign(old, v2Claims()))
      expect(double.calls).toBe(2)
    }))

  it.scoped("with jwtKey no request is ever made, whatever the kid", () =>
    Effect.gen(function*() {
      yield* atIssue
      const key = yield* makeKey("ins_key_1")
      const double = jwksDouble()
      double.answer = Either.left(transportError)
      const auth = yield* build(double, { jwtKey: key.pem })
      expect((yield* auth.verifyToken(yield* sign(key, v2Claims()))).userId).toBe("user_123")
      expect((yield* auth.verifyToken(yield* sign(key, v2Claims(), { kid: "anything" }))).userId).toBe("user_123")
      const other = yield* makeKey("ins_key_1")
      expect(yield* Effect.flip(auth.verifyToken(yield* sign(other, v2Claims())))).toMatchObject({
        reason: "signature"
      })
      expect(double.calls).toBe(0)
    }))

  it.scoped("jwtKey pasted on one line or with literal \\n verifies the same", () =>
    Effect.gen(function*() {
      yield* atIssue
      const key = yield* makeKey("ins_key_1")
      const token = yield* sign(key, v2Claims())
      for (const pem of [key.pem.replace(/\n/g, ""), key.pem.replace(/\n/g, "\\n"), `  ${key.pem}\n\n`]) {
        const auth = yield* build(jwksDouble(), { jwtKey: pem })
        expect((yield* auth.verifyToken(token)).sessionId).toBe("sess_123")
      }
    }))

  it.scoped("two instances never share keys", () =>
    Effect.gen(function*() {
      yield* atIssue
      const keyA = yield* makeKey("ins_shared_kid")
      const keyB = yield* makeKey("ins_other")
      const doubleB = jwksDouble(keyB)
      const a = yield* build(jwksDouble(keyA))
      const b = yield* build(doubleB)
      const tokenA = yield* sign(keyA, v2Claims())
      expect((yield* a.verifyToken(tokenA)).sessionId).toBe("sess_123")
      expect(yield* Effect.flip(b.verifyToken(tokenA))).toMatchObject({ reason: "unknown-key" })
      // B learning a key under A's kid still does not make A's token valid on B
      const impostor = yield* makeKey("ins_shared_kid")
      doubleB.answer = Either.right(decodeJwks(jwksOf(keyB, impostor)))
      yield* TestClock.adjust("10 seconds")
      expect(yield* Effect.flip(b.verifyToken(tokenA))).toMatchObject({ reason: "signature" })
    }))

  it.scoped("past the TTL the held keys keep working while the JWKS is refetched; a failed refetch keeps them", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance({ jwksTtl: "5 minutes", clockSkew: "1 hour" })
      const token = yield* sign(key, v2Claims({ exp: issuedAt + 3600 }))
      yield* auth.verifyToken(token)
      yield* TestClock.adjust("4 minutes")
      yield* auth.verifyToken(token)
      expect(double.calls).toBe(1)
      yield* TestClock.adjust("2 minutes")
      double.answer = Either.left(transportError)
      const warnings: Array<string> = []
      const logger = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message }) => warnings.push(`${logLevel.label} ${String(message)}`))
      )
      expect((yield* auth.verifyToken(token).pipe(Effect.provide(logger))).sessionId).toBe("sess_123")
      yield* Effect.yieldNow()
      expect(double.calls).toBe(2)
      expect(warnings.some((line) => line.startsWith("WARN") && line.includes("keeping the keys held"))).toBe(true)
      expect((yield* auth.verifyToken(token)).sessionId).toBe("sess_123")
      expect(double.calls).toBe(2)
    }))

  it.scoped("a JWKS failure on a cold cache is the client's typed error, not TokenInvalid or SignedOut", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance()
      double.answer = Either.left(transportError)
      const token = yield* sign(key, v2Claims())
      // the same error (Effect's spans may wrap it in a proxy that records the span, so compare its fields)
      const expected = { _tag: "TransportError", failure: "Timeout", detail: "no answer" }
      expect(yield* Effect.flip(auth.verifyToken(token))).toMatchObject(expected)
      const request = new Request("http://app.test/", { headers: { authorization: `Bearer ${token}` } })
      expect(yield* Effect.flip(auth.authenticateRequest(request))).toMatchObject(expected)
      // the failure is not cached: the next verification fetches again and succeeds
      double.answer = Either.right(decodeJwks(jwksOf(key)))
      expect((yield* auth.verifyToken(token)).sessionId).toBe("sess_123")
      expect(double.calls).toBe(3)
    }))

  it.scoped("interrupting the verification that started a fetch does not cancel it for the others", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance()
      double.gate = yield* Deferred.make<void>()
      const token = yield* sign(key, v2Claims())
      const first = yield* Effect.fork(auth.verifyToken(token))
      yield* Effect.yieldNow()
      const second = yield* Effect.fork(auth.verifyToken(token))
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(first)
      yield* Deferred.succeed(double.gate, undefined)
      expect((yield* Fiber.join(second)).sessionId).toBe("sess_123")
      expect(double.calls).toBe(1)
    }))
})

describe("ClerkAuth verified-token cache", () => {
  it.scoped("a token sent again is answered from the cache (the same claims, not verified again)", () =>
    Effect.gen(function*() {
      const { auth, key } = yield* instance()
      const token = yield* sign(key, v2Claims())
      const first = yield* auth.verifyToken(token)
      expect(yield* auth.verifyToken(token)).toBe(first)
      const request = new Request("http://app.test/", { headers: { authorization: `Bearer ${token}` } })
      const state = yield* auth.authenticateRequest(request)
      expect(state._tag === "SignedIn" && state.claims).toBe(first)
    }))

  it.scoped("verifiedTokenCacheSize 0 turns it off: every use of a token is verified afresh", () =>
    Effect.gen(function*() {
      const { auth, key } = yield* instance({ verifiedTokenCacheSize: 0 })
      const token = yield* sign(key, v2Claims())
      const first = yield* auth.verifyToken(token)
      const second = yield* auth.verifyToken(token)
      expect(second).not.toBe(first)
      expect(second).toEqual(first)
      const request = new Request("http://app.test/", { headers: { authorization: `Bearer ${token}` } })
      const state = yield* auth.authenticateRequest(request)
      expect(state._tag === "SignedIn" && state.claims).not.toBe(first)
    }))

  it.scoped("a remembered token is refused once it expires: exp is checked on every use", () =>
    Effect.gen(function*() {
      const { auth, key } = yield* instance({ clockSkew: "5 seconds" })
      const token = yield* sign(key, v2Claims())
      const first = yield* auth.verifyToken(token)
      yield* TestClock.adjust("64 seconds")
      expect(yield* auth.verifyToken(token)).toBe(first)
      yield* TestClock.adjust("1 second")
      expect(yield* Effect.flip(auth.verifyToken(token))).toMatchObject({ reason: "expired" })
    }))

  it.scoped("at most verifiedTokenCacheSize tokens are remembered, the oldest forgotten first", () =>
    Effect.gen(function*() {
      const { auth, key } = yield* instance({ verifiedTokenCacheSize: 2 })
      const tokens = yield* Effect.forEach([1, 2, 3], (n) => sign(key, v2Claims({ n })))
      const claims = yield* Effect.forEach(tokens, (token) => auth.verifyToken(token))
      expect(yield* auth.verifyToken(tokens[2]!)).toBe(claims[2])
      expect(yield* auth.verifyToken(tokens[1]!)).toBe(claims[1])
      const again = yield* auth.verifyToken(tokens[0]!)
      expect(again).not.toBe(claims[0])
      expect(again).toEqual(claims[0])
    }))

  it.scoped("a token whose key left the key set is verified afresh, and refused, though it was remembered", () =>
    Effect.gen(function*() {
      const { auth, double, key } = yield* instance({ jwksTtl: "1 minute", clockSkew: "1 hour" })
      const token = yield* sign(key, v2Claims())
      const first = yield* auth.verifyToken(token)
      double.answer = Either.right(decodeJwks(jwksOf(yield* makeKey("ins_key_2"))))
      yield* TestClock.adjust("2 minutes")
      // past the TTL the held key still answers while the set is refetched behind
      expect(yield* auth.verifyToken(token)).toBe(first)
      // once the new set is in (its keys are imported asynchronously), the remembered token's key is gone
      const tick = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 10)))
      const outcome = yield* Effect.either(auth.verifyToken(token)).pipe(
        Effect.zipLeft(tick),
        Effect.repeat({ until: Either.isLeft, times: 100 })
      )
      expect(outcome).toMatchObject({ left: { reason: "unknown-key" } })
      expect(double.calls).toBe(2)
    }))

  it.scoped("a token forged to end like a remembered one is not answered from the cache", () =>
    Effect.gen(function*() {
      const { auth, key } = yield* instance()
      const token = yield* sign(key, v2Claims())
      yield* auth.verifyToken(token)
      const [header, , signature] = token.split(".")
      const forged = `${header}.${
        Buffer.from(JSON.stringify(v2Claims({ sub: "user_evil" }))).toString("base64url")
      }.${signature}`
      expect(yield* Effect.flip(auth.verifyToken(forged))).toMatchObject({ reason: "signature" })
      expect((yield* auth.verifyToken(token)).userId).toBe("user_123")
    }))
})

describe("ClerkAuth.authenticateRequest", () => {
  const setup = Effect.gen(function*() {
    yield* atIssue
    const key = yield* makeKey("ins_key_1")
    const auth = yield* built(authLayer(jwksDouble(key)))
    const valid = yield* sign(key, v2Claims())
    const other = yield* sign(key, v2Claims({ sid: "sess_cookie" }))
    return { auth, valid, other }
  })

  const web = (headers: Record<string, string>) => new Request("http://app.test/api", { headers })
  const both = (headers: Record<string, string>) => [web(headers), HttpServerRequest.fromWeb(web(headers))] as const

  it.scoped("the bearer token first, else the __session cookie, else no-token", () =>
    Effect.gen(function*() {
      const { auth, other, valid } = yield* setup
      for (const request of both({ authorization: `Bearer ${valid}`, cookie: `a=1; __session=${other}; b=2` })) {
        const state = yield* auth.authenticateRequest(request)
        expect(state._tag === "SignedIn" && state.claims.sessionId).toBe("sess_123")
        expect(state._tag === "SignedIn" && Redacted.value(state.token)).toBe(valid)
      }
      for (const request of both({ cookie: `a=1; __session=${other}` })) {
        const state = yield* auth.authenticateRequest(request)
        expect(state._tag === "SignedIn" && state.claims.sessionId).toBe("sess_cookie")
      }
      for (const request of both({ authorization: "Basic dXNlcjpwYXNz", cookie: `__session=${other}` })) {
        const state = yield* auth.authenticateRequest(request)
        expect(state._tag === "SignedIn" && state.claims.sessionId).toBe("sess_cookie")
      }
      for (const request of both({ cookie: "__session_abc=x; other=y" })) {
        expect(yield* auth.authenticateRequest(request)).toMatchObject({ _tag: "SignedOut", reason: "no-token" })
      }
    }))

  it.scoped("an invalid bearer token is SignedOut with its reason, even with a valid cookie", () =>
    Effect.gen(function*() {
      const { auth, other, valid } = yield* setup
      for (const request of both({ authorization: `bearer ${valid}x`, cookie: `__session=${other}` })) {
        const state = yield* auth.authenticateRequest(request)
        expect(state).toMatchObject({ _tag: "SignedOut", reason: "signature" })
      }
      yield* TestClock.adjust("2 minutes")
      const state = yield* auth.authenticateRequest(web({ cookie: `__session=${valid}` }))
      expect(state).toMatchObject({ _tag: "SignedOut", reason: "expired" })
      expect(state._tag === "SignedOut" && Option.getOrThrow(state.error).reason).toBe("expired")
    }))
})

describe("secrets", () => {
  it.scoped("no token or claim value appears in an error, a state, a log line or JSON", () =>
    Effect.gen(function*() {
      yield* atIssue
      const key = yield* makeKey("ins_key_1")
      const logs: Array<string> = []
      const logger = Logger.replace(Logger.defaultLogger, Logger.make(({ message }) => logs.push(String(message))))
      const auth = yield* built(authLayer(jwksDouble(key)))
      const token = yield* sign(key, v2Claims({ secret_claim: "CLAIM_SECRET" }))
      const tampered = withPayload(token, v2Claims({ secret_claim: "CLAIM_SECRET_2" }))
      const forged = unsigned("CLAIM_SECRET_KID", v2Claims())
      const outputs: Array<unknown> = []
      for (const t of [tampered, forged, `${token}x`, token.slice(0, 40)]) {
        const error = yield* Effect.flip(auth.verifyToken(t)).pipe(Effect.provide(logger))
        outputs.push(error.message, String(error), JSON.stringify(error))
        const state = yield* auth.authenticateRequest(
          new Request("http://a.test/", { headers: { cookie: `__session=${t}` } })
        )
        outputs.push(JSON.stringify(state), String(state))
      }
      const signedIn = yield* auth.authenticateRequest(
        new Request("http://a.test/", { headers: { authorization: `Bearer ${token}` } })
      )
      if (signedIn._tag !== "SignedIn") return yield* Effect.dieMessage("expected SignedIn")
      outputs.push(JSON.stringify({ ...signedIn, claims: undefined }), String(signedIn.token), String(signedIn))
      const text = [...outputs, ...logs].join("\n")
      for (const part of token.split(".")) expect(text).not.toContain(part.slice(0, 24))
      expect(text).not.toContain("CLAIM_SECRET")
      expect(text).not.toContain(tampered.split(".")[1]!.slice(0, 24))
    }))
})

describe("SessionClaims.fromPayload", () => {
  it("v2 permissions come from fea (org features only), o.per and the o.fpm bitmaps", () => {
    const claims = SessionClaimsModule.fromPayload(v2Claims({
      fea: "u:profile,o:billing,ou:members,uo:reports",
      o: { id: "org_1", rol: "member", per: "read,manage,delete", fpm: "1,6,7" }
    }))
    expect(Either.getOrThrow(claims).orgPermissions).toEqual([
      "org:billing:read",
      "org:members:manage",
      "org:members:delete",
      "org:reports:read",
      "org:reports:manage",
      "org:reports:delete"
    ])
  })

  it("a malformed fea element or bitmap is skipped, not a crash", () => {
    const claims = SessionClaimsModule.fromPayload(v2Claims({
      fea: "nocolon,o:billing",
      o: { id: "org_1", per: "read", fpm: "x1,1" }
    }))
    expect(Either.getOrThrow(claims).orgPermissions).toEqual([])
    expect(Either.getOrThrow(claims).orgRole).toEqual(Option.none())
  })

  it("timestamps become DateTime.Utc", () => {
    const claims = Either.getOrThrow(SessionClaimsModule.fromPayload(v2Claims()))
    expect(Duration.toMillis(Duration.millis(claims.expiresAt.epochMillis - claims.issuedAt.epochMillis))).toBe(60_000)
    expect(Option.map(claims.notBefore, (d) => d.epochMillis)).toEqual(Option.some(now - 10_000))
  })
})
