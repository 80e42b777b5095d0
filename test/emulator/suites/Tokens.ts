import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as Jose from "jose"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import { firstActive, get, post, request, verifyJwt } from "../support/Http.js"
import { inProcessOptions } from "../support/Options.js"

const templates = [
  { name: "supabase", claims: { aud: "authenticated", role: "authenticated", sub: "not-the-user" } },
  { name: "long", claims: { scope: "read" }, lifetimeSeconds: 3600 }
]

/** The suite's emulator, seeded with its own templates. */
const emulatorWithTemplates = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* emulator.reset
  yield* emulator.seed({ templates })
  return emulator
})

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator session tokens", () => {
    describe("POST /v1/sessions/{id}/tokens", () => {
      it.effect("signs an RS256 JWT verifiable with /v1/jwks: version 2 claims, no azp, exp = iat + 60", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          yield* TestClock.setTime(Date.UTC(2026, 3, 1, 12))
          const session = yield* firstActive(emulator)
          const reply = yield* post(emulator, `/v1/sessions/${session.id}/tokens`)
          assert.strictEqual(reply.status, 200)
          assert.deepStrictEqual(Object.keys(reply.json), ["object", "jwt"])
          const { payload, protectedHeader } = yield* verifyJwt(emulator, reply.json.jwt)
          assert.deepStrictEqual(protectedHeader, {
            alg: "RS256",
            kid: emulator.jwks.keys[0]!.kid,
            typ: "JWT",
            cat: "cl_B7d4PD111AAA" // Clerk's session category
          })
          const iat = Date.UTC(2026, 3, 1, 12) / 1000
          // The seed's newest active session has an organization, where its user is an admin.
          const organization = (yield* emulator.organizations).find((o) =>
            o.id === session.last_active_organization_id
          )!
          assert.deepStrictEqual(organization.memberships, [{ user_id: session.user_id, role: "org:admin" }])
          assert.deepStrictEqual(payload, {
            exp: iat + 60,
            fea: "o:dashboard,o:teams",
            fva: [Math.floor((Date.UTC(2026, 3, 1, 12) - session.created_at) / 60_000), -1],
            iat,
            iss: inProcessOptions.issuer,
            nbf: iat - 10,
            o: { id: organization.id, rol: "admin", slg: organization.slug, per: "manage,read", fpm: "3,2" },
            sid: session.id,
            sts: "active",
            sub: session.user_id,
            v: 2
          })
        }))

      it.effect("honours expires_in_seconds, and accepts null, an empty object or no body at all", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const session = yield* firstActive(emulator)
          const path = `/v1/sessions/${session.id}/tokens`
          const long = yield* post(emulator, path, { body: { expires_in_seconds: 3600 } })
          const claims = Jose.decodeJwt(long.json.jwt)
          assert.strictEqual(claims.exp! - claims.iat!, 3600)
          for (
            const options of [{}, { body: {} }, { body: { expires_in_seconds: null } }, { raw: "" }, { raw: "null" }]
          ) {
            const reply = yield* post(emulator, path, options)
            assert.strictEqual(reply.status, 200, JSON.stringify(options))
            const { exp, iat } = Jose.decodeJwt(reply.json.jwt)
            assert.strictEqual(exp! - iat!, 60)
          }
        }))

      it.effect("answers 422 for expires_in_seconds outside 30..315360000 or not an integer", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const session = yield* firstActive(emulator)
          for (const expires of [29, 0, -5, 315_360_001, 60.5, "60", true]) {
            for (const path of [`/v1/sessions/${session.id}/tokens`, `/v1/sessions/${session.id}/tokens/long`]) {
              const reply = yield* post(emulator, path, { body: { expires_in_seconds: expires } })
              assert.strictEqual(reply.status, 422, `${path} ${expires}`)
              assert.strictEqual(reply.json.errors[0].code, "form_param_value_invalid")
              assert.deepStrictEqual(reply.json.errors[0].meta, { param_name: "expires_in_seconds" })
            }
          }
          const edge = yield* post(emulator, `/v1/sessions/${session.id}/tokens`, {
            body: { expires_in_seconds: 315_360_000 }
          })
          assert.strictEqual(edge.status, 200)
        }))

      it.effect("answers 404 for an unknown session and for a session that is not active", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const unknown = yield* post(emulator, "/v1/sessions/sess_nope/tokens")
          assert.strictEqual(unknown.status, 404)
          assert.strictEqual(unknown.json.errors[0].code, "resource_not_found")
          const ended = (yield* emulator.sessions).find((session) => session.status === "ended")!
          const inactive = yield* post(emulator, `/v1/sessions/${ended.id}/tokens`)
          assert.strictEqual(inactive.status, 404)
          assert.strictEqual(inactive.json.errors[0].code, "session_not_active")
        }))
    })

    describe("POST /v1/sessions/{id}/tokens/{template}", () => {
      it.effect("adds the template's claims, keeps the reserved ones, and uses the template's lifetime", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const session = yield* firstActive(emulator)
          const supabase = yield* post(emulator, `/v1/sessions/${session.id}/tokens/supabase`)
          const { payload } = yield* verifyJwt(emulator, supabase.json.jwt)
          assert.strictEqual(payload.aud, "authenticated")
          assert.strictEqual(payload.role, "authenticated")
          assert.strictEqual(payload.sub, session.user_id)
          assert.strictEqual(payload.sid, session.id)
          assert.strictEqual(payload.exp! - payload.iat!, 60)
          const long = yield* post(emulator, `/v1/sessions/${session.id}/tokens/long`)
          const longClaims = Jose.decodeJwt(long.json.jwt)
          assert.strictEqual(longClaims.scope, "read")
          assert.strictEqual(longClaims.exp! - longClaims.iat!, 3600)
          const overridden = yield* post(emulator, `/v1/sessions/${session.id}/tokens/long`, {
            body: { expires_in_seconds: 45 }
          })
          const overriddenClaims = Jose.decodeJwt(overridden.json.jwt)
          assert.strictEqual(overriddenClaims.exp! - overriddenClaims.iat!, 45)
        }))

      it.effect("answers 404 for an unknown template or session", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const session = yield* firstActive(emulator)
          const template = yield* post(emulator, `/v1/sessions/${session.id}/tokens/firebase`)
          assert.strictEqual(template.status, 404)
          assert.strictEqual(template.json.errors[0].code, "resource_not_found")
          assert.deepStrictEqual(template.json.errors[0].meta, { param_name: "template_name" })
          const unknownSession = yield* post(emulator, "/v1/sessions/sess_nope/tokens/supabase")
          assert.strictEqual(unknownSession.status, 404)
        }))

      it.effect("verifies only until exp: a 60 s token fails once the clock passes exp", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const session = yield* firstActive(emulator)
          const reply = yield* post(emulator, `/v1/sessions/${session.id}/tokens`, { body: { expires_in_seconds: 30 } })
          yield* verifyJwt(emulator, reply.json.jwt)
          yield* TestClock.adjust("31 seconds")
          const error = yield* Effect.flip(Effect.catchAllDefect(verifyJwt(emulator, reply.json.jwt), Effect.fail))
          assert.instanceOf(error, Jose.errors.JWTExpired)
        }))
    })

    describe("GET /v1/jwks", () => {
      it.effect("serves the RSA public key to the secret key only", () =>
        Effect.gen(function*() {
          const emulator = yield* emulatorWithTemplates
          const reply = yield* request(emulator, "GET", "/v1/jwks")
          assert.strictEqual(reply.status, 200)
          assert.deepStrictEqual(reply.json, emulator.jwks)
          const [key] = reply.json.keys
          assert.deepStrictEqual(Object.keys(key).sort(), ["alg", "e", "kid", "kty", "n", "use"])
          assert.deepStrictEqual([key.kty, key.alg, key.use, key.e], ["RSA", "RS256", "sig", "AQAB"])
          assert.match(key.kid, /^ins_/)
          const withoutKey = yield* get(emulator, "/v1/jwks", { authorization: false })
          assert.strictEqual(withoutKey.status, 401)
          assert.isUndefined(withoutKey.json.keys)
        }))
    })
  })
