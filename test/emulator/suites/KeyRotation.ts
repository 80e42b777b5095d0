import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as Jose from "jose"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import { firstActive, get, post } from "../support/Http.js"

/** The key set served by `GET /v1/jwks` now. */
const servedJwks = (emulator: ClerkEmulator.Handle) =>
  Effect.map(get(emulator, "/v1/jwks"), (reply) => {
    assert.strictEqual(reply.status, 200)
    return reply.json as ClerkEmulator.WireJwks
  })

/** Verifies with jose against the key set served now; fails with jose's error. */
const verify = (emulator: ClerkEmulator.Handle, token: string) =>
  Effect.gen(function*() {
    const jwks = yield* servedJwks(emulator)
    const currentDate = new Date(yield* TestClock.currentTimeMillis)
    return yield* Effect.tryPromise({
      try: () =>
        Jose.jwtVerify(token, Jose.createLocalJWKSet({ keys: jwks.keys.map((key) => ({ ...key })) }), { currentDate }),
      catch: (error) => error
    })
  })

const kidOf = (token: string) => Jose.decodeProtectedHeader(token).kid

const fresh = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* emulator.reset
  yield* TestClock.setTime(Date.UTC(2026, 5, 1))
  return emulator
})

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator.rotateSigningKey", () => {
    it.effect("adds a new current key with a new kid, keeps the previous one by default, signs with the new one", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const session = yield* firstActive(emulator)
        const before = yield* servedJwks(emulator)
        const oldToken = yield* emulator.sessionToken(session.id)
        assert.strictEqual(kidOf(oldToken), before.keys[0]!.kid)

        const rotation = yield* emulator.rotateSigningKey()
        assert.notStrictEqual(rotation.kid, before.keys[0]!.kid)
        assert.match(rotation.kid, /^ins_/)
        assert.deepStrictEqual(rotation.droppedKids, [])
        const after = yield* servedJwks(emulator)
        assert.deepStrictEqual(after.keys.map((key) => key.kid), [rotation.kid, ...before.keys.map((key) => key.kid)])
        assert.deepStrictEqual(after, rotation.jwks)
        assert.deepStrictEqual(emulator.jwks, rotation.jwks)

        const newToken = yield* emulator.sessionToken(session.id)
        assert.strictEqual(kidOf(newToken), rotation.kid)
        assert.strictEqual((yield* verify(emulator, newToken)).payload.sid, session.id)
        assert.strictEqual((yield* verify(emulator, oldToken)).payload.sid, session.id, "the kept key still verifies")
      }))

    it.effect("keepPrevious: false drops every previous key: old tokens no longer verify, the refresh refuses them", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const session = yield* firstActive(emulator)
        yield* ClerkEmulator.rotateSigningKey()
        const before = yield* servedJwks(emulator)
        assert.isAtLeast(before.keys.length, 2)
        const oldToken = yield* emulator.sessionToken(session.id)

        const rotation = yield* ClerkEmulator.rotateSigningKey({ keepPrevious: false })
        assert.deepStrictEqual(rotation.droppedKids, before.keys.map((key) => key.kid))
        const after = yield* servedJwks(emulator)
        assert.deepStrictEqual(after.keys.map((key) => key.kid), [rotation.kid])
        assert.deepStrictEqual(emulator.jwks.keys.map((key) => key.kid), [rotation.kid])

        const error = yield* Effect.flip(verify(emulator, oldToken))
        assert.instanceOf(error, Jose.errors.JWKSNoMatchingKey)
        const newToken = yield* emulator.sessionToken(session.id)
        assert.strictEqual((yield* verify(emulator, newToken)).protectedHeader.kid, rotation.kid)

        // The emulator's own reading of tokens (refresh's expired_token) follows the key set too.
        const body = { refresh_token: "rt", request_origin: "https://app.example" }
        const refused = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, {
          body: { ...body, expired_token: oldToken }
        })
        assert.strictEqual(refused.status, 401)
        const refreshed = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, {
          body: { ...body, expired_token: newToken }
        })
        assert.strictEqual(refreshed.status, 200)
        const { payload, protectedHeader } = yield* verify(emulator, refreshed.json.jwt)
        assert.strictEqual(protectedHeader.kid, rotation.kid)
        assert.strictEqual(payload.azp, "https://app.example", "a refresh's azp is its request_origin")
      }))

    it.effect("refresh accepts an expired_token signed by a previous key that is still served", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const session = yield* firstActive(emulator)
        const oldToken = yield* emulator.sessionToken(session.id)
        yield* emulator.rotateSigningKey({ keepPrevious: true })
        const refreshed = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, {
          body: { expired_token: oldToken, refresh_token: "rt", request_origin: "https://app.example" }
        })
        assert.strictEqual(refreshed.status, 200)
        assert.strictEqual(kidOf(refreshed.json.jwt), emulator.jwks.keys[0]!.kid)
      }))

    it.effect("POST /v1/sessions/{id}/tokens (plain and template) is signed by the new key after a rotation", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const session = yield* firstActive(emulator)
        const before = yield* post(emulator, `/v1/sessions/${session.id}/tokens`)
        const rotation = yield* emulator.rotateSigningKey({ keepPrevious: false })
        assert.notStrictEqual(kidOf(before.json.jwt), rotation.kid)
        for (const path of [`/v1/sessions/${session.id}/tokens`, `/v1/sessions/${session.id}/tokens/test`]) {
          const reply = yield* post(emulator, path)
          assert.strictEqual(reply.status, 200, path)
          const { payload, protectedHeader } = yield* verify(emulator, reply.json.jwt)
          assert.strictEqual(protectedHeader.kid, rotation.kid, path)
          assert.strictEqual(payload.sid, session.id, path)
        }
      }))

    it.effect("GET /v1/jwks requests show in emulator.requests, the secret key redacted", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        yield* emulator.clearRequests
        yield* servedJwks(emulator)
        yield* emulator.rotateSigningKey()
        yield* get(emulator, "/v1/jwks", { authorization: false })
        const requests = yield* emulator.requests
        assert.deepStrictEqual(
          requests.map((r) => [r.sequence, r.method, r.path, r.outcome, r.status, r.headers.authorization]),
          [
            [0, "GET", "/v1/jwks", "answered", 200, "Bearer <redacted>"],
            [1, "GET", "/v1/jwks", "answered", 401, undefined]
          ]
        )
        const counted = (yield* ClerkEmulator.requests).filter((r) => r.path === "/v1/jwks").length
        assert.strictEqual(counted, 2)
      }))
  })
