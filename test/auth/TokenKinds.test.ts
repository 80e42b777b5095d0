/**
 * A session token is never accepted as a machine token, nor the reverse, and a token of another instance never
 * verifies (issue 19, item 7): tokens crafted here as Clerk makes them (keys generated in the test), told apart by
 * Clerk's rules (`@clerk/backend` 3.25 `tokens/machine.ts`, `jwtCategories.ts`): the `cat` header (session
 * `cl_B7d4PD111AAA`, JWT template `cl_B7d4PD222AAA`, M2M `cl_B7d4PD333AAA`), `typ` `at+jwt` for OAuth access
 * tokens, a `sub` of `mch_…` for M2M tokens, and the `mt_`/`oat_`/`ak_` prefixes of opaque ones. No Backend API
 * call may happen: opaque tokens of a kind not accepted are refused before any.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Schema, TestClock } from "effect"
import { ClerkAuth, ClerkConfig, ClerkHttpClient, JsonWebKeySet, Jwks } from "../../src/index.js"
import { issuedAt, jwksOf, makeKey, sign, type TestKey, v2Claims } from "../support/SessionTokens.js"

const category = { session: "cl_B7d4PD111AAA", template: "cl_B7d4PD222AAA", m2m: "cl_B7d4PD333AAA" }

const times = { iat: issuedAt, nbf: issuedAt - 5, exp: issuedAt + 3600 }
const m2mClaims = {
  iss: "https://clerk.example.test",
  sub: "mch_2vYVtestmachine",
  jti: "mt_0123",
  scopes: "",
  ...times
}
const oauthClaims = {
  iss: "https://clerk.example.test",
  sub: "user_123",
  jti: "oat_0123",
  client_id: "client_1",
  ...times
}

/** A `ClerkAuth` whose keys are `keys` (or, with `jwtKey`, that PEM only) and which may never call the Backend API. */
const authWith = (keys: ReadonlyArray<TestKey>, options: ClerkAuth.Options & { readonly jwtKey?: string } = {}) => {
  const { jwtKey, ...authOptions } = options
  const jwks = Layer.succeed(
    Jwks.Jwks,
    Jwks.Jwks.of({
      get: () => Effect.succeed(Schema.decodeUnknownSync(JsonWebKeySet)(jwksOf(...keys))),
      getJWKS: () => Effect.dieMessage("ClerkAuth reads the keys with Jwks.get")
    })
  )
  const noBackendApi = Layer.succeed(
    ClerkHttpClient.ClerkHttpClient,
    ClerkHttpClient.ClerkHttpClient.of({ execute: () => Effect.dieMessage("no Backend API call expected") })
  )
  return Layer.build(
    ClerkAuth.layer(authOptions).pipe(
      Layer.provide(jwks),
      Layer.provide(noBackendApi),
      Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_unit"), jwtKey })),
      Layer.orDie
    )
  ).pipe(Effect.map((context) => Context.get(context, ClerkAuth.ClerkAuth)))
}

const bearer = (token: string) => new Request("http://api.test/", { headers: { authorization: `Bearer ${token}` } })
const cookie = (token: string) => new Request("http://api.test/", { headers: { cookie: `__session=${token}` } })

/** What a request comes to: `SignedIn`, the machine's token type, or the reason it is signed out. */
const outcome = (auth: ClerkAuth.Service, request: Request, acceptsToken: ClerkAuth.AcceptsToken) =>
  Effect.map(auth.authenticateRequest(request, { acceptsToken }), (state) =>
    state._tag === "SignedIn"
      ? "SignedIn"
      : state._tag === "AuthenticatedMachine"
      ? state.tokenType
      : state.reason)

const acceptances: ReadonlyArray<ClerkAuth.AcceptsToken> = [
  "session_token",
  "m2m_token",
  "oauth_token",
  "api_key",
  ["m2m_token", "oauth_token", "api_key"],
  "any"
]

const mismatch = "token-type-mismatch"

/** Each crafted token and what each `acceptsToken` of `acceptances` makes of it from the header. */
const table = (key: TestKey) =>
  Effect.gen(function*() {
    const session = v2Claims()
    return [
      {
        name: "session token (cat session)",
        token: yield* sign(key, session, { cat: category.session }),
        expected: ["SignedIn", mismatch, mismatch, mismatch, mismatch, "SignedIn"]
      },
      {
        name: "session token minted before categories (no cat)",
        token: yield* sign(key, session),
        expected: ["SignedIn", mismatch, mismatch, mismatch, mismatch, "SignedIn"]
      },
      {
        name: "JWT template token (cat template, session claims)",
        token: yield* sign(key, session, { cat: category.template }),
        expected: [mismatch, mismatch, mismatch, mismatch, mismatch, mismatch]
      },
      {
        name: "M2M JWT (cat m2m, sub mch_)",
        token: yield* sign(key, m2mClaims, { cat: category.m2m }),
        expected: [mismatch, "m2m_token", mismatch, mismatch, "m2m_token", "m2m_token"]
      },
      {
        name: "M2M JWT without cat (sub mch_)",
        token: yield* sign(key, m2mClaims),
        expected: [mismatch, "m2m_token", mismatch, mismatch, "m2m_token", "m2m_token"]
      },
      {
        name: "session claims under the M2M category",
        token: yield* sign(key, session, { cat: category.m2m }),
        expected: [mismatch, "invalid-claims", mismatch, mismatch, "invalid-claims", "invalid-claims"]
      },
      {
        name: "M2M claims under the session category",
        token: yield* sign(key, m2mClaims, { cat: category.session }),
        expected: [mismatch, mismatch, mismatch, mismatch, mismatch, mismatch]
      },
      {
        name: "M2M claims under the template category",
        token: yield* sign(key, m2mClaims, { cat: category.template }),
        expected: [mismatch, mismatch, mismatch, mismatch, mismatch, mismatch]
      },
      {
        name: "OAuth access token (typ at+jwt)",
        token: yield* sign(key, oauthClaims, { typ: "at+jwt" }),
        expected: [mismatch, mismatch, "oauth_token", mismatch, "oauth_token", "oauth_token"]
      },
      {
        name: "OAuth access token (typ application/at+jwt) carrying the session category",
        token: yield* sign(key, oauthClaims, { typ: "application/at+jwt", cat: category.session }),
        expected: [mismatch, mismatch, "oauth_token", mismatch, "oauth_token", "oauth_token"]
      }
    ]
  })

