import { assert } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Jose from "jose"
import { activeSessionId, serverLayer, serverUrl } from "../../examples/get-token.js"
import { clerkLayer, get, mint } from "../http/support/Servers.js"
import { fresh, loopbackSuite } from "../reliability/support/Loopback.js"

/** The example's server on an ephemeral port with its own client; a session token of an active session. */
const setup = Effect.gen(function*() {
  const service = yield* fresh
  const clerk = yield* Layer.build(clerkLayer(service))
  const server = yield* Layer.build(serverLayer(0).pipe(Layer.provide(Layer.succeedContext(clerk))))
  const url = yield* Effect.provide(serverUrl, server)
  const sessionId = yield* activeSessionId(service.emulator)
  const token = yield* mint(service, sessionId)
  return { service, sessionId, token, route: `${url}/api/get-token-example` }
})

loopbackSuite("examples/get-token.ts over a real socket", {}, (test) => {
  test("signed in (bearer): 200 { token }, a JWT of the test template whose signature verifies against the JWKS", () =>
    Effect.gen(function*() {
      const { route, service, sessionId, token } = yield* setup
      const response = yield* get(route, { authorization: `Bearer ${token}` })
      assert.strictEqual(response.status, 200)
      const body = JSON.parse(response.body) as { token: { object: string; jwt: string } }
      assert.strictEqual(body.token.object, "token")
      // the emulator's JWKS, as any Clerk client reads it: GET /v1/jwks with the secret key, over the socket
      const jwks = yield* Effect.promise(() =>
        fetch(`${service.url}/v1/jwks`, {
          headers: { authorization: `Bearer ${Redacted.value(service.emulator.secretKey)}` }
        }).then((r) => r.json() as Promise<Jose.JSONWebKeySet>)
      )
      const { payload, protectedHeader } = yield* Effect.promise(() =>
        Jose.jwtVerify(body.token.jwt, Jose.createLocalJWKSet(jwks), {
          algorithms: ["RS256"],
          issuer: service.emulator.issuer
        })
      )
      assert.strictEqual(protectedHeader.alg, "RS256")
      assert.strictEqual(payload.sid, sessionId)
      assert.strictEqual(payload.purpose, "test", "the claims of the seeded template named test")
      assert.notStrictEqual(body.token.jwt, token, "a new token, not the session token sent")
      const tampered = body.token.jwt.slice(0, -4) + (body.token.jwt.endsWith("AAAA") ? "BBBB" : "AAAA")
      const rejected = yield* Effect.promise(() =>
        Jose.jwtVerify(tampered, Jose.createLocalJWKSet(jwks)).then(() => "verified", () => "rejected")
      )
      assert.strictEqual(rejected, "rejected", "the check above could fail")
    }))

  test("signed in with the __session cookie: 200 with a template token of that session", () =>
    Effect.gen(function*() {
      const { route, sessionId, token } = yield* setup
      const response = yield* get(route, { cookie: `__session=${token}` })
      assert.strictEqual(response.status, 200)
      const jwt = (JSON.parse(response.body) as { token: { jwt: string } }).token.jwt
      assert.strictEqual(Jose.decodeJwt(jwt).sid, sessionId)
    }))

  test("signed out: 401 JSON, and no template token is made", () =>
    Effect.gen(function*() {
      const { route, service } = yield* setup
      yield* service.emulator.clearRequests
      const response = yield* get(route)
      assert.strictEqual(response.status, 401)
      assert.strictEqual(response.headers.get("content-type"), "application/json")
      assert.deepStrictEqual(JSON.parse(response.body), { error: "Unauthorized", reason: "no-token" })
      const unsigned = yield* get(route, { authorization: "Bearer eyJhbGciOiJub25lIn0.e30." })
      assert.strictEqual(unsigned.status, 401)
      const requests = yield* service.emulator.requests
      assert.isFalse(requests.some((request) => request.path.includes("/tokens/")), "no token request sent")
    }))

  test("bearer before cookie: an invalid bearer token is 401 beside a valid cookie", () =>
    Effect.gen(function*() {
      const { route, token } = yield* setup
      const response = yield* get(route, { authorization: "Bearer not-a-jwt", cookie: `__session=${token}` })
      assert.strictEqual(response.status, 401)
      assert.strictEqual(JSON.parse(response.body).reason, "malformed")
    }))
})
