import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { firstActive, get, post, request } from "../support/Http.js"
import { inProcessOptions } from "../support/Options.js"

const userId = Seed.userId(0)

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator sessions", () => {
    describe("GET /v1/sessions", () => {
      it.effect("lists newest first as a bare array, 10 by default", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const reply = yield* get(emulator, "/v1/sessions")
          assert.strictEqual(reply.status, 200)
          assert.strictEqual(reply.headers.get("content-type"), "application/json")
          const all = yield* emulator.sessions
          assert.deepStrictEqual(reply.json, all.slice(0, 10))
          const times = reply.json.map((session: any) => session.created_at)
          assert.deepStrictEqual(times, [...times].sort((a, b) => b - a))
        }))

      it.effect("filters by user_id, client_id and status", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const byUser = yield* get(emulator, `/v1/sessions?user_id=${userId}`)
          assert.strictEqual(byUser.json.length, 4)
          assert.isTrue(byUser.json.every((session: any) => session.user_id === userId))
          const clientId = byUser.json[0].client_id
          const byClient = yield* get(emulator, `/v1/sessions?client_id=${clientId}&user_id=${userId}`)
          assert.isAbove(byClient.json.length, 0)
          assert.isTrue(byClient.json.every((session: any) => session.client_id === clientId))
          const revoked = yield* get(emulator, "/v1/sessions?status=revoked")
          assert.isAbove(revoked.json.length, 0)
          assert.isTrue(revoked.json.every((session: any) => session.status === "revoked"))
          const pending = yield* get(emulator, "/v1/sessions?status=pending")
          assert.deepStrictEqual([pending.status, pending.json], [200, []])
          const unknownUser = yield* get(emulator, "/v1/sessions?user_id=user_nobody")
          assert.deepStrictEqual(unknownUser.json, [])
        }))

      it.effect("pages with limit and offset, and paginated=true gives { data, total_count }", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const all = yield* emulator.sessions
          const page = yield* get(emulator, "/v1/sessions?limit=5&offset=5")
          assert.deepStrictEqual(page.json, all.slice(5, 10))
          const paginated = yield* get(emulator, "/v1/sessions?limit=3&offset=10&paginated=true")
          assert.deepStrictEqual(paginated.json, { data: all.slice(10, 13), total_count: 12 })
          const max = yield* get(emulator, "/v1/sessions?limit=500&paginated=false")
          assert.strictEqual(max.json.length, 12)
          const past = yield* get(emulator, "/v1/sessions?offset=100&paginated=true")
          assert.deepStrictEqual(past.json, { data: [], total_count: 12 })
        }))

      it.effect("answers 422 form_param_value_invalid for a bad limit, offset, status or paginated", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const cases = [
            ["limit=0", "limit"],
            ["limit=501", "limit"],
            ["limit=1.5", "limit"],
            ["limit=ten", "limit"],
            ["limit=", "limit"],
            ["offset=-1", "offset"],
            ["offset=x", "offset"],
            ["status=sleeping", "status"],
            ["paginated=yes", "paginated"]
          ] as const
          for (const [query, param] of cases) {
            const reply = yield* get(emulator, `/v1/sessions?${query}`)
            assert.strictEqual(reply.status, 422, query)
            assert.strictEqual(reply.json.errors[0].code, "form_param_value_invalid")
            assert.deepStrictEqual(reply.json.errors[0].meta, { param_name: param })
            assert.isString(reply.json.clerk_trace_id)
          }
        }))
    })

    describe("POST /v1/sessions", () => {
      it.effect("creates an active session, listed first, at the emulator's clock time", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* TestClock.setTime(Date.UTC(2026, 1, 1))
          const reply = yield* post(emulator, "/v1/sessions", {
            body: { user_id: userId, active_organization_id: "org_1" }
          })
          assert.strictEqual(reply.status, 200)
          assert.strictEqual(reply.json.object, "session")
          assert.strictEqual(reply.json.status, "active")
          assert.strictEqual(reply.json.user_id, userId)
          assert.strictEqual(reply.json.last_active_organization_id, "org_1")
          assert.strictEqual(reply.json.created_at, Date.UTC(2026, 1, 1))
          assert.match(reply.json.id, /^sess_/)
          const listed = yield* get(emulator, `/v1/sessions?user_id=${userId}&limit=1`)
          assert.deepStrictEqual(listed.json, [reply.json])
        }))

      it.effect("answers 404 for an unknown user and 422 without user_id", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const unknown = yield* post(emulator, "/v1/sessions", { body: { user_id: "user_nobody" } })
          assert.strictEqual(unknown.status, 404)
          assert.strictEqual(unknown.json.errors[0].code, "resource_not_found")
          const missing = yield* post(emulator, "/v1/sessions", { body: {} })
          assert.strictEqual(missing.status, 422)
          assert.strictEqual(missing.json.errors[0].code, "form_param_missing")
          assert.deepStrictEqual(missing.json.errors[0].meta, { param_name: "user_id" })
          const wrongType = yield* post(emulator, "/v1/sessions", { body: { user_id: 42 } })
          assert.strictEqual(wrongType.status, 422)
          assert.strictEqual((yield* emulator.sessions).length, 12)
        }))
    })

    describe("GET /v1/sessions/{id} and POST /v1/sessions/{id}/revoke", () => {
      it.effect("gets a session, revokes it, and answers 404 for unknown ids", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          const got = yield* get(emulator, `/v1/sessions/${session.id}`)
          assert.deepStrictEqual(got.json, session)
          yield* TestClock.adjust("1 minute")
          const revoked = yield* post(emulator, `/v1/sessions/${session.id}/revoke`)
          assert.strictEqual(revoked.status, 200)
          assert.strictEqual(revoked.json.status, "revoked")
          assert.isAbove(revoked.json.updated_at, session.updated_at)
          assert.strictEqual((yield* get(emulator, `/v1/sessions/${session.id}`)).json.status, "revoked")
          for (const path of ["/v1/sessions/sess_nope", "/v1/sessions/sess_nope/revoke"]) {
            const reply = yield* request(emulator, path.endsWith("revoke") ? "POST" : "GET", path)
            assert.strictEqual(reply.status, 404)
            assert.strictEqual(reply.json.errors[0].code, "resource_not_found")
          }
        }))
    })

    describe("POST /v1/sessions/{id}/refresh", () => {
      it.effect("answers a new token, or cookies (suffixed when asked), and records activity", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* TestClock.setTime(Date.UTC(2026, 2, 1))
          const session = yield* firstActive(emulator)
          const token = yield* post(emulator, `/v1/sessions/${session.id}/tokens`)
          const body = { expired_token: token.json.jwt, refresh_token: "rt_1", request_origin: "https://app.example" }
          const asToken = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, { body })
          assert.strictEqual(asToken.status, 200)
          assert.deepStrictEqual(Object.keys(asToken.json), ["object", "jwt"])
          assert.strictEqual(asToken.json.object, "token")
          const asCookies = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, {
            body: { ...body, format: "cookie", request_headers: { "user-agent": ["test"] } }
          })
          assert.strictEqual(asCookies.json.object, "cookies")
          assert.deepStrictEqual(asCookies.json.cookies.map((cookie: string) => cookie.split("=")[0]), [
            "__session",
            "__client_uat"
          ])
          assert.match(asCookies.json.cookies[0], /^__session=eyJ[^;]+; Path=\/; SameSite=Lax; Secure$/)
          const suffixed = yield* post(emulator, `/v1/sessions/${session.id}/refresh?suffixed_cookies=true`, {
            body: { ...body, format: "cookie", request_origin: "http://localhost:3000" }
          })
          const names = suffixed.json.cookies.map((cookie: string) => cookie.split("=")[0])
          assert.strictEqual(names.length, 4)
          assert.match(names[2], /^__session_[A-Za-z0-9_-]{8}$/)
          assert.isFalse(suffixed.json.cookies[0].includes("Secure"))
          const suffixedInBody = yield* post(emulator, `/v1/sessions/${session.id}/refresh`, {
            body: { ...body, format: "cookie", suffixed_cookies: true }
          })
          assert.strictEqual(suffixedInBody.json.cookies.length, 4)
          const refreshed = yield* get(emulator, `/v1/sessions/${session.id}`)
          assert.strictEqual(refreshed.json.last_active_at, Date.UTC(2026, 2, 1))
        }))

      it.effect("answers 400 for missing fields or an unknown session, 401 for a foreign or stale token", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const [active, other] = (yield* emulator.sessions).filter((session) => session.status === "active")
          const token = yield* post(emulator, `/v1/sessions/${active!.id}/tokens`)
          const body = { expired_token: token.json.jwt, refresh_token: "rt", request_origin: "https://app.example" }
          for (const field of ["expired_token", "refresh_token", "request_origin"] as const) {
            const { [field]: _, ...rest } = body
            const reply = yield* post(emulator, `/v1/sessions/${active!.id}/refresh`, { body: rest })
            assert.strictEqual(reply.status, 400, field)
            assert.deepStrictEqual(reply.json.errors[0].meta, { param_name: field })
          }
          const badFormat = yield* post(emulator, `/v1/sessions/${active!.id}/refresh`, {
            body: { ...body, format: "xml" }
          })
          assert.strictEqual(badFormat.status, 400)
          const unknown = yield* post(emulator, "/v1/sessions/sess_nope/refresh", { body })
          assert.strictEqual(unknown.status, 400)
          assert.strictEqual(unknown.json.errors[0].code, "resource_not_found")
          const foreign = yield* post(emulator, `/v1/sessions/${other!.id}/refresh`, { body })
          assert.strictEqual(foreign.status, 401)
          assert.strictEqual(foreign.json.errors[0].code, "token_invalid")
          const garbage = yield* post(emulator, `/v1/sessions/${active!.id}/refresh`, {
            body: { ...body, expired_token: "not.a.jwt" }
          })
          assert.strictEqual(garbage.status, 401)
          yield* post(emulator, `/v1/sessions/${active!.id}/revoke`)
          const revoked = yield* post(emulator, `/v1/sessions/${active!.id}/refresh`, { body })
          assert.strictEqual(revoked.status, 401)
          assert.strictEqual(revoked.json.errors[0].code, "session_not_active")
        }))
    })

    describe("POST /v1/sessions/{id}/verify", () => {
      it.effect("answers 410 operation_deprecated from 2025-04-10 on, and without a version header", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const session = yield* firstActive(emulator)
          for (const version of [undefined, "2025-04-10", "2025-11-10", "2026-05-12"]) {
            const reply = yield* post(emulator, `/v1/sessions/${session.id}/verify`, {
              body: { token: "x" },
              ...(version === undefined ? {} : { version })
            })
            assert.strictEqual(reply.status, 410, version)
            assert.strictEqual(reply.json.errors[0].code, "operation_deprecated")
            assert.strictEqual(reply.json.errors[0].message, "endpoint is deprecated and pending removal")
            assert.match(reply.json.errors[0].long_message, /networkless verification/)
          }
          const unknown = yield* post(emulator, "/v1/sessions/sess_nope/verify", { body: {} })
          assert.strictEqual(unknown.status, 410)
        }))

      it.effect("verifies a token it issued for the session under 2024-10-01", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const version = "2024-10-01"
          const [session, other] = (yield* emulator.sessions).filter((session) => session.status === "active")
          const token = yield* post(emulator, `/v1/sessions/${session!.id}/tokens`)
          const ok = yield* post(emulator, `/v1/sessions/${session!.id}/verify`, {
            body: { token: token.json.jwt },
            version
          })
          assert.strictEqual(ok.status, 200)
          assert.deepStrictEqual(ok.json, session)
          const foreign = yield* post(emulator, `/v1/sessions/${other!.id}/verify`, {
            body: { token: token.json.jwt },
            version
          })
          assert.strictEqual(foreign.status, 400)
          const missing = yield* post(emulator, `/v1/sessions/${session!.id}/verify`, { body: {}, version })
          assert.strictEqual(missing.status, 400)
          const unknown = yield* post(emulator, "/v1/sessions/sess_nope/verify", { body: { token: "t" }, version })
          assert.strictEqual(unknown.status, 404)
          yield* TestClock.adjust("61 seconds")
          const expired = yield* post(emulator, `/v1/sessions/${session!.id}/verify`, {
            body: { token: token.json.jwt },
            version: "2021-02-05"
          })
          assert.strictEqual(expired.status, 400)
          assert.strictEqual(expired.json.errors[0].code, "token_invalid")
        }))
    })

    describe("authentication and routing", () => {
      it.effect("answers 401 without a bearer secret or with a wrong one, for every route, /v1/jwks included", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          assert.strictEqual(Redacted.value(emulator.secretKey), inProcessOptions.secretKey)
          const missing = yield* get(emulator, "/v1/sessions", { authorization: false })
          assert.strictEqual(missing.status, 401)
          assert.strictEqual(missing.json.errors[0].code, "authorization_header_format_invalid")
          const basic = yield* get(emulator, "/v1/sessions", { authorization: "Basic abc" })
          assert.strictEqual(basic.json.errors[0].code, "authorization_header_format_invalid")
          const wrong = yield* post(emulator, "/v1/sessions", {
            authorization: "Bearer sk_test_wrong",
            body: { user_id: userId }
          })
          assert.strictEqual(wrong.status, 401)
          assert.strictEqual(wrong.json.errors[0].code, "authentication_invalid")
          assert.strictEqual((yield* emulator.sessions).length, 12)
          const jwks = yield* get(emulator, "/v1/jwks", { authorization: false })
          assert.strictEqual(jwks.status, 401)
          assert.strictEqual(jwks.json.errors[0].code, "authorization_header_format_invalid")
          const jwksWrong = yield* get(emulator, "/v1/jwks", { authorization: "Bearer sk_test_wrong" })
          assert.strictEqual(jwksWrong.json.errors[0].code, "authentication_invalid")
          assert.strictEqual((yield* get(emulator, "/v1/jwks")).status, 200)
        }))

      it.effect("answers 404 for unknown routes and 400 for a malformed JSON body, with unique trace ids", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const unknown = yield* get(emulator, "/v1/no_such_resource")
          assert.strictEqual(unknown.status, 404)
          assert.strictEqual(unknown.json.errors[0].code, "resource_not_found")
          const wrongMethod = yield* request(emulator, "DELETE", "/v1/sessions")
          assert.strictEqual(wrongMethod.status, 404)
          const malformed = yield* post(emulator, "/v1/sessions", { raw: "{\"user_id\":" })
          assert.strictEqual(malformed.status, 400)
          assert.strictEqual(malformed.json.errors[0].code, "request_body_invalid")
          const notObject = yield* post(emulator, "/v1/sessions", { raw: "[1,2]" })
          assert.strictEqual(notObject.status, 400)
          assert.notStrictEqual(malformed.json.clerk_trace_id, notObject.json.clerk_trace_id)
          assert.match(malformed.json.clerk_trace_id, /^[0-9a-f]{32}$/)
        }))

      it.effect("records every request: method, path, query, body, API version, redacted authorization", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          yield* get(emulator, `/v1/sessions?user_id=${userId}&limit=2`, { version: "2025-11-10" })
          yield* post(emulator, "/v1/sessions", { body: { user_id: userId } })
          const [list, create] = yield* emulator.requests
          assert.deepStrictEqual(
            { ...list!, headers: { authorization: list!.headers.authorization } },
            {
              sequence: 0,
              method: "GET",
              path: "/v1/sessions",
              query: { user_id: userId, limit: "2" },
              headers: { authorization: "Bearer <redacted>" },
              apiVersion: "2025-11-10",
              body: undefined,
              fault: undefined,
              outcome: "answered",
              aborted: false,
              status: 200
            }
          )
          assert.deepStrictEqual(create!.body, { user_id: userId })
          assert.strictEqual(create!.apiVersion, undefined)
          assert.isFalse(JSON.stringify(yield* emulator.requests).includes(inProcessOptions.secretKey))
          yield* emulator.clearRequests
          assert.deepStrictEqual(yield* emulator.requests, [])
        }))
    })
  })
