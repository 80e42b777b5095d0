import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../../src/emulator/Fault.js"
import * as Seed from "../../../src/emulator/Seed.js"
import {
  contractPaths,
  declaredStatuses,
  errorsText,
  jwks as jwksSchema,
  paginatedSessions,
  responseValidator
} from "../support/Contract.js"
import { type CallOptions, firstActive, post, type Reply, request } from "../support/Http.js"

const userId = Seed.userId(0)
const wrongKey: CallOptions = { authorization: "Bearer sk_test_wrong" }

interface Fixtures {
  readonly sessionId: string
  readonly jwt: string
  readonly signInTokenId: string
  readonly acceptedSignInTokenId: string
}

interface Scenario {
  readonly name: string
  /** The contract's operation: method and path template. */
  readonly operation: readonly [method: string, path: string]
  readonly status: number
  /** `false` for the statuses the emulator answers but the contract does not list (validated as ClerkErrors). */
  readonly declared?: false
  readonly send: (emulator: ClerkEmulator.Handle, fixtures: Fixtures) => Effect.Effect<Reply>
}

const refreshBody = (fixtures: Fixtures) => ({
  expired_token: fixtures.jwt,
  refresh_token: "refresh",
  request_origin: "https://app.example"
})

const scenarios: ReadonlyArray<Scenario> = [
  // GET /sessions
  { name: "list", operation: ["GET", "/sessions"], status: 200, send: (e) => request(e, "GET", "/v1/sessions") },
  {
    name: "list filtered",
    operation: ["GET", "/sessions"],
    status: 200,
    send: (e) => request(e, "GET", `/v1/sessions?user_id=${userId}&status=active&limit=2&offset=0`)
  },
  {
    name: "list with a wrong key",
    operation: ["GET", "/sessions"],
    status: 401,
    send: (e) => request(e, "GET", "/v1/sessions", wrongKey)
  },
  {
    name: "list with limit=0",
    operation: ["GET", "/sessions"],
    status: 422,
    send: (e) => request(e, "GET", "/v1/sessions?limit=0")
  },
  // POST /sessions
  {
    name: "create",
    operation: ["POST", "/sessions"],
    status: 200,
    send: (e) => post(e, "/v1/sessions", { body: { user_id: userId, active_organization_id: "org_1" } })
  },
  {
    name: "create with a malformed body",
    operation: ["POST", "/sessions"],
    status: 400,
    send: (e) => post(e, "/v1/sessions", { raw: "{" })
  },
  {
    name: "create without a key",
    operation: ["POST", "/sessions"],
    status: 401,
    send: (e) => post(e, "/v1/sessions", { body: { user_id: userId }, authorization: false })
  },
  {
    name: "create for an unknown user",
    operation: ["POST", "/sessions"],
    status: 404,
    send: (e) => post(e, "/v1/sessions", { body: { user_id: "user_nobody" } })
  },
  {
    name: "create without user_id",
    operation: ["POST", "/sessions"],
    status: 422,
    send: (e) => post(e, "/v1/sessions", { body: {} })
  },
  // GET /sessions/{session_id}
  {
    name: "get",
    operation: ["GET", "/sessions/{session_id}"],
    status: 200,
    send: (e, f) => request(e, "GET", `/v1/sessions/${f.sessionId}`)
  },
  {
    name: "get with a wrong key",
    operation: ["GET", "/sessions/{session_id}"],
    status: 401,
    send: (e, f) => request(e, "GET", `/v1/sessions/${f.sessionId}`, wrongKey)
  },
  {
    name: "get an unknown session",
    operation: ["GET", "/sessions/{session_id}"],
    status: 404,
    send: (e) => request(e, "GET", "/v1/sessions/sess_nope")
  },
  // POST /sessions/{session_id}/refresh
  {
    name: "refresh as token",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 200,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/refresh`, { body: { ...refreshBody(f), format: "token" } })
  },
  {
    name: "refresh as suffixed cookies",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 200,
    send: (e, f) =>
      post(e, `/v1/sessions/${f.sessionId}/refresh?suffixed_cookies=true`, {
        body: { ...refreshBody(f), format: "cookie", request_headers: { host: ["app.example"] } }
      })
  },
  {
    name: "refresh without expired_token",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 400,
    send: (e, f) =>
      post(e, `/v1/sessions/${f.sessionId}/refresh`, { body: { request_origin: "x", refresh_token: "r" } })
  },
  {
    name: "refresh an unknown session",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 400,
    send: (e, f) => post(e, "/v1/sessions/sess_nope/refresh", { body: refreshBody(f) })
  },
  {
    name: "refresh with a foreign token",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/refresh`, { body: { ...refreshBody(f), expired_token: "x" } })
  },
  {
    name: "refresh with a wrong key",
    operation: ["POST", "/sessions/{session_id}/refresh"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/refresh`, { body: refreshBody(f), ...wrongKey })
  },
  // POST /sessions/{session_id}/verify
  {
    name: "verify under 2024-10-01",
    operation: ["POST", "/sessions/{session_id}/verify"],
    status: 200,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/verify`, { body: { token: f.jwt }, version: "2024-10-01" })
  },
  {
    name: "verify a foreign token under 2024-10-01",
    operation: ["POST", "/sessions/{session_id}/verify"],
    status: 400,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/verify`, { body: { token: "x" }, version: "2024-10-01" })
  },
  {
    name: "verify with a wrong key",
    operation: ["POST", "/sessions/{session_id}/verify"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/verify`, { body: { token: f.jwt }, ...wrongKey })
  },
  {
    name: "verify an unknown session under 2024-10-01",
    operation: ["POST", "/sessions/{session_id}/verify"],
    status: 404,
    send: (e, f) => post(e, "/v1/sessions/sess_nope/verify", { body: { token: f.jwt }, version: "2024-10-01" })
  },
  {
    name: "verify under 2026-05-12",
    operation: ["POST", "/sessions/{session_id}/verify"],
    status: 410,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/verify`, { body: { token: f.jwt }, version: "2026-05-12" })
  },
  // POST /sessions/{session_id}/tokens
  {
    name: "token",
    operation: ["POST", "/sessions/{session_id}/tokens"],
    status: 200,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens`, { body: { expires_in_seconds: 120 } })
  },
  {
    name: "token with a wrong key",
    operation: ["POST", "/sessions/{session_id}/tokens"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens`, wrongKey)
  },
  {
    name: "token for an unknown session",
    operation: ["POST", "/sessions/{session_id}/tokens"],
    status: 404,
    send: (e) => post(e, "/v1/sessions/sess_nope/tokens")
  },
  {
    name: "token with expires_in_seconds=5",
    operation: ["POST", "/sessions/{session_id}/tokens"],
    status: 422,
    declared: false,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens`, { body: { expires_in_seconds: 5 } })
  },
  // POST /sessions/{session_id}/tokens/{template_name}
  {
    name: "template token",
    operation: ["POST", "/sessions/{session_id}/tokens/{template_name}"],
    status: 200,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens/supabase`)
  },
  {
    name: "template token with a wrong key",
    operation: ["POST", "/sessions/{session_id}/tokens/{template_name}"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens/supabase`, wrongKey)
  },
  {
    name: "token from an unknown template",
    operation: ["POST", "/sessions/{session_id}/tokens/{template_name}"],
    status: 404,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens/nope`)
  },
  {
    name: "template token with expires_in_seconds=1e10",
    operation: ["POST", "/sessions/{session_id}/tokens/{template_name}"],
    status: 422,
    declared: false,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/tokens/test`, { body: { expires_in_seconds: 1e10 } })
  },
  // POST /sessions/{session_id}/revoke
  {
    name: "revoke",
    operation: ["POST", "/sessions/{session_id}/revoke"],
    status: 200,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/revoke`)
  },
  {
    name: "revoke with a wrong key",
    operation: ["POST", "/sessions/{session_id}/revoke"],
    status: 401,
    send: (e, f) => post(e, `/v1/sessions/${f.sessionId}/revoke`, wrongKey)
  },
  {
    name: "revoke an unknown session",
    operation: ["POST", "/sessions/{session_id}/revoke"],
    status: 404,
    send: (e) => post(e, "/v1/sessions/sess_nope/revoke")
  },
  // POST /sign_in_tokens
  {
    name: "create a sign-in token",
    operation: ["POST", "/sign_in_tokens"],
    status: 200,
    send: (e) => post(e, "/v1/sign_in_tokens", { body: { user_id: userId, expires_in_seconds: 600, org_id: null } })
  },
  {
    name: "create a sign-in token with a wrong key",
    operation: ["POST", "/sign_in_tokens"],
    status: 401,
    declared: false,
    send: (e) => post(e, "/v1/sign_in_tokens", { body: { user_id: userId }, ...wrongKey })
  },
  {
    name: "create a sign-in token for an unknown user",
    operation: ["POST", "/sign_in_tokens"],
    status: 404,
    send: (e) => post(e, "/v1/sign_in_tokens", { body: { user_id: "user_nobody" } })
  },
  {
    name: "create a sign-in token with expires_in_seconds=0",
    operation: ["POST", "/sign_in_tokens"],
    status: 422,
    send: (e) => post(e, "/v1/sign_in_tokens", { body: { user_id: userId, expires_in_seconds: 0 } })
  },
  // POST /sign_in_tokens/{sign_in_token_id}/revoke
  {
    name: "revoke a sign-in token",
    operation: ["POST", "/sign_in_tokens/{sign_in_token_id}/revoke"],
    status: 200,
    send: (e, f) => post(e, `/v1/sign_in_tokens/${f.signInTokenId}/revoke`)
  },
  {
    name: "revoke an accepted sign-in token",
    operation: ["POST", "/sign_in_tokens/{sign_in_token_id}/revoke"],
    status: 400,
    send: (e, f) => post(e, `/v1/sign_in_tokens/${f.acceptedSignInTokenId}/revoke`)
  },
  {
    name: "revoke a sign-in token with a wrong key",
    operation: ["POST", "/sign_in_tokens/{sign_in_token_id}/revoke"],
    status: 401,
    declared: false,
    send: (e, f) => post(e, `/v1/sign_in_tokens/${f.signInTokenId}/revoke`, wrongKey)
  },
  {
    name: "revoke an unknown sign-in token",
    operation: ["POST", "/sign_in_tokens/{sign_in_token_id}/revoke"],
    status: 404,
    send: (e) => post(e, "/v1/sign_in_tokens/sit_nope/revoke")
  },
  // GET /jwks (spec/openapi-jwks.yml)
  { name: "jwks", operation: ["GET", "/jwks"], status: 200, send: (e) => request(e, "GET", "/v1/jwks") },
  {
    name: "jwks after rotations, previous keys kept then dropped",
    operation: ["GET", "/jwks"],
    status: 200,
    send: (e) =>
      Effect.gen(function*() {
        yield* e.rotateSigningKey({ keepPrevious: false })
        yield* e.rotateSigningKey()
        const reply = yield* request(e, "GET", "/v1/jwks")
        assert.strictEqual(reply.json.keys.length, 2)
        return reply
      })
  },
  {
    name: "jwks without the secret key",
    operation: ["GET", "/jwks"],
    status: 401,
    declared: false,
    send: (e) => request(e, "GET", "/v1/jwks", { authorization: false })
  },
  {
    name: "jwks with a wrong secret key",
    operation: ["GET", "/jwks"],
    status: 401,
    declared: false,
    send: (e) => request(e, "GET", "/v1/jwks", wrongKey)
  }
]

const fixtures = (emulator: ClerkEmulator.Handle) =>
  Effect.gen(function*() {
    yield* emulator.reset
    const session = yield* firstActive(emulator)
    const token = yield* post(emulator, `/v1/sessions/${session.id}/tokens`)
    const created = yield* post(emulator, "/v1/sign_in_tokens", { body: { user_id: userId } })
    const accepted = (yield* emulator.signInTokens).find((token) => token.status === "accepted")!
    return {
      sessionId: session.id,
      jwt: token.json.jwt,
      signInTokenId: created.json.id,
      acceptedSignInTokenId: accepted.id
    } satisfies Fixtures
  })

const validates = (validate: { (body: unknown): boolean; errors?: unknown }, reply: Reply, name: string) => {
  const valid = validate(reply.json)
  assert.isTrue(valid, `${name}: ${reply.text}\n${valid ? "" : errorsText(validate as any)}`)
}

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator contract", () => {
    describe("every operation answers what spec/openapi-sessions-signintokens.yml and spec/openapi-jwks.yml say", () => {
      for (const scenario of scenarios) {
        const [method, path] = scenario.operation
        it.effect(`${method} ${path} → ${scenario.status}: ${scenario.name}`, () =>
          Effect.gen(function*() {
            const emulator = yield* ClerkEmulator.ClerkEmulator
            const reply = yield* scenario.send(emulator, yield* fixtures(emulator))
            assert.strictEqual(reply.status, scenario.status, reply.text)
            assert.strictEqual(reply.headers.get("content-type"), "application/json")
            const { declared, validate } = responseValidator(method, path, scenario.status)
            assert.strictEqual(declared, scenario.declared ?? true, "declared in the contract")
            validates(validate, reply, scenario.name)
          }))
      }
    })

    it.effect("covers every operation of the contract and every status it declares (but 400s it cannot cause)", () =>
      Effect.sync(() => {
        const covered = new Set(scenarios.map(({ operation: [method, path], status }) => `${method} ${path} ${status}`))
        const unreachable = new Set([
          "GET /sessions 400",
          "GET /sessions/{session_id} 400",
          "POST /sessions/{session_id}/revoke 400",
          "POST /sign_in_tokens 403"
        ])
        for (const [, path, operations] of contractPaths) {
          for (const method of Object.keys(operations)) {
            for (const status of declaredStatuses(method, path)) {
              const key = `${method.toUpperCase()} ${path} ${status}`
              assert.isTrue(covered.has(key) || unreachable.has(key), `no scenario for ${key}`)
            }
          }
        }
      }))

    it.effect("GET /sessions?paginated=true answers { data: Session[], total_count }", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const reply = yield* request(emulator, "GET", "/v1/sessions?paginated=true&limit=500")
        assert.strictEqual(reply.status, 200)
        validates(paginatedSessions, reply, "paginated")
        assert.strictEqual(reply.json.data.length, 12)
      }))

    it.effect("GET /jwks answers an RSA key set, and unknown routes a Clerk error body", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        validates(jwksSchema, yield* request(emulator, "GET", "/v1/jwks"), "jwks")
        const unknown = yield* request(emulator, "GET", "/v1/no_such_resource")
        assert.strictEqual(unknown.status, 404)
        validates(responseValidator("GET", "/sessions/{session_id}", 404).validate, unknown, "unknown route")
      }))

    it.effect("the JWKS validator catches drift: an extra top-level field, an RSA key without e, an RSA private key", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const { validate } = responseValidator("GET", "/jwks", 200)
        yield* emulator.injectFault(Fault.extraFields({ path: "/v1/jwks" }))
        const extra = yield* request(emulator, "GET", "/v1/jwks")
        assert.strictEqual(extra.status, 200)
        assert.isFalse(validate(extra.json), "extra field")
        const served = yield* request(emulator, "GET", "/v1/jwks")
        assert.isTrue(validate(served.json))
        const { e: _e, ...withoutE } = served.json.keys[0]
        assert.isFalse(validate({ keys: [withoutE] }), "RSA key without e")
        // With d, p, q and crv it would be the contract's RSA private key as well: oneOf refuses the ambiguity.
        const leaked = { ...served.json.keys[0], crv: "none", d: "AQAB", p: "AQAB", q: "AQAB" }
        assert.isFalse(validate({ keys: [leaked] }), "a key matching both the public and the private shapes")
      }))

    it.effect("the validators catch drift: a dropped field, an unknown enum value, an extra field", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        const { sessionId } = yield* fixtures(emulator)
        const { validate } = responseValidator("GET", "/sessions/{session_id}", 200)
        for (const fault of [Fault.dropField("client_id"), Fault.unknownEnum(), Fault.extraFields()]) {
          yield* emulator.injectFault(fault)
          const reply = yield* request(emulator, "GET", `/v1/sessions/${sessionId}`)
          assert.strictEqual(reply.status, 200)
          assert.isFalse(validate(reply.json), fault._tag)
        }
      }))
  })
