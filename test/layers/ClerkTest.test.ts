import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Option, Stream } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { Sessions, SignInTokens } from "../../src/index.js"
import { ClerkTest, layerTest } from "../../src/layers/ClerkTest.js"

describe("ClerkTest", () => {
  it.effect("runs the real client against the seeded in-process emulator", () =>
    Effect.gen(function*() {
      const emulator = yield* ClerkEmulator.ClerkEmulator
      const seeded = yield* emulator.sessions
      const first = seeded[0]
      assert(first !== undefined)

      const page = yield* Sessions.list({ userId: first.user_id, limit: 500 })
      expect(page.totalCount).toBe(seeded.filter((s) => s.user_id === first.user_id).length)
      expect(page.data.map((s) => s.id)).toEqual(seeded.filter((s) => s.user_id === first.user_id).map((s) => s.id))

      const all = yield* Stream.runCollect(Sessions.listAll({ pageSize: 7 }))
      expect([...all].map((s) => s.id)).toEqual(seeded.map((s) => s.id))

      const created = yield* Sessions.create({ userId: first.user_id })
      expect(created.status).toBe("active")
      const revoked = yield* Sessions.revoke(created.id)
      expect(revoked.status).toBe("revoked")
      const after = yield* emulator.sessions
      expect(after.find((s) => s.id === created.id)?.status).toBe("revoked")

      const ticket = yield* SignInTokens.create({ userId: first.user_id, expiresInSeconds: 600 })
      expect(Option.isSome(ticket.url)).toBe(true)
      const tickets = yield* emulator.signInTokens
      expect(tickets.map((t) => t.id)).toContain(ticket.id)

      const requests = yield* emulator.requests
      expect(requests.every((r) => r.path.startsWith("/v1/"))).toBe(true)
    }).pipe(Effect.provide(ClerkTest)))

  it.effect("gives each provided layer its own emulator state", () =>
    Effect.gen(function*() {
      const countAfterCreate = Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        const [first] = yield* emulator.sessions
        assert(first !== undefined)
        yield* Sessions.create({ userId: first.user_id })
        return (yield* emulator.sessions).length
      })
      const a = yield* countAfterCreate.pipe(Effect.provide(ClerkTest))
      const b = yield* countAfterCreate.pipe(Effect.provide(ClerkTest))
      expect(a).toBe(b)
    }))

  it.effect("passes client settings through: an old API version makes verify work", () =>
    Effect.gen(function*() {
      const emulator = yield* ClerkEmulator.ClerkEmulator
      const [first] = (yield* emulator.sessions).filter((s) => s.status === "active")
      assert(first !== undefined)
      const { jwt } = yield* Sessions.createToken(first.id)
      const verified = yield* Sessions.verify(first.id, { token: jwt })
      expect(verified.id).toBe(first.id)
    }).pipe(Effect.provide(layerTest({ config: { apiVersion: "2024-10-01" } }))))

  it.effect("answers verify with Gone on the default API version", () =>
    Effect.gen(function*() {
      const emulator = yield* ClerkEmulator.ClerkEmulator
      const [first] = yield* emulator.sessions
      assert(first !== undefined)
      const exit = yield* Effect.exit(Sessions.verify(first.id, { token: "x.y.z" }))
      assert(Exit.isFailure(exit))
      const error = yield* Effect.flip(Sessions.verify(first.id, { token: "x.y.z" }))
      expect(error._tag).toBe("Gone")
    }).pipe(Effect.provide(ClerkTest)))
})
