import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Exit, TestClock } from "effect"
import * as Jose from "jose"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import { get, post } from "../support/Http.js"
import { inProcessOptions } from "../support/Options.js"

const now = Date.UTC(2026, 4, 1, 9, 30)
const iat = now / 1000

/** The emulator reset, its clock at `now`. */
const fresh = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* emulator.reset
  yield* TestClock.setTime(now)
  return emulator
})

/** The first active session whose organization has its user as `role`, or with no organization nor actor. */
const activeSession = (emulator: ClerkEmulator.Handle, role: "org:admin" | "org:member" | "none") =>
  Effect.gen(function*() {
    const organizations = yield* emulator.organizations
    const session = (yield* emulator.sessions).find((session) => {
      if (session.status !== "active") return false
      if (role === "none") return session.last_active_organization_id === null && session.actor === null
      const organization = organizations.find((o) => o.id === session.last_active_organization_id)
      return organization?.memberships.some((m) => m.user_id === session.user_id && m.role === role) === true
    })
    assert.isDefined(session, `the seed has an active session (${role})`)
    const organization = organizations.find((o) => o.id === session!.last_active_organization_id)
    return { session: session!, organization }
  })

/** Verifies with jose against the key set served by `GET /v1/jwks`, at the emulator's clock time. */
const verify = (emulator: ClerkEmulator.Handle, token: string) =>
  Effect.gen(function*() {
    const jwks = yield* get(emulator, "/v1/jwks")
    assert.strictEqual(jwks.status, 200)
    const currentDate = new Date(yield* TestClock.currentTimeMillis)
    return yield* Effect.tryPromise(() =>
      Jose.jwtVerify(token, Jose.createLocalJWKSet(jwks.json), { algorithms: ["RS256"], currentDate })
    )
  })

