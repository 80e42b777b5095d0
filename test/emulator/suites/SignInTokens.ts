import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { post } from "../support/Http.js"
import { inProcessOptions } from "../support/Options.js"

const userId = Seed.userId(1)

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator sign-in tokens", () => {
    describe("POST /v1/sign_in_tokens", () => {
      it.effect("creates a pending token with its ticket and sign-in URL", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* TestClock.setTime(Date.UTC(2026, 4, 1))
          const reply = yield* post(emulator, "/v1/sign_in_tokens", { body: { user_id: userId } })
          assert.strictEqual(reply.status, 200)
          const { id, token, url, ...rest } = reply.json
          assert.deepStrictEqual(rest, {
            object: "sign_in_token",
            status: "pending",
            user_id: userId,
            created_at: Date.UTC(2026, 4, 1),
            updated_at: Date.UTC(2026, 4, 1)
          })
          assert.match(id, /^sit_3/)
          assert.match(token, /^[0-9A-Za-z]{64}$/)
          assert.strictEqual(url, `${inProcessOptions.accountsUrl}/sign-in#__clerk_ticket=${token}`)
          const stored = (yield* emulator.signInTokens)[0]
          assert.deepStrictEqual(stored, reply.json)
        }))

      it.effect("accepts expires_in_seconds >= 1 (or null) and org_id, and answers 422 otherwise", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          for (
            const body of [{ expires_in_seconds: 1 }, { expires_in_seconds: null }, { org_id: "org_1" }, {
              org_id: null
            }]
          ) {
            const reply = yield* post(emulator, "/v1/sign_in_tokens", { body: { user_id: userId, ...body } })
            assert.strictEqual(reply.status, 200, JSON.stringify(body))
          }
          for (const expires of [0, -1, 1.5, "60"]) {
            const reply = yield* post(emulator, "/v1/sign_in_tokens", {
              body: { user_id: userId, expires_in_seconds: expires }
            })
            assert.strictEqual(reply.status, 422, String(expires))
            assert.strictEqual(reply.json.errors[0].code, "form_param_value_invalid")
            assert.deepStrictEqual(reply.json.errors[0].meta, { param_name: "expires_in_seconds" })
          }
          const missing = yield* post(emulator, "/v1/sign_in_tokens", { body: { expires_in_seconds: 60 } })
          assert.strictEqual(missing.status, 422)
          assert.strictEqual(missing.json.errors[0].code, "form_param_missing")
          assert.strictEqual((yield* emulator.signInTokens).length, 3 + 4)
        }))

      it.effect("answers 404 for an unknown user, creating nothing", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const reply = yield* post(emulator, "/v1/sign_in_tokens", { body: { user_id: "user_nobody" } })
          assert.strictEqual(reply.status, 404)
          assert.strictEqual(reply.json.errors[0].code, "resource_not_found")
          assert.strictEqual((yield* emulator.signInTokens).length, 3)
        }))
    })

    describe("POST /v1/sign_in_tokens/{id}/revoke", () => {
      it.effect("revokes a pending token (answer without the ticket), 400 when not pending, 404 when unknown", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const created = yield* post(emulator, "/v1/sign_in_tokens", { body: { user_id: userId } })
          yield* TestClock.adjust("1 minute")
          const revoked = yield* post(emulator, `/v1/sign_in_tokens/${created.json.id}/revoke`)
          assert.strictEqual(revoked.status, 200)
          assert.strictEqual(revoked.json.status, "revoked")
          assert.strictEqual(revoked.json.updated_at, created.json.updated_at + 60_000)
          assert.isUndefined(revoked.json.token)
          assert.isUndefined(revoked.json.url)
          const again = yield* post(emulator, `/v1/sign_in_tokens/${created.json.id}/revoke`)
          assert.strictEqual(again.status, 400)
          assert.strictEqual(again.json.errors[0].code, "sign_in_token_cannot_be_revoked")
          const accepted = (yield* emulator.signInTokens).find((token) => token.status === "accepted")!
          const refused = yield* post(emulator, `/v1/sign_in_tokens/${accepted.id}/revoke`)
          assert.strictEqual(refused.status, 400)
          const unknown = yield* post(emulator, "/v1/sign_in_tokens/sit_nope/revoke")
          assert.strictEqual(unknown.status, 404)
          assert.strictEqual(unknown.json.errors[0].code, "resource_not_found")
        }))
    })
  })
