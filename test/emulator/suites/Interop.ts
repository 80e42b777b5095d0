import { createClerkClient, verifyToken } from "@clerk/backend"
import { isClerkAPIResponseError } from "@clerk/backend/errors"
import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as Jose from "jose"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../../src/emulator/Fault.js"
import * as Seed from "../../../src/emulator/Seed.js"

const userId = Seed.userId(0)

/** A @clerk/backend client talking to the emulator on a loopback port (the live clock signs real-time tokens). */
const clerkClient = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* emulator.reset
  const { url } = yield* ClerkEmulator.serve()
  const secretKey = Redacted.value(emulator.secretKey)
  return { emulator, url, secretKey, clerk: createClerkClient({ secretKey, apiUrl: url }) }
})

const rejection = (promise: Promise<unknown>) =>
  Effect.promise(() => promise.then(() => assert.fail("expected a rejection"), (error: unknown) => error))

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator, true>) =>
  describe("@clerk/backend 3.25 against the emulator", () => {
    describe("sessions", () => {
      it.scoped("getSessionList, getSession, createSession, revokeSession", () =>
        Effect.gen(function*() {
          const { clerk, emulator } = yield* clerkClient
          const list = yield* Effect.promise(() => clerk.sessions.getSessionList({ userId, limit: 2 }))
          assert.strictEqual(list.totalCount, 4)
          const own = (yield* emulator.sessions).filter((session) => session.user_id === userId)
          assert.deepStrictEqual(list.data.map((session) => session.id), own.slice(0, 2).map((session) => session.id))
          const [first] = list.data
          assert.strictEqual(first?.userId, userId)

          const session = yield* Effect.promise(() => clerk.sessions.getSession(own[0]!.id))
          assert.strictEqual(session.id, own[0]!.id)
          assert.strictEqual(session.status, own[0]!.status)
          assert.strictEqual(session.latestActivity?.id, own[0]!.latest_activity?.id)
          assert.strictEqual(session.expireAt, own[0]!.expire_at)

          const created = yield* Effect.promise(() => clerk.sessions.createSession({ userId }))
          assert.strictEqual(created.status, "active")
          assert.strictEqual(created.userId, userId)
          assert.isNull(created.latestActivity)

          const revoked = yield* Effect.promise(() => clerk.sessions.revokeSession(created.id))
          assert.strictEqual(revoked.status, "revoked")
        }))

      it.scoped("getToken (plain, with a template, with expiresInSeconds), verified by @clerk/backend's verifyToken", () =>
        Effect.gen(function*() {
          const { clerk, emulator, secretKey, url } = yield* clerkClient
          const session = (yield* emulator.sessions).find((session) => session.status === "active")!
          const token = yield* Effect.promise(() => clerk.sessions.getToken(session.id))
          const payload = yield* Effect.promise(() =>
            verifyToken(token.jwt, { secretKey, apiUrl: url, skipJwksCache: true })
          )
          assert.strictEqual(payload.sid, session.id)
          assert.strictEqual(payload.sub, session.user_id)
          assert.strictEqual(payload.exp - payload.iat, 60)

          const templated = yield* Effect.promise(() => clerk.sessions.getToken(session.id, "supabase", 120))
          const templatedPayload = yield* Effect.promise(() =>
            verifyToken(templated.jwt, { secretKey, apiUrl: url, skipJwksCache: true, audience: "authenticated" })
          )
          assert.strictEqual((templatedPayload as any).role, "authenticated")
          assert.strictEqual(templatedPayload.exp - templatedPayload.iat, 120)

          const error = yield* rejection(clerk.sessions.getToken(session.id, "firebase"))
          assert.isTrue(isClerkAPIResponseError(error))
          if (isClerkAPIResponseError(error)) {
            assert.strictEqual(error.status, 404)
            assert.strictEqual(error.errors[0]?.code, "resource_not_found")
          }
        }))

      it.scoped("refreshSession as token and as (suffixed) cookies", () =>
        Effect.gen(function*() {
          const { clerk, emulator } = yield* clerkClient
          const session = (yield* emulator.sessions).find((session) => session.status === "active")!
          const { jwt } = yield* Effect.promise(() => clerk.sessions.getToken(session.id))
          const params = { expired_token: jwt, refresh_token: "refresh", request_origin: "https://app.example" }
          const token = yield* Effect.promise(() =>
            clerk.sessions.refreshSession(session.id, { ...params, format: "token" })
          )
          assert.match(token.jwt, /^eyJ/)
          const cookies = yield* Effect.promise(() =>
            clerk.sessions.refreshSession(session.id, {
              ...params,
              format: "cookie",
              suffixed_cookies: true,
              request_headers: { "user-agent": ["vitest"] }
            })
          )
          assert.deepStrictEqual(
            cookies.cookies.map((cookie) =>
              cookie.split("=")[0]!.replace(/^(__session|__client_uat)_.+$/, "$1_<suffix>")
            ),
            [
              "__session",
              "__client_uat",
              "__session_<suffix>",
              "__client_uat_<suffix>"
            ]
          )
        }))

      it.scoped("verifySession rejects with status 410 operation_deprecated (it sends Clerk-API-Version 2026-05-12)", () =>
        Effect.gen(function*() {
          const { clerk, emulator } = yield* clerkClient
          const session = (yield* emulator.sessions).find((session) => session.status === "active")!
          const error = yield* rejection(clerk.sessions.verifySession(session.id, "token"))
          assert.isTrue(isClerkAPIResponseError(error))
          if (isClerkAPIResponseError(error)) {
            assert.strictEqual(error.status, 410)
            assert.strictEqual(error.errors[0]?.code, "operation_deprecated")
            assert.match(error.clerkTraceId ?? "", /^[0-9a-f]{32}$/)
          }
        }))
    })

    describe("sign-in tokens", () => {
      it.scoped("createSignInToken and revokeSignInToken", () =>
        Effect.gen(function*() {
          const { clerk } = yield* clerkClient
          const created = yield* Effect.promise(() =>
            clerk.signInTokens.createSignInToken({ userId, expiresInSeconds: 600 })
          )
          assert.strictEqual(created.status, "pending")
          assert.strictEqual(created.userId, userId)
          assert.include(created.url, `__clerk_ticket=${created.token}`)
          const revoked = yield* Effect.promise(() => clerk.signInTokens.revokeSignInToken(created.id))
          assert.strictEqual(revoked.status, "revoked")
          const error = yield* rejection(
            clerk.signInTokens.createSignInToken({ userId: "user_nobody", expiresInSeconds: 60 })
          )
          assert.isTrue(isClerkAPIResponseError(error) && error.status === 404)
        }))
    })

    describe("wire behaviour", () => {
      it.scoped("what @clerk/backend sends: version and user-agent headers, JSON content type, snake_case", () =>
        Effect.gen(function*() {
          const { clerk, emulator } = yield* clerkClient
          const session = (yield* emulator.sessions).find((session) => session.status === "active")!
          yield* Effect.promise(() => clerk.sessions.getSessionList({ userId, status: "active" }))
          yield* Effect.promise(() => clerk.signInTokens.createSignInToken({ userId, expiresInSeconds: 60 }))
          yield* Effect.promise(() => clerk.sessions.revokeSession(session.id))
          const [list, create, revoke] = yield* emulator.requests
          assert.deepStrictEqual(list?.query, { user_id: userId, status: "active", paginated: "true" })
          for (const entry of [list, create, revoke]) {
            assert.strictEqual(entry?.apiVersion, "2026-05-12")
            assert.strictEqual(entry?.headers["user-agent"], "@clerk/backend@3.25.0")
            assert.strictEqual(entry?.headers["content-type"], "application/json")
            assert.strictEqual(entry?.headers.authorization, "Bearer <redacted>")
          }
          assert.deepStrictEqual(create?.body, { user_id: userId, expires_in_seconds: 60 })
          assert.isUndefined(revoke?.body)
        }))

      it.scoped("surfaces a 429 fault's Retry-After and a reset as its own unexpected_error", () =>
        Effect.gen(function*() {
          const { clerk, emulator } = yield* clerkClient
          yield* emulator.injectFault(Fault.status(429, { retryAfter: 3 }))
          const limited = yield* rejection(clerk.sessions.getSession("sess_any"))
          assert.isTrue(isClerkAPIResponseError(limited))
          if (isClerkAPIResponseError(limited)) {
            assert.strictEqual(limited.status, 429)
            assert.strictEqual(limited.retryAfter, 3)
            assert.strictEqual(limited.errors[0]?.code, "too_many_requests")
          }
          yield* emulator.injectFault(Fault.reset())
          const reset = yield* rejection(clerk.sessions.getSession("sess_any"))
          assert.isTrue(isClerkAPIResponseError(reset))
          if (isClerkAPIResponseError(reset)) {
            assert.isUndefined(reset.status)
            assert.strictEqual(reset.errors[0]?.code, "unexpected_error")
          }
        }))
    })

    describe("session tokens minted by the emulator", () => {
      it.scoped("authenticateRequest signs the request in and decodes the v2 org claims as Clerk does", () =>
        Effect.gen(function*() {
          const { emulator, secretKey, url } = yield* clerkClient
          const publishableKey = `pk_test_${globalThis.btoa("emulator.clerk.local$")}`
          const clerk = createClerkClient({ secretKey, apiUrl: url, publishableKey, telemetry: { disabled: true } })
          const organizations = yield* emulator.organizations
          const session = (yield* emulator.sessions).find((s) =>
            s.status === "active" &&
            organizations.some((o) =>
              o.id === s.last_active_organization_id &&
              o.memberships.some((m) => m.user_id === s.user_id && m.role === "org:admin")
            )
          )!
          const organization = organizations.find((o) => o.id === session.last_active_organization_id)!
          const token = yield* emulator.sessionToken(session.id, { factorVerificationAge: [3, -1] })
          const authenticate = (authorizedParties: Array<string>) =>
            Effect.promise(() =>
              clerk.authenticateRequest(
                new Request("http://localhost:3000/api", { headers: { authorization: `Bearer ${token}` } }),
                { authorizedParties }
              )
            )
          const state = yield* authenticate(["http://localhost:3000"])
          assert.strictEqual(state.status, "signed-in")
          const auth = state.toAuth()! as any
          assert.deepStrictEqual(
            {
              sessionId: auth.sessionId,
              sessionStatus: auth.sessionStatus,
              userId: auth.userId,
              orgId: auth.orgId,
              orgRole: auth.orgRole,
              orgSlug: auth.orgSlug,
              orgPermissions: auth.orgPermissions,
              factorVerificationAge: auth.factorVerificationAge
            },
            {
              sessionId: session.id,
              sessionStatus: "active",
              userId: session.user_id,
              orgId: organization.id,
              orgRole: "org:admin",
              orgSlug: organization.slug,
              orgPermissions: ["org:dashboard:manage", "org:dashboard:read", "org:teams:read"],
              factorVerificationAge: [3, -1]
            }
          )
          assert.isTrue(auth.has({ permission: "org:teams:read" }))
          assert.isFalse(auth.has({ permission: "org:teams:manage" }))
          const foreign = yield* authenticate(["https://app.example.com"])
          assert.strictEqual(foreign.status, "signed-out", "the default azp is http://localhost:3000")
        }))

      it.scoped("carry Clerk's cat and typ headers, so @clerk/backend tells each kind apart as it does Clerk's", () =>
        Effect.gen(function*() {
          const { clerk: api, emulator, secretKey, url } = yield* clerkClient
          const publishableKey = `pk_test_${globalThis.btoa("emulator.clerk.local$")}`
          const clerk = createClerkClient({ secretKey, apiUrl: url, publishableKey, telemetry: { disabled: true } })
          const session = (yield* emulator.sessions).find((s) => s.status === "active")!
          const tokens = {
            session: yield* emulator.sessionToken(session.id),
            sessionByApi: (yield* Effect.promise(() => api.sessions.getToken(session.id))).jwt,
            template: (yield* Effect.promise(() => api.sessions.getToken(session.id, "supabase"))).jwt,
            m2m: (yield* emulator.machines.createM2MToken({ format: "jwt" })).token,
            oauth: (yield* emulator.machines.createOAuthToken({ format: "jwt" })).token
          }
          const headers = Object.fromEntries(
            Object.entries(tokens).map(([name, token]) => {
              const { alg, cat, typ } = Jose.decodeProtectedHeader(token)
              return [name, { alg, cat, typ }]
            })
          )
          assert.deepStrictEqual(headers, {
            session: { alg: "RS256", cat: "cl_B7d4PD111AAA", typ: "JWT" },
            sessionByApi: { alg: "RS256", cat: "cl_B7d4PD111AAA", typ: "JWT" },
            template: { alg: "RS256", cat: "cl_B7d4PD222AAA", typ: "JWT" },
            m2m: { alg: "RS256", cat: "cl_B7d4PD333AAA", typ: "JWT" },
            oauth: { alg: "RS256", cat: undefined, typ: "at+jwt" }
          })
          const outcome = (token: string, acceptsToken: "session_token" | "m2m_token" | "oauth_token") =>
            Effect.promise(() =>
              clerk.authenticateRequest(
                new Request("http://localhost:3000/api", { headers: { authorization: `Bearer ${token}` } }),
                { acceptsToken }
              )
            ).pipe(Effect.map((state) => state.status === "signed-in" ? state.tokenType : state.reason))
          const kinds = ["session_token", "m2m_token", "oauth_token"] as const
          const table = yield* Effect.forEach(
            [tokens.session, tokens.sessionByApi, tokens.template, tokens.m2m, tokens.oauth],
            (token) => Effect.forEach(kinds, (kind) => outcome(token, kind))
          )
          const mismatch = "token-type-mismatch"
          assert.deepStrictEqual(table.map((row) => row.map((cell) => cell === mismatch ? "x" : cell)), [
            ["session_token", "x", "x"],
            ["session_token", "x", "x"],
            ["x", "x", "x"],
            ["x", "m2m_token", "x"],
            ["x", "x", "oauth_token"]
          ])
        }))
    })
  })
