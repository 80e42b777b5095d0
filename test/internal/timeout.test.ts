import { assert, describe, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Exit, Fiber, FiberRef, TestClock } from "effect"
import { timeoutFail } from "../../src/internal/timeout.js"

/*
 * The live-clock path of `timeoutFail` (a timer instead of a sleeping fiber) must behave as `Effect.timeoutFail`,
 * but for fiber refs set inside: each scenario runs through both and compares what a caller can observe.
 */

const both = <A, E>(
  scenario: (
    timeout: <A1, E1, R>(self: Effect.Effect<A1, E1, R>, millis: number) => Effect.Effect<A1, E1 | "timeout", R>
  ) => Effect.Effect<A, E>
) =>
  Effect.all([
    scenario((self, millis) => timeoutFail(self, Duration.millis(millis), () => "timeout" as const)),
    scenario((self, millis) =>
      Effect.timeoutFail(self, { duration: Duration.millis(millis), onTimeout: () => "timeout" as const })
    )
  ])

describe("timeoutFail", () => {
  it.live("answers the value", () =>
    Effect.gen(function*() {
      const [fast, reference] = yield* both((timeout) => Effect.exit(timeout(Effect.as(Effect.sleep(5), "ok"), 1000)))
      assert.deepStrictEqual(fast, reference)
      assert.deepStrictEqual(fast, Exit.succeed("ok"))
    }))

  it.live("does not pass on fiber refs the effect set (the one difference from Effect.timeoutFail)", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(0)
      const [fast, reference] = yield* both((timeout) =>
        Effect.zipRight(timeout(FiberRef.set(ref, 7), 1000), FiberRef.get(ref))
      )
      assert.deepStrictEqual([fast, reference], [0, 7])
    }))

  it.live("passes failures and defects through", () =>
    Effect.gen(function*() {
      const [failed, failedReference] = yield* both((timeout) => Effect.exit(timeout(Effect.fail("boom"), 1000)))
      assert.deepStrictEqual(failed, failedReference)
      const [died, diedReference] = yield* both((timeout) => Effect.exit(timeout(Effect.die("bug"), 1000)))
      assert.deepStrictEqual(died, diedReference)
    }))

  it.live("on timeout interrupts the effect, waits for it to end, then fails", () =>
    Effect.gen(function*() {
      const [fast, reference] = yield* both((timeout) =>
        Effect.gen(function*() {
          const events: Array<string> = []
          const start = Date.now()
          const exit = yield* Effect.exit(
            timeout(
              Effect.never.pipe(
                Effect.onInterrupt(() =>
                  Effect.zipRight(Effect.sleep(20), Effect.sync(() => events.push("interrupted")))
                )
              ),
              50
            )
          )
          events.push("answered")
          return { exit, events, elapsed: Date.now() - start >= 50 }
        })
      )
      assert.deepStrictEqual(fast, reference)
      assert.deepStrictEqual(fast.exit, Exit.fail("timeout"))
      assert.deepStrictEqual(fast.events, ["interrupted", "answered"])
    }))

  it.live("interrupting the caller interrupts the effect and leaves no timer behind", () =>
    Effect.gen(function*() {
      const [fast, reference] = yield* both((timeout) =>
        Effect.gen(function*() {
          const started = yield* Deferred.make<void>()
          const interrupted = yield* Deferred.make<void>()
          const fiber = yield* Effect.fork(
            timeout(
              Effect.zipRight(Deferred.succeed(started, undefined), Effect.never).pipe(
                Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined))
              ),
              60_000
            )
          )
          yield* Deferred.await(started)
          const exit = yield* Fiber.interrupt(fiber)
          return { interrupted: yield* Deferred.isDone(interrupted), wasInterrupted: Exit.isInterrupted(exit) }
        })
      )
      assert.deepStrictEqual(fast, reference)
      assert.deepStrictEqual(fast, { interrupted: true, wasInterrupted: true })
    }))

  it.effect("under TestClock it is Effect.timeoutFail: the wait is a TestClock sleep", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(timeoutFail(Effect.never, Duration.seconds(2), () => "timeout" as const))
      yield* TestClock.adjust("2 seconds")
      assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("timeout"))
    }))
})
