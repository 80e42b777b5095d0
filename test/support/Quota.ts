import { Effect, Fiber, Layer, Option, TestClock } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import type { ClerkConfig } from "../../src/index.js"
import { layerTest } from "../../src/layers/ClerkTest.js"
import { liveSleep } from "./Fixtures.js"

/**
 * The real client over the in-process emulator, both on the test's clock: `client` is the client's settings
 * (`rateLimit` on unless given), `quota` the emulator's per-key quota.
 */
export const limitedLayer = (options: {
  readonly client?: Partial<Omit<ClerkConfig.Options, "secretKey" | "apiUrl">>
  readonly quota?: ClerkEmulator.RateLimitOptions
  readonly secretKey?: string
}) =>
  layerTest({
    config: { rateLimit: {}, ...options.client },
    seed: { users: 10, sessionsPerUser: 10 },
    ...(options.quota === undefined ? {} : { rateLimit: options.quota }),
    ...(options.secretKey === undefined ? {} : { secretKey: options.secretKey })
  }).pipe(Layer.orDie)

/** Lets the in-process fetches (promises) run. */
export const settle = Effect.gen(function*() {
  for (let i = 0; i < 3; i++) yield* liveSleep(1)
})

/**
 * Moves the TestClock forward in steps of `stepMillis`, letting real time pass after each, until every fiber is
 * done (at most `maxMillis` of test time). Answers the fibers' exits.
 */
export const drive = <A, E>(
  fibers: ReadonlyArray<Fiber.RuntimeFiber<A, E>>,
  stepMillis: number,
  maxMillis = 120_000
) =>
  Effect.gen(function*() {
    yield* settle
    for (let elapsed = 0; elapsed <= maxMillis; elapsed += stepMillis) {
      const polls = yield* Effect.forEach(fibers, Fiber.poll)
      if (polls.every(Option.isSome)) return polls.map((poll) => Option.getOrThrow(poll))
      yield* TestClock.adjust(`${stepMillis} millis`)
      yield* settle
    }
    return yield* Effect.dieMessage(`the calls did not finish within ${maxMillis} ms of test time`)
  })

/** Requests the emulator received for `path` (a prefix), in order. */
export const received = (prefix: string) =>
  Effect.map(ClerkEmulator.requests, (requests) => requests.filter((r) => r.path.startsWith(prefix)))
