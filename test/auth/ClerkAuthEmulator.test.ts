/**
 * `ClerkAuth` in `ClerkTest`, against the tokens the emulator mints as Clerk's Frontend API would (version 2), its
 * key rotation, and its request log.
 */
import { expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { ClerkAuth, Sessions } from "../../src/index.js"
import { ClerkTest, layerTest } from "../../src/layers/ClerkTest.js"
import { exitTexts, makeRecordingTracer, spanTexts } from "../support/Recording.js"

const activeSession = (withOrganization: boolean) =>
  Effect.map(
    ClerkEmulator.sessions,
    (sessions) =>
      sessions.find((s) => s.status === "active" && (s.last_active_organization_id !== null) === withOrganization)!
  )

const jwksFetches = Effect.map(
  ClerkEmulator.requests,
  (requests) => requests.filter((r) => r.path === "/v1/jwks").length
)

it.effect("an emulator session token of an org admin decodes to its session, role and permissions", () =>
  Effect.gen(function*() {
    const session = yield* activeSession(true)
    const token = yield* ClerkEmulator.sessionToken(session.id, { azp: "https://app.example.test" })
    const claims = yield* ClerkAuth.verifyToken(token)
    expect(claims.sessionId).toBe(session.id)
    expect(claims.userId).toBe(session.user_id)
    expect(claims.version).toBe(2)
    expect(claims.orgId).toEqual(Option.some(session.last_active_organization_id))
    expect(claims.orgRole).toEqual(Option.some("org:admin"))
    // the seeded admin role's permissions, system permissions left out, as Clerk's token carries them
    expect([...claims.orgPermissions].sort()).toEqual(["org:dashboard:manage", "org:dashboard:read", "org:teams:read"])
    expect(claims.authorizedParty).toEqual(Option.some("https://app.example.test"))
    expect(claims.sessionStatus).toEqual(Option.some("active"))
    expect(claims.expiresAt.epochMillis - claims.issuedAt.epochMillis).toBe(60_000)
  }).pipe(Effect.provide(ClerkTest)))

it.effect("a session without organization has none; the v1-style token of POST /sessions/{id}/tokens verifies too", () =>
  Effect.gen(function*() {
    const session = yield* activeSession(false)
    const claims = yield* ClerkAuth.verifyToken(yield* ClerkEmulator.sessionToken(session.id))
    expect([claims.orgId, claims.orgRole, claims.orgPermissions]).toEqual([Option.none(), Option.none(), []])
    const { jwt } = yield* Sessions.createToken(session.id)
    expect((yield* ClerkAuth.verifyToken(jwt)).sessionId).toBe(session.id)
  }).pipe(Effect.provide(ClerkTest)))

it.effect("after a key rotation, new tokens verify after exactly one JWKS refetch; old ones while the key is kept", () =>
  Effect.gen(function*() {
    const session = yield* activeSession(false)
    const before = yield* ClerkEmulator.sessionToken(session.id)
    yield* ClerkAuth.verifyToken(before)
    expect(yield* jwksFetches).toBe(1)
    // a rotation minutes after the first fetch (a refetch is allowed once per 5 s by default)
    yield* TestClock.adjust("5 seconds")
    yield* ClerkEmulator.rotateSigningKey()
    const after = yield* ClerkEmulator.sessionToken(session.id)
    const claims = yield* Effect.forEach(Array.from({ length: 20 }), () => ClerkAuth.verifyToken(after), {
      concurrency: "unbounded"
    })
    expect(claims.every((c) => c.sessionId === session.id)).toBe(true)
    expect(yield* jwksFetches).toBe(2)
    expect((yield* ClerkAuth.verifyToken(before)).sessionId).toBe(session.id)
    expect(yield* jwksFetches).toBe(2)
  }).pipe(Effect.provide(layerTest())))

it.effect("a key the rotation drops is refused once the instance has refetched the key set", () =>
  Effect.gen(function*() {
    const session = yield* activeSession(false)
    const before = yield* ClerkEmulator.sessionToken(session.id, { expiresInSeconds: 3600 })
    yield* ClerkAuth.verifyToken(before)
    yield* TestClock.adjust("5 seconds")
    yield* ClerkEmulator.rotateSigningKey({ keepPrevious: false })
    yield* ClerkAuth.verifyToken(yield* ClerkEmulator.sessionToken(session.id))
    expect(yield* Effect.flip(ClerkAuth.verifyToken(before))).toMatchObject({ reason: "unknown-key" })
    expect(yield* jwksFetches).toBe(2)
  }).pipe(Effect.provide(layerTest())))

it.effect("two ClerkTest instances (two Clerk instances) never accept each other's tokens", () =>
  Effect.gen(function*() {
    const session = yield* activeSession(false)
    const token = yield* ClerkEmulator.sessionToken(session.id)
    const elsewhere = yield* Effect.flip(ClerkAuth.verifyToken(token)).pipe(Effect.provide(layerTest()))
    expect(elsewhere).toMatchObject({ _tag: "TokenInvalid", reason: "unknown-key" })
  }).pipe(Effect.provide(layerTest())))

it.effect("spans (Jwks.get; verification itself is not spanned) carry no token nor secret key", () =>
  Effect.gen(function*() {
    const { spans, tracer } = makeRecordingTracer()
    const emulator = yield* ClerkEmulator.ClerkEmulator
    const session = yield* activeSession(true)
    const token = yield* ClerkEmulator.sessionToken(session.id)
    const forged = `${token.split(".").slice(0, 2).join(".")}.${token.split(".")[2]!.slice(0, -4)}AAAA`
    yield* Effect.gen(function*() {
      yield* ClerkAuth.verifyToken(token)
      yield* Effect.flip(ClerkAuth.verifyToken(forged))
      yield* ClerkAuth.authenticateRequest(
        new Request("http://app.test/", { headers: { cookie: `__session=${token}` } })
      )
    }).pipe(Effect.withTracer(tracer))
    expect(spans.map((s) => s.name)).toContain("Jwks.get")
    expect(spans.map((s) => s.name)).not.toContain("ClerkAuth.verifyToken")
    const text = [...spans.flatMap(spanTexts), ...spans.flatMap(exitTexts)].join("\n")
    for (const part of token.split(".")) expect(text).not.toContain(part.slice(0, 24))
    expect(text).not.toContain(Redacted.value(emulator.secretKey))
  }).pipe(Effect.provide(ClerkTest)))
