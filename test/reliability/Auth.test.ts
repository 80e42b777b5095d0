/**
 * Request authentication over real sockets (ClerkLive over fetch, ClerkLiveNode over node:http): emulator-minted
 * tokens, single flight counted on the emulator's log, and every way the JWKS request can fail ending as the
 * client's typed error, never as SignedOut.
 */
import { expect } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Http from "node:http"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { ClerkAuth, ClerkConfig, Jwks, Sessions } from "../../src/index.js"
import { liveLayer } from "../support/Transport.js"
import { type ClientOptions, fresh, Loopback, loopbackSuite, withClient, wrongKey } from "./support/Loopback.js"

const { Fault } = ClerkEmulator

/** A token for the newest active session, minted by the emulator through `POST /sessions/{id}/tokens`. */
const mintToken = Effect.gen(function*() {
  const { emulator } = yield* Loopback
  const session = (yield* emulator.sessions).find((s) => s.status === "active")!
  const { jwt } = yield* Sessions.createToken(session.id).pipe(withClient())
  yield* emulator.clearRequests
  return { jwt, session }
})

const jwksRequests = Effect.map(
  Effect.flatMap(Loopback, ({ emulator }) => emulator.requests),
  (requests) => requests.filter((r) => r.method === "GET" && r.path === "/v1/jwks").length
)

/** `effect` with a fresh client layer (a cold key cache) on the suite's emulator. */
const withAuth =
  (options: ClientOptions = {}) => <A, E>(effect: Effect.Effect<A, E, ClerkAuth.ClerkAuth | Jwks.Jwks>) =>
    withClient(options)(effect)

loopbackSuite("ClerkAuth over a real socket", {}, (test) => {
  test("an emulator-minted token verifies; 200 concurrent cold verifications make one JWKS request", () =>
    Effect.gen(function*() {
      yield* fresh
      const { jwt, session } = yield* mintToken
      const claims = yield* Effect.forEach(
        Array.from({ length: 200 }),
        () => ClerkAuth.verifyToken(jwt),
        { concurrency: "unbounded" }
      ).pipe(withAuth())
      expect(claims.every((c) => c.sessionId === session.id && c.userId === session.user_id)).toBe(true)
      expect(yield* jwksRequests).toBe(1)
    }))

  test("Jwks.get answers the emulator's key set, decoded", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const set = yield* Jwks.get().pipe(withAuth())
      expect(set.keys.map((k) => ({ kid: k.kid, kty: k.kty, n: k.n, e: k.e }))).toEqual(
        emulator.jwks.keys.map((k) => ({ kid: k.kid, kty: k.kty, n: k.n, e: k.e }))
      )
    }))

  const failures = [
    ["a 500 Clerk error", Fault.status(500, { path: "/v1/jwks", times: 10 }), "ClerkApiError"],
    ["an HTML 502 page", Fault.html({ path: "/v1/jwks", times: 10 }), "UnexpectedResponse"],
    ["malformed JSON", Fault.malformedJson({ path: "/v1/jwks", times: 10 }), "UnexpectedResponse"],
    ["a reset connection", Fault.reset({ path: "/v1/jwks", times: 10 }), "TransportError"],
    ["no answer in time", Fault.latency("2 seconds", { path: "/v1/jwks", times: 10 }), "TransportError"]
  ] as const
  for (const [what, fault, tag] of failures) {
    test(`JWKS answering ${what} is ${tag} from verifyToken and authenticateRequest, not SignedOut`, () =>
      Effect.gen(function*() {
        const { emulator } = yield* fresh
        const { jwt } = yield* mintToken
        yield* emulator.injectFault(fault)
        const request = new Request("http://app.test/", { headers: { authorization: `Bearer ${jwt}` } })
        const errors = yield* Effect.all([
          Effect.flip(ClerkAuth.verifyToken(jwt)),
          Effect.flip(ClerkAuth.authenticateRequest(request))
        ]).pipe(withAuth({ timeout: "300 millis" }))
        for (const error of errors) {
          expect(error._tag).toBe(tag)
          expect(JSON.stringify(error)).not.toContain(jwt.split(".")[1]!.slice(0, 24))
        }
      }))
  }

  test("a wrong secret key is Unauthorized, not SignedOut", () =>
    Effect.gen(function*() {
      yield* fresh
      const { jwt } = yield* mintToken
      const error = yield* Effect.flip(ClerkAuth.verifyToken(jwt)).pipe(withAuth({ secretKey: wrongKey }))
      expect(error._tag).toBe("Unauthorized")
      expect(JSON.stringify(error)).not.toContain(Redacted.value(wrongKey))
    }))
})

/** A loopback server answering `GET /v1/jwks` with `body` as it is. */
const hostileServer = (body: string) =>
  Effect.acquireRelease(
    Effect.async<Http.Server & { url: string }>((resume) => {
      const server = Http.createServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(body)
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number }
        resume(Effect.succeed(Object.assign(server, { url: `http://127.0.0.1:${address.port}` })))
      })
    }),
    (server) =>
      Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
  )

const rsaKey = { kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" }

loopbackSuite("ClerkAuth with hostile JWKS answers", {}, (test) => {
  const verifyAgainst = (body: string) =>
    Effect.gen(function*() {
      const { jwt } = yield* mintToken
      const server = yield* hostileServer(body)
      const layer = liveLayer.pipe(
        Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make("sk_test_hostile"), apiUrl: server.url })),
        Layer.orDie
      )
      return yield* Effect.flip(ClerkAuth.verifyToken(jwt)).pipe(Effect.provide(layer))
    })

  test("keys that cannot verify a session token are ignored: unknown-key", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const kid = emulator.jwks.keys[0]!.kid
      const bodies = [
        { keys: [{ kty: "EC", kid, crv: "P-256", x: "AA", y: "AA", alg: "ES256", use: "sig" }] },
        { keys: [{ ...rsaKey, kid, n: "!!!not-base64!!!" }] },
        { keys: [{ ...rsaKey, kid, n: "AQAB" }] },
        { keys: [{ ...rsaKey, kid, alg: "HS256", n: emulator.jwks.keys[0]!.n }] },
        { keys: [{ ...rsaKey, kid, use: "enc", n: emulator.jwks.keys[0]!.n }] },
        { keys: [] }
      ]
      for (const body of bodies) {
        const error = yield* verifyAgainst(JSON.stringify(body))
        expect(error).toMatchObject({ _tag: "TokenInvalid", reason: "unknown-key" })
      }
    }))

  test("a key set that is not one is UnexpectedResponse", () =>
    Effect.gen(function*() {
      yield* fresh
      for (const body of ["{\"keys\":\"nope\"}", "[]", "{}", "not json", "{\"keys\":[{\"kid\":1}]}"]) {
        expect((yield* verifyAgainst(body))._tag).toBe("UnexpectedResponse")
      }
    }))

  test("10,000 keys: only a bounded number is imported, the answer is handled", () =>
    Effect.gen(function*() {
      const { emulator } = yield* fresh
      const n = emulator.jwks.keys[0]!.n
      const keys = Array.from({ length: 10_000 }, (_, i) => ({ ...rsaKey, kid: `k${i}`, n }))
      const error = yield* verifyAgainst(JSON.stringify({ keys }))
      expect(error).toMatchObject({ _tag: "TokenInvalid", reason: "unknown-key" })
    }), 60_000)
})
