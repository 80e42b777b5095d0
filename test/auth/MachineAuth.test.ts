/**
 * Machine authentication over real sockets against the loopback emulator: M2M tokens (opaque and JWT), API keys
 * and OAuth access tokens (opaque and JWT) issued by the emulator, verified by `ClerkAuth.authenticateRequest`;
 * opaque ones through the Backend API's verify operations (counted on the emulator's log), JWTs networklessly.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert } from "@effect/vitest"
import { Effect, Layer, Option, Redacted, Schedule } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { ClerkAuth, ClerkConfig, ClerkHttpClient, Jwks } from "../../src/index.js"
import { fresh, Loopback, type LoopbackService, loopbackSuite } from "../reliability/support/Loopback.js"

/** A `ClerkAuth` with its own caches over real sockets to the suite's emulator. */
const authLayer = (
  service: LoopbackService,
  options: ClerkAuth.Options = {},
  config: Partial<ClerkConfig.Options> = {}
) =>
  ClerkAuth.layer(options).pipe(
    Layer.provideMerge(Jwks.layer),
    Layer.provideMerge(ClerkHttpClient.layer),
    Layer.provide(FetchHttpClient.layer),
    Layer.provide(
      ClerkConfig.layer({
        secretKey: service.emulator.secretKey,
        apiUrl: service.url,
        retry: Schedule.stop,
        rateLimit: false,
        ...config
      })
    ),
    Layer.orDie
  )

const withAuth =
  (options: ClerkAuth.Options = {}, config: Partial<ClerkConfig.Options> = {}) =>
  <A, E>(effect: Effect.Effect<A, E, ClerkAuth.ClerkAuth | Loopback>): Effect.Effect<A, E, Loopback> =>
    Effect.flatMap(Loopback, (service) => Effect.provide(effect, authLayer(service, options, config)))

const bearer = (token: string) => new Request("http://api.test/", { headers: { authorization: `Bearer ${token}` } })

/** How many requests of the emulator's log went to `path`. */
const calls = (path: string) =>
  Effect.map(
    Effect.flatMap(Loopback, ({ emulator }) => emulator.requests),
    (requests) => requests.filter((request) => request.path === path).length
  )

const machines = Effect.map(Loopback, ({ emulator }) => emulator.machines)

