import { assert } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { fresh, Loopback, loopbackSuite } from "../reliability/support/Loopback.js"
import { activeSession, clerkLayer, get, type Kind, type Logs, mint, serve } from "./support/Servers.js"

/** A fresh emulator state, a server of `kind` with its own cold client, a valid token for an active session. */
const setup = (kind: Kind, logs: Logs = { lines: [] }) =>
  Effect.gen(function*() {
    const service = yield* fresh
    const clerk = clerkLayer(service)
    const session = yield* activeSession(service)
    const token = yield* mint(service, session.id)
    const url = yield* serve(kind, clerk, logs)
    yield* service.emulator.clearRequests
    return { service, session, token, me: `${url}/me` }
  })

/** The token with its signature's last characters changed: well-formed, signed by nobody. */
const tampered = (token: string) => token.slice(0, -6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA")

const jwksRequests = Effect.map(
  Effect.flatMap(Loopback, ({ emulator }) => emulator.requests),
  (requests) => requests.filter((request) => request.path === "/v1/jwks").length
)

for (const kind of ["router", "api"] as const) {
  const name = kind === "router" ? "requireSession (HttpRouter)" : "ClerkAuthMiddleware (HttpApi)"
  /** What a 401 says: both middlewares answer JSON with the reason. */
  const assertUnauthorized = (
    response: { readonly status: number; readonly body: string },
    reason: string
  ) => {
    assert.strictEqual(response.status, 401)
    assert.deepStrictEqual(JSON.parse(response.body), { error: "Unauthorized", reason })
  }

  loopbackSuite(name, {}, (test) => {
    test("a signed-in request (bearer) reaches the handler with the session's claims as CurrentSession", () =>
      Effect.gen(function*() {
        const { me, service, session, token } = yield* setup(kind)
        const response = yield* get(me, { authorization: `Bearer ${token}` })
        assert.strictEqual(response.status, 200)
        assert.deepStrictEqual(JSON.parse(response.body), {
          sessionId: session.id,
          userId: session.user_id,
          issuer: service.emulator.issuer
        })
        assert.strictEqual(yield* jwksRequests, 1, "keys fetched once from GET /v1/jwks")
      }))

    test("a signed-in request (__session cookie) reaches the handler", () =>
      Effect.gen(function*() {
        const { me, session, token } = yield* setup(kind)
        const response = yield* get(me, { cookie: `theme=dark; __session=${token}; other=1` })
        assert.strictEqual(response.status, 200)
        assert.strictEqual(JSON.parse(response.body).sessionId, session.id)
      }))

    test("no token: 401, and no key is fetched", () =>
      Effect.gen(function*() {
        const { me } = yield* setup(kind)
        assertUnauthorized(yield* get(me), "no-token")
        assertUnauthorized(yield* get(me, { cookie: "theme=dark" }), "no-token")
        assert.strictEqual(yield* jwksRequests, 0)
      }))

    test("an invalid token: 401 (garbage, tampered signature, expired, in the header or the cookie)", () =>
      Effect.gen(function*() {
        const { me, service, session, token } = yield* setup(kind)
        const expired = yield* service.emulator.sessionToken(session.id, { expiresInSeconds: -60 })
        assertUnauthorized(yield* get(me, { authorization: `Bearer ${expired}` }), "expired")
        assertUnauthorized(yield* get(me, { authorization: "Bearer not-a-jwt" }), "malformed")
        assertUnauthorized(yield* get(me, { authorization: `Bearer ${tampered(token)}` }), "signature")
        assertUnauthorized(yield* get(me, { cookie: `__session=${tampered(token)}` }), "signature")
      }))

    test("bearer first: an invalid bearer token is 401 even beside a valid cookie (as authenticateRequest)", () =>
      Effect.gen(function*() {
        const { me, session, token } = yield* setup(kind)
        assertUnauthorized(
          yield* get(me, { authorization: `Bearer ${tampered(token)}`, cookie: `__session=${token}` }),
          "signature"
        )
        const bearerWins = yield* get(me, { authorization: `Bearer ${token}`, cookie: "__session=garbage" })
        assert.strictEqual(bearerWins.status, 200)
        assert.strictEqual(JSON.parse(bearerWins.body).sessionId, session.id)
        // an Authorization header that is not Bearer leaves the cookie in charge
        const basic = yield* get(me, { authorization: "Basic dXNlcjpwYXNz", cookie: `__session=${token}` })
        assert.strictEqual(basic.status, 200)
      }))

    const keyFaults = [
      ["500", ClerkEmulator.Fault.status(500, { path: "/v1/jwks", times: Infinity })],
      ["an HTML page", ClerkEmulator.Fault.html({ path: "/v1/jwks", times: Infinity })],
      ["an HTML page with status 200", ClerkEmulator.Fault.html({ status: 200, path: "/v1/jwks", times: Infinity })],
      ["nothing before the timeout", ClerkEmulator.Fault.latency("3 seconds", { path: "/v1/jwks", times: Infinity })]
    ] as const
    for (const [what, fault] of keyFaults) {
      test(`GET /v1/jwks answering ${what} on a cold cache: 503, not 401; the cause is logged`, () =>
        Effect.gen(function*() {
          const logs: Logs = { lines: [] }
          const { me, service, token } = yield* setup(kind, logs)
          yield* service.emulator.injectFault(fault)
          const bearer = yield* get(me, { authorization: `Bearer ${token}` })
          assert.strictEqual(bearer.status, 503)
          assert.strictEqual(yield* jwksRequests, 1, "one attempt per request, not one per security scheme")
          // the cookie scheme must not turn the bearer's 503 into a 401 (HttpApi tries each scheme)
          const both = yield* get(me, { authorization: `Bearer ${token}`, cookie: `__session=${token}` })
          assert.strictEqual(both.status, 503)
          const cookie = yield* get(me, { cookie: `__session=${token}` })
          assert.strictEqual(cookie.status, 503)
          assert.deepStrictEqual(JSON.parse(cookie.body), { error: "Service Unavailable" })
          assert.isTrue(logs.lines.some((line) => line.includes("keys unavailable")), logs.lines.join("\n"))
          // a signed-out request is still 401: no token needs no key
          assertUnauthorized(yield* get(me), "no-token")
        }).pipe(Effect.ensuring(Effect.flatMap(Loopback, ({ emulator }) => emulator.clearFaults))))
    }

    test("the token appears in no response body, header or log line (debug level included)", () =>
      Effect.gen(function*() {
        const logs: Logs = { lines: [] }
        const { me, service, token } = yield* setup(kind, logs)
        const bad = tampered(token)
        const responses = [
          yield* get(me, { authorization: `Bearer ${token}` }),
          yield* get(me, { authorization: `Bearer ${bad}` }),
          yield* get(me, { cookie: `__session=${bad}` })
        ]
        yield* service.emulator.injectFault(ClerkEmulator.Fault.status(500, { path: "/v1/jwks", times: Infinity }))
        const cold = yield* setup(kind, logs)
        yield* service.emulator.injectFault(ClerkEmulator.Fault.status(500, { path: "/v1/jwks", times: Infinity }))
        responses.push(yield* get(cold.me, { authorization: `Bearer ${cold.token}` }))
        assert.deepStrictEqual(responses.map((r) => r.status), [200, 401, 401, 503])
        assert.isTrue(logs.lines.some((line) => line.includes("signed out")), "signed-out requests are logged")
        for (const secret of [token, bad, cold.token]) {
          const signature = secret.split(".")[2]!
          for (const response of responses) {
            assert.notInclude(response.body, signature)
            for (const [, value] of response.headers) assert.notInclude(value, signature)
          }
          for (const line of logs.lines) assert.notInclude(line, signature)
        }
      }).pipe(Effect.ensuring(Effect.flatMap(Loopback, ({ emulator }) => emulator.clearFaults))))
  })
}
