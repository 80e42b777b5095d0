/**
 * The call's budget against the client-side rate limit (issue 20, item 5): a request the limit would release too late
 * to run is refused at once as `RateLimited` (not sent), never sent with a timeout cut to the sliver of budget left.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, TestClock } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { RateLimited, Sessions } from "../../src/index.js"
import { drive, limitedLayer, received, settle } from "../support/Quota.js"

/** One request per 10 s: a second one waits about 10 s for its turn. */
const onePer10s = { limit: 1, window: "10 seconds" } as const

const twoSessions = Effect.map(ClerkEmulator.sessions, (sessions) => sessions.slice(0, 2).map((s) => s.id))

describe("the budget and the rate limit", () => {
  it.effect("a turn that would leave less than a tenth of maxRetryTime is RateLimited at once, not sent", () =>
    Effect.gen(function*() {
      const [first, second] = yield* twoSessions
      yield* Sessions.get(first!)
      // its turn comes at about 10 s, past 10.5 s − min(timeout, 1.05 s): refused without waiting
      const fiber = yield* Effect.fork(Sessions.get(second!))
      yield* settle
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isFailure(exit))
      const error = yield* Effect.flip(exit)
      assert.instanceOf(error, RateLimited)
      assert.strictEqual(error.errors[0]?.code, "client_rate_limited")
      assert.include(error.message, "not sent")
      assert.strictEqual(yield* TestClock.currentTimeMillis, 0, "refused without waiting")
      assert.strictEqual((yield* received("/v1/sessions/")).length, 1, "the second request was never sent")
    }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: onePer10s, maxRetryTime: "10500 millis" } }))))

  it.effect("a turn well inside the budget is waited for, and the request gets its whole timeout", () =>
    Effect.gen(function*() {
      const [first, second] = yield* twoSessions
      yield* Sessions.get(first!)
      const fiber = yield* Effect.fork(Sessions.get(second!))
      const exits = yield* drive([fiber], 500)
      assert.isTrue(exits.every(Exit.isSuccess))
      assert.isAtLeast(yield* TestClock.currentTimeMillis, 9_000, "it waited for its turn")
      assert.strictEqual((yield* received("/v1/sessions/")).length, 2)
    }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: onePer10s, maxRetryTime: "30 seconds" } }))))
})