loopbackSuite("ClerkAuth with machine tokens", {}, (test) => {
  test("an opaque M2M token, an API key and an OAuth token authenticate as machines with Clerk's fields", () =>
    Effect.gen(function*() {
      yield* fresh
      const issue = yield* machines
      const m2m = yield* issue.createM2MToken({ scopes: ["mch_reports"], claims: { team: "data" } })
      const key = yield* issue.createApiKey({ subject: "user_owner", name: "CI", scopes: ["read"] })
      const oauth = yield* issue.createOAuthToken({ subject: "user_123", clientId: "client_app", scopes: ["email"] })
      const [a, b, c] = yield* Effect.all([
        ClerkAuth.authenticateRequest(bearer(m2m.token), { acceptsToken: "m2m_token" }),
        ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" }),
        ClerkAuth.authenticateRequest(bearer(oauth.token), { acceptsToken: "oauth_token" })
      ]).pipe(withAuth())
      assert.strictEqual(a._tag, "AuthenticatedMachine")
      if (a._tag !== "AuthenticatedMachine" || b._tag !== "AuthenticatedMachine" || c._tag !== "AuthenticatedMachine") {
        return
      }
      assert.deepStrictEqual(
        [a.tokenType, a.id, a.subject, a.scopes, a.claims],
        ["m2m_token", m2m.id, m2m.subject, ["mch_reports"], { team: "data" }]
      )
      assert.isTrue(a.subject.startsWith("mch_"))
      assert.strictEqual(Option.getOrThrow(a.expiresAt).epochMillis, m2m.expiration)
      assert.deepStrictEqual([b.tokenType, b.id, b.subject, b.scopes, b.name], [
        "api_key",
        key.id,
        "user_owner",
        ["read"],
        Option.some("CI")
      ])
      assert.isTrue(Option.isNone(b.expiresAt))
      assert.deepStrictEqual([c.tokenType, c.subject, c.scopes, c.clientId], [
        "oauth_token",
        "user_123",
        ["email"],
        Option.some("client_app")
      ])
      assert.strictEqual(Redacted.value(c.token), oauth.token)
      assert.strictEqual(yield* calls("/v1/m2m_tokens/verify"), 1)
      assert.strictEqual(yield* calls("/v1/api_keys/verify"), 1)
      assert.strictEqual(yield* calls("/v1/oauth_applications/access_tokens/verify"), 1)
    }))

  test("JWT M2M and OAuth tokens verify without a Backend API call; the OAuth audience is checked", () =>
    Effect.gen(function*() {
      yield* fresh
      const issue = yield* machines
      const m2m = yield* issue.createM2MToken({ format: "jwt", scopes: ["mch_a", "mch_b"] })
      const oauth = yield* issue.createOAuthToken({ format: "jwt", audience: "https://api.example.test" })
      const other = yield* issue.createOAuthToken({ format: "jwt", audience: "https://elsewhere.test" })
      const states = yield* Effect.all([
        ClerkAuth.authenticateRequest(bearer(m2m.token), { acceptsToken: "m2m_token" }),
        ClerkAuth.authenticateRequest(bearer(oauth.token), { acceptsToken: "oauth_token" }),
        ClerkAuth.authenticateRequest(bearer(other.token), { acceptsToken: "oauth_token" })
      ]).pipe(withAuth({ oauthAudience: ["https://api.example.test"] }))
      assert.deepStrictEqual(
        states.map((state) => state._tag === "AuthenticatedMachine" ? [state.tokenType, state.id] : state.reason),
        [["m2m_token", m2m.id], ["oauth_token", oauth.id], "invalid-audience"]
      )
      const requests = yield* Effect.flatMap(Loopback, ({ emulator }) => emulator.requests)
      assert.deepStrictEqual(requests.map((request) => request.path), ["/v1/jwks"])
    }))

  test("revoked, expired, unknown and another instance's credentials are signed out with their reason", () =>
    Effect.gen(function*() {
      yield* fresh
      const issue = yield* machines
      const revoked = yield* issue.createApiKey()
      yield* issue.revoke(revoked.id, "leaked")
      const expired = yield* issue.createM2MToken({ secondsUntilExpiration: -1 })
      const expiredJwt = yield* issue.createM2MToken({ format: "jwt", secondsUntilExpiration: -60 })
      const expiredOAuthJwt = yield* issue.createOAuthToken({ format: "jwt", secondsUntilExpiration: -60 })
      const other = yield* ClerkEmulator.make()
      const foreign = yield* other.machines.createApiKey()
      const foreignJwt = yield* other.machines.createM2MToken({ format: "jwt" })
      const cases = [
        [revoked.token, "revoked"],
        [expired.token, "expired"],
        [expiredJwt.token, "expired"],
        [expiredOAuthJwt.token, "expired"],
        ["ak_made_up_secret", "not-found"],
        [foreign.token, "not-found"],
        [foreignJwt.token, "unknown-key"],
        ["mt_not/a+token", "malformed"]
      ] as const
      const reasons: ReadonlyArray<string> = yield* Effect.forEach(cases, ([token]) =>
        Effect.map(
          ClerkAuth.authenticateRequest(bearer(token), { acceptsToken: "any" }),
          (state) => state._tag === "SignedOut" ? state.reason : state._tag
        )).pipe(withAuth())
      assert.deepStrictEqual(reasons, cases.map(([, reason]) => reason))
    }))

  test("session tokens are never machines, machine tokens never sessions; machine tokens only from the header", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const issue = yield* machines
      const session = (yield* emulator.sessions).find((s) => s.status === "active")!
      const sessionJwt = yield* emulator.sessionToken(session.id)
      const m2mJwt = (yield* issue.createM2MToken({ format: "jwt" })).token
      const key = (yield* issue.createApiKey()).token
      const cookie = (token: string) => new Request("http://api.test/", { headers: { cookie: `__session=${token}` } })
      const reason = <A extends ClerkAuth.AcceptsToken>(request: Request, acceptsToken: A) =>
        Effect.map(
          ClerkAuth.authenticateRequest(request, { acceptsToken }),
          (state) => state._tag === "SignedOut" ? state.reason : state._tag
        )
      const results = yield* Effect.all([
        reason(bearer(sessionJwt), ["m2m_token", "oauth_token", "api_key"]),
        reason(bearer(m2mJwt), "session_token"),
        reason(bearer(key), "session_token"),
        reason(cookie(m2mJwt), "any"),
        reason(cookie(key), "any"),
        reason(cookie(sessionJwt), "api_key"),
        reason(bearer(sessionJwt), "any"),
        reason(bearer(key), ["session_token", "api_key"])
      ]).pipe(withAuth())
      assert.deepStrictEqual(results, [
        "token-type-mismatch",
        "token-type-mismatch",
        "token-type-mismatch",
        "token-type-mismatch",
        "token-type-mismatch",
        "no-token",
        "SignedIn",
        "AuthenticatedMachine"
      ])
      const refused = yield* Effect.flip(ClerkAuth.verifyToken(m2mJwt)).pipe(withAuth())
      assert.strictEqual(refused._tag === "TokenInvalid" && refused.reason, "token-type-mismatch")
    }))

  test("concurrent verifications of one opaque token share one call; its answer is reused until the TTL", () =>
    Effect.gen(function*() {
      yield* fresh
      const issue = yield* machines
      const key = yield* issue.createApiKey()
      const verifyPath = "/v1/api_keys/verify"
      const program = Effect.gen(function*() {
        const states = yield* Effect.forEach(
          Array.from({ length: 50 }),
          () => ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" }),
          { concurrency: "unbounded" }
        )
        assert.isTrue(states.every((state) => state._tag === "AuthenticatedMachine"))
        assert.strictEqual(yield* calls(verifyPath), 1)
        yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        assert.strictEqual(yield* calls(verifyPath), 1, "answered from the cache")
        // revoked meanwhile: seen once the cached answer is older than the TTL, never cached as valid after
        yield* issue.revoke(key.id)
        yield* Effect.sleep("300 millis")
        const after = yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        assert.strictEqual(after._tag === "SignedOut" && after.reason, "revoked")
        assert.strictEqual(yield* calls(verifyPath), 2)
        const again = yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        assert.strictEqual(again._tag === "SignedOut" && again.reason, "revoked")
      })
      yield* program.pipe(withAuth({ machineTokenCacheTtl: "200 millis" }))
    }))

  test("with a TTL of 0 every verification asks Clerk; a failing Backend API is the typed error, not SignedOut", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const key = yield* (yield* machines).createApiKey()
      const program = Effect.gen(function*() {
        yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        assert.strictEqual(yield* calls("/v1/api_keys/verify"), 2)
        yield* emulator.injectFault(ClerkEmulator.Fault.status(500, { path: "/v1/api_keys/verify", times: 1 }))
        const error = yield* Effect.flip(ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" }))
        assert.strictEqual(error._tag, "ClerkApiError")
        assert.notInclude(JSON.stringify(error), key.token)
        // the failure is not cached
        const state = yield* ClerkAuth.authenticateRequest(bearer(key.token), { acceptsToken: "api_key" })
        assert.strictEqual(state._tag, "AuthenticatedMachine")
      })
      yield* program.pipe(withAuth({ machineTokenCacheTtl: 0 }))
    }))
})