const minutesSince = (createdAt: number) => Math.floor((now - createdAt) / 60_000)

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("ClerkEmulator.sessionToken", () => {
    it.effect("mints a version 2 token for an org admin that jose verifies against GET /v1/jwks", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const { organization, session } = yield* activeSession(emulator, "org:admin")
        const token = yield* emulator.sessionToken(session.id)
        const { payload, protectedHeader } = yield* verify(emulator, token)
        assert.deepStrictEqual(protectedHeader, {
          alg: "RS256",
          kid: emulator.jwks.keys[0]!.kid,
          typ: "JWT",
          cat: "cl_B7d4PD111AAA" // Clerk's session category
        })
        // The admin role has dashboard:manage, dashboard:read and teams:read: Clerk's "Session tokens" doc
        // gives exactly this example (fea o:dashboard,o:teams; per manage,read; fpm 3,2).
        assert.deepStrictEqual(payload, {
          azp: "http://localhost:3000",
          exp: iat + 60,
          fea: "o:dashboard,o:teams",
          fva: [minutesSince(session.created_at), -1],
          iat,
          iss: inProcessOptions.issuer,
          nbf: iat - 10,
          o: { id: organization!.id, rol: "admin", slg: organization!.slug, per: "manage,read", fpm: "3,2" },
          sid: session.id,
          sts: "active",
          sub: session.user_id,
          v: 2
        })
      }))

    it.effect("gives a member rol member, per read, fpm 1,0, and a session without organization no o nor fea", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const member = yield* activeSession(emulator, "org:member")
        const memberClaims = (yield* verify(emulator, yield* emulator.sessionToken(member.session.id))).payload
        assert.strictEqual(memberClaims.fea, "o:dashboard,o:teams")
        assert.deepStrictEqual(memberClaims.o, {
          id: member.organization!.id,
          rol: "member",
          slg: member.organization!.slug,
          per: "read",
          fpm: "1,0"
        })
        const alone = yield* activeSession(emulator, "none")
        const aloneClaims = (yield* verify(emulator, yield* emulator.sessionToken(alone.session.id))).payload
        assert.deepStrictEqual(Object.keys(aloneClaims).sort(), [
          "azp",
          "exp",
          "fva",
          "iat",
          "iss",
          "nbf",
          "sid",
          "sts",
          "sub",
          "v"
        ])
        assert.strictEqual(aloneClaims.sub, alone.session.user_id)
      }))

    it.effect("derives per and fpm from the seeded roles, leaving system permissions out", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        yield* emulator.seed({
          roles: [{
            key: "org:billing",
            permissions: [
              "org:reports:read",
              "org:invoices:read",
              "org:sys_profile:manage",
              "org:invoices:create",
              "org:invoices:void"
            ]
          }]
        })
        const organizations = yield* emulator.organizations
        const session = (yield* emulator.sessions).find((s) =>
          s.status === "active" && s.last_active_organization_id !== null
        )!
        const organization = organizations.find((o) => o.id === session.last_active_organization_id)!
        assert.deepStrictEqual(organization.features, ["invoices", "reports"])
        const { payload } = yield* verify(emulator, yield* emulator.sessionToken(session.id))
        // actions sorted: create (bit 0), read (bit 1), void (bit 2); invoices has all three, reports read only
        assert.strictEqual(payload.fea, "o:invoices,o:reports")
        assert.deepStrictEqual(payload.o, {
          id: organization.id,
          rol: "billing",
          slg: organization.slug,
          per: "create,read,void",
          fpm: "7,2"
        })
      }))

    it.effect("an organization the user is not a member of gives o with its id only; an actor gives act", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const created = yield* post(emulator, "/v1/sessions", {
          body: { user_id: ClerkEmulator.seededUserId(0), active_organization_id: "org_elsewhere" }
        })
        const { payload } = yield* verify(emulator, yield* emulator.sessionToken(created.json.id))
        assert.deepStrictEqual(payload.o, { id: "org_elsewhere" })
        assert.isUndefined(payload.fea)
        const impersonated = (yield* emulator.sessions).find((s) => s.status === "active" && s.actor !== null)!
        const claims = (yield* verify(emulator, yield* emulator.sessionToken(impersonated.id))).payload
        assert.deepStrictEqual(claims.act, impersonated.actor)
      }))

    it.effect("honours azp (or none), expiresInSeconds, factorVerificationAge and extra claims", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const { session } = yield* activeSession(emulator, "none")
        const token = yield* emulator.sessionToken(session.id, {
          azp: "https://app.example.com",
          expiresInSeconds: 300,
          factorVerificationAge: [2, 1],
          claims: { role: "tester", sub: "user_forged", v: 1, metadata: { plan: "pro" } }
        })
        const { payload } = yield* verify(emulator, token)
        assert.strictEqual(payload.azp, "https://app.example.com")
        assert.strictEqual(payload.exp, iat + 300)
        assert.deepStrictEqual(payload.fva, [2, 1])
        assert.strictEqual(payload.role, "tester")
        assert.deepStrictEqual(payload.metadata, { plan: "pro" })
        assert.strictEqual(payload.sub, session.user_id, "the default claims win over extra ones")
        assert.strictEqual(payload.v, 2)
        const withoutAzp = yield* verify(emulator, yield* emulator.sessionToken(session.id, { azp: null }))
        assert.isFalse("azp" in withoutAzp.payload)
      }))

    it.effect("carries the emulator's clock: the token stops verifying once the clock passes exp", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const { session } = yield* activeSession(emulator, "org:admin")
        const token = yield* ClerkEmulator.sessionToken(session.id)
        yield* verify(emulator, token)
        yield* TestClock.adjust("61 seconds")
        const error = yield* Effect.flip(verify(emulator, token))
        assert.instanceOf(error.error, Jose.errors.JWTExpired)
      }))

    it.effect("fails with SessionTokenError not-found for an unknown session, not-active for a revoked one", () =>
      Effect.gen(function*() {
        const emulator = yield* fresh
        const unknown = yield* Effect.flip(emulator.sessionToken("sess_unknown"))
        assert.strictEqual(unknown._tag, "SessionTokenError")
        assert.instanceOf(unknown, ClerkEmulator.SessionTokenError)
        assert.strictEqual(unknown.reason, "not-found")
        assert.strictEqual(unknown.message, "No session was found with id sess_unknown.")

        const { session } = yield* activeSession(emulator, "none")
        const revoked = yield* post(emulator, `/v1/sessions/${session.id}/revoke`)
        assert.strictEqual(revoked.json.status, "revoked")
        const refused = yield* Effect.flip(ClerkEmulator.sessionToken(session.id))
        assert.deepStrictEqual(
          { reason: refused.reason, sessionId: refused.sessionId, status: refused.status },
          { reason: "not-active", sessionId: session.id, status: "revoked" }
        )
        assert.include(refused.message, "revoked")

        const ended = (yield* emulator.sessions).find((s) => s.status === "ended")!
        const exit = yield* Effect.exit(emulator.sessionToken(ended.id))
        assert.isTrue(Exit.isFailure(exit))
        assert.deepStrictEqual(
          Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.reason : undefined,
          "not-active"
        )
      }))
  })