describe("token kinds: Clerk's cat and typ rules over crafted tokens", () => {
  for (const cacheSize of [10_000, 0]) {
    it.scoped(`each token is only what its header and subject say (verified-token cache ${cacheSize || "off"})`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(issuedAt * 1000)
        const key = yield* makeKey("ins_key_1")
        const auth = yield* authWith([key], { verifiedTokenCacheSize: cacheSize })
        for (const { expected, name, token } of yield* table(key)) {
          // twice: the second pass answers from the verified-token cache (when on), which must not widen anything
          for (const pass of [1, 2]) {
            const got = yield* Effect.forEach(acceptances, (accepts) => outcome(auth, bearer(token), accepts))
            assert.deepStrictEqual(got, expected, `${name}, pass ${pass}`)
          }
          // from the cookie, only a session token is read, whatever is accepted
          const fromCookie = yield* outcome(auth, cookie(token), "any")
          assert.strictEqual(fromCookie, expected[0] === "SignedIn" ? "SignedIn" : mismatch, `${name} in the cookie`)
          const verified = yield* Effect.either(auth.verifyToken(token))
          assert.strictEqual(
            verified._tag === "Right" ? "SignedIn" : verified.left._tag === "TokenInvalid" && verified.left.reason,
            expected[0],
            `${name}, verifyToken`
          )
        }
      }))
  }

  it.scoped("opaque machine tokens are refused as session tokens and as other machine kinds, without a call", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(issuedAt * 1000)
      const auth = yield* authWith([yield* makeKey("ins_key_1")])
      const opaque = { m2m_token: "mt_0123abcd", oauth_token: "oat_0123abcd", api_key: "ak_0123abcd" } as const
      for (const [kind, token] of Object.entries(opaque)) {
        const others = (["session_token", "m2m_token", "oauth_token", "api_key"] as const).filter((k) => k !== kind)
        for (const accepts of others) assert.strictEqual(yield* outcome(auth, bearer(token), accepts), mismatch)
        assert.strictEqual(yield* outcome(auth, cookie(token), "any"), mismatch)
        const verified = yield* Effect.flip(auth.verifyToken(token))
        assert.strictEqual(verified._tag === "TokenInvalid" && verified.reason, mismatch)
      }
    }))

  it.scoped("another instance's tokens never verify: its own kid, a kid this instance also has, or under jwtKey", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(issuedAt * 1000)
      const ours = yield* makeKey("ins_ours")
      const theirs = yield* makeKey("ins_theirs")
      // another instance whose key happens to carry our kid: the signature is what tells
      const impostor = { ...theirs, kid: ours.kid }
      const foreign = { ...v2Claims(), iss: "https://clerk.other-instance.test" }
      const foreignM2M = { ...m2mClaims, iss: "https://clerk.other-instance.test" }
      const foreignOAuth = { ...oauthClaims, iss: "https://clerk.other-instance.test" }
      const tokens = [
        yield* sign(theirs, foreign, { cat: category.session }),
        yield* sign(theirs, foreignM2M, { cat: category.m2m }),
        yield* sign(theirs, foreignOAuth, { typ: "at+jwt" })
      ]
      const sameKid = [
        yield* sign(impostor, foreign, { cat: category.session }),
        yield* sign(impostor, foreignM2M, { cat: category.m2m }),
        yield* sign(impostor, foreignOAuth, { typ: "at+jwt" })
      ]
      const byKeys = yield* authWith([ours])
      const byPem = yield* authWith([], { jwtKey: ours.pem })
      const reasons = (auth: ClerkAuth.Service, list: ReadonlyArray<string>) =>
        Effect.forEach(list, (token) => outcome(auth, bearer(token), "any"))
      assert.deepStrictEqual(yield* reasons(byKeys, tokens), ["unknown-key", "unknown-key", "unknown-key"])
      assert.deepStrictEqual(yield* reasons(byKeys, sameKid), ["signature", "signature", "signature"])
      assert.deepStrictEqual(yield* reasons(byPem, [...tokens, ...sameKid]), Array(6).fill("signature"))
      // while this instance's own tokens of each kind verify, with both
      const own = [
        yield* sign(ours, v2Claims(), { cat: category.session }),
        yield* sign(ours, m2mClaims, { cat: category.m2m }),
        yield* sign(ours, oauthClaims, { typ: "at+jwt" })
      ]
      assert.deepStrictEqual(yield* reasons(byKeys, own), ["SignedIn", "m2m_token", "oauth_token"])
      assert.deepStrictEqual(yield* reasons(byPem, own), ["SignedIn", "m2m_token", "oauth_token"])
    }))
})
