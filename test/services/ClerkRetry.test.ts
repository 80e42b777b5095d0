import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Effect, Exit, Fiber, Option, Schedule, TestClock } from "effect"
import type { ClerkConfig, ClerkError } from "../../src/index.js"
import { ClerkApiError, ClerkRetry, RateLimited, Sessions, SignInTokens, TransportError } from "../../src/index.js"
import { clerkError, fakeClerkLayer, json, makeFakeFetch, type Script } from "../support/FakeFetch.js"
import {
  callsReach,
  driveRetries,
  liveSleep,
  sleepScheduledAt,
  wireSession,
  wireSignInToken
} from "../support/Fixtures.js"

const okSession = () => json(200, wireSession())
const okToken = () => json(200, wireSignInToken())
const html502 = () =>
  new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
    status: 502,
    headers: { "content-type": "text/html" }
  })

/** A fake fetch answering `answers` and `ClerkLive` over it (with a long per-attempt timeout unless overridden). */
const setup = (answers: ReadonlyArray<Script>, options: Partial<ClerkConfig.Options> = {}) => {
  const fake = makeFakeFetch(...answers)
  const layer = fakeClerkLayer(fake.fetch, { timeout: "1 hour", ...options })
  return { calls: fake.calls, provide: Effect.provide(layer) }
}

/** Runs `effect` in a fiber and drives the TestClock through its backoffs (each shorter than `belowMillis`). */
const drive = <A, E>(effect: Effect.Effect<A, E>, belowMillis = 60_000) =>
  Effect.flatMap(Effect.fork(effect), (fiber) => driveRetries(fiber, belowMillis))

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  assert.isTrue(Exit.isFailure(exit), "the call failed")
  if (Exit.isSuccess(exit)) throw new Error("unreachable")
  const failure = Cause.failureOption(exit.cause)
  assert.isTrue(Option.isSome(failure), `a typed failure, got ${Cause.pretty(exit.cause)}`)
  return Option.getOrThrow(failure)
}

describe("ClerkRetry", () => {
  describe("Retry-After", () => {
    it.effect("waits at least Retry-After seconds before retrying a 429", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(429, "too_many_requests", { "retry-after": "3" }), okSession()])
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        yield* callsReach(calls, 1)
        yield* sleepScheduledAt(3000)
        yield* TestClock.adjust("2999 millis")
        yield* liveSleep(30)
        assert.strictEqual(calls.length, 1, "no retry before Retry-After")
        yield* TestClock.adjust("1 millis")
        yield* callsReach(calls, 2)
        const session = yield* Fiber.join(fiber)
        assert.strictEqual(session.id, "sess_123")
        assert.strictEqual(calls.length, 2)
      }))

    it.effect("reads an HTTP-date Retry-After against the clock", () =>
      Effect.gen(function*() {
        const now = Date.parse("2026-05-12T10:00:00Z")
        yield* TestClock.setTime(now)
        const retryAt = new Date(now + 5000).toUTCString()
        const { calls, provide } = setup([
          clerkError(429, "too_many_requests", { "retry-after": retryAt }),
          okSession()
        ])
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        yield* callsReach(calls, 1)
        yield* sleepScheduledAt(5000)
        yield* TestClock.adjust("4999 millis")
        yield* liveSleep(30)
        assert.strictEqual(calls.length, 1)
        yield* TestClock.adjust("1 millis")
        yield* Fiber.join(fiber)
        assert.strictEqual(calls.length, 2)
      }))

    it.effect("gives up at once when Retry-After goes past maxRetryTime (default 30 s)", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(429, "too_many_requests", { "retry-after": "60" }), okSession()])
        const error = yield* Effect.flip(provide(Sessions.get("sess_123")))
        assert.instanceOf(error, RateLimited)
        assert.isTrue(Duration.equals(error.retryAfter!, Duration.seconds(60)))
        assert.strictEqual(calls.length, 1)
        assert.strictEqual(yield* TestClock.currentTimeMillis, 0, "no time waited")
      }))

    it.effect("keeps the Retry-After floor under a per-call schedule without delays", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(429, "too_many_requests", { "retry-after": "2" }), okSession()])
        const fiber = yield* Effect.fork(
          provide(Sessions.get("sess_123").pipe(ClerkRetry.withRetry(Schedule.recurs(1))))
        )
        yield* callsReach(calls, 1)
        yield* sleepScheduledAt(2000)
        yield* TestClock.adjust("1999 millis")
        yield* liveSleep(20)
        assert.strictEqual(calls.length, 1)
        yield* TestClock.adjust("1 millis")
        yield* Fiber.join(fiber)
        assert.strictEqual(calls.length, 2)
      }))
  })

  describe("what is retried", () => {
    it.effect("retries a 503 on get, then succeeds", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "service_unavailable"), okSession()])
        const { delays, exit } = yield* drive(provide(Sessions.get("sess_123")))
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(calls.length, 2)
        assert.strictEqual(delays.length, 1)
        assert.isTrue(delays[0]! >= 200 && delays[0]! <= 300, `first backoff ~250 ms, got ${delays[0]}`)
      }))

    for (
      const [name, answer] of [
        ["500", () => clerkError(500, "internal")],
        ["an HTML 502", html502],
        ["504", () => clerkError(504, "gateway_timeout")],
        ["ECONNRESET", () => ({ fail: "ECONNRESET" }) as const],
        ["ECONNREFUSED", () => ({ fail: "ECONNREFUSED" }) as const]
      ] as const
    ) {
      it.effect(`retries ${name} on get`, () =>
        Effect.gen(function*() {
          const { calls, provide } = setup([answer(), okSession()])
          const { exit } = yield* drive(provide(Sessions.get("sess_123")))
          assert.isTrue(Exit.isSuccess(exit))
          assert.strictEqual(calls.length, 2)
        }))
    }

    it.effect("retries a timed-out attempt on get, aborting its fetch", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([{ hang: true }, okSession()], { timeout: "2 seconds" })
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        yield* callsReach(calls, 1)
        yield* sleepScheduledAt(2000)
        yield* TestClock.adjust("2 seconds")
        const { exit } = yield* driveRetries(fiber, 1500)
        assert.isTrue(Exit.isSuccess(exit))
        assert.strictEqual(calls.length, 2)
        // the timed-out attempt was aborted while it hung (the platform's HttpClient also aborts a response's
        // controller once its body has been read, harmless then: so only the first call's state tells)
        assert.isTrue(calls[0]!.signal?.aborted)
      }))

    const creations: ReadonlyArray<
      readonly [
        string,
        Effect.Effect<unknown, ClerkError, Sessions.Sessions | SignInTokens.SignInTokens>,
        () => Response
      ]
    > = [
      ["Sessions.create", Sessions.create({ userId: "user_1" }), okSession],
      ["SignInTokens.create", SignInTokens.create({ userId: "user_1" }), okToken]
    ]
    for (const [name, run, ok] of creations) {
      describe(name, () => {
        it.effect("does not retry a 500", () =>
          Effect.gen(function*() {
            const { calls, provide } = setup([clerkError(500, "internal"), ok()])
            const error = yield* Effect.flip(provide(run))
            assert.instanceOf(error, ClerkApiError)
            assert.strictEqual(error.status, 500)
            assert.strictEqual(calls.length, 1)
          }))

        it.effect("does not retry an HTML 502 or ECONNRESET", () =>
          Effect.gen(function*() {
            const first = setup([html502(), ok()])
            assert.strictEqual((yield* Effect.flip(first.provide(run)))._tag, "UnexpectedResponse")
            assert.strictEqual(first.calls.length, 1)
            const second = setup([{ fail: "ECONNRESET" }, ok()])
            const error = yield* Effect.flip(second.provide(run))
            assert.instanceOf(error, TransportError)
            assert.strictEqual(error.failure, "ConnectionReset")
            assert.strictEqual(second.calls.length, 1)
          }))

        it.effect("does not retry a timed-out attempt, which Clerk may have processed", () =>
          Effect.gen(function*() {
            const { calls, provide } = setup([{ hang: true }, ok()], { timeout: "2 seconds" })
            const fiber = yield* Effect.fork(provide(run))
            yield* callsReach(calls, 1)
            yield* sleepScheduledAt(2000)
            yield* TestClock.adjust("2 seconds")
            const error = yield* Effect.flip(Fiber.join(fiber))
            assert.instanceOf(error, TransportError)
            assert.strictEqual(error.failure, "Timeout")
            assert.strictEqual(calls.length, 1)
          }))

        it.effect("does not retry a 500 even under a per-call schedule", () =>
          Effect.gen(function*() {
            const { calls, provide } = setup([clerkError(500, "internal"), ok()])
            yield* Effect.flip(provide(run.pipe(ClerkRetry.withRetry(Schedule.recurs(3)))))
            assert.strictEqual(calls.length, 1)
          }))

        it.effect("does not retry a 503 (Clerk body, HTML or empty): a proxy may send it after Clerk acted", () =>
          Effect.gen(function*() {
            const answers: ReadonlyArray<readonly [string, () => Response]> = [
              ["Clerk body", () => clerkError(503, "service_unavailable")],
              [
                "HTML",
                () => new Response("<html>busy</html>", { status: 503, headers: { "content-type": "text/html" } })
              ],
              ["empty", () => new Response(null, { status: 503 })]
            ]
            for (const [what, answer] of answers) {
              const { calls, provide } = setup([answer(), ok()])
              const error = yield* Effect.flip(provide(run))
              assert.isTrue(error._tag === "ClerkApiError" || error._tag === "UnexpectedResponse", what)
              assert.strictEqual((error as ClerkApiError).status, 503, what)
              assert.strictEqual(calls.length, 1, `${what}: not retried`)
            }
          }))

        for (
          const [what, answer] of [
            ["429", () => clerkError(429, "too_many_requests", { "retry-after": "1" })],
            ["ECONNREFUSED", () => ({ fail: "ECONNREFUSED" }) as const]
          ] as const
        ) {
          it.effect(`retries ${what}, which Clerk surely did not act on`, () =>
            Effect.gen(function*() {
              const { calls, provide } = setup([answer(), ok()])
              const { exit } = yield* drive(provide(run))
              assert.isTrue(Exit.isSuccess(exit))
              assert.strictEqual(calls.length, 2)
            }))
        }
      })
    }

    it.effect("does not retry 4xx answers other than 429", () =>
      Effect.gen(function*() {
        for (const status of [400, 401, 404, 422]) {
          const { calls, provide } = setup([clerkError(status, "nope"), okSession()])
          yield* Effect.flip(provide(Sessions.get("sess_123")))
          assert.strictEqual(calls.length, 1, String(status))
        }
      }))
  })

  describe("the schedule", () => {
    it.effect("stops after 4 retries by default (5 requests), with exponential jittered backoff, failing with the last error", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([
          clerkError(503, "a"),
          clerkError(503, "b"),
          clerkError(503, "c"),
          clerkError(500, "d"),
          clerkError(504, "last"),
          okSession()
        ])
        const { delays, exit } = yield* drive(provide(Sessions.get("sess_123")))
        const error = failureOf(exit)
        assert.instanceOf(error, ClerkApiError)
        assert.strictEqual(error.status, 504)
        assert.strictEqual(error.errors[0]?.code, "last")
        assert.strictEqual(calls.length, 5)
        assert.strictEqual(delays.length, 4)
        delays.forEach((delay, i) => {
          const base = 250 * 2 ** i
          assert.isTrue(delay >= base * 0.8 && delay <= base * 1.2, `backoff ${i}: ${delay} vs ${base}`)
        })
      }))

    it.effect("begins no wait that would end past maxRetryTime", () =>
      Effect.gen(function*() {
        // backoffs ~250 ms and ~500 ms fit in 1 s; the third (~1 s) would not
        const { calls, provide } = setup([clerkError(503, "busy")], { maxRetryTime: "1 second" })
        const { exit } = yield* drive(provide(Sessions.get("sess_123")))
        assert.strictEqual(failureOf(exit)._tag, "ClerkApiError")
        assert.strictEqual(calls.length, 3)
        assert.isTrue((yield* TestClock.currentTimeMillis) <= 1000)
      }))

    it.effect("uses the per-call schedule of ClerkRetry.withRetry", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "busy")])
        const error = yield* Effect.flip(
          provide(Sessions.get("sess_123").pipe(ClerkRetry.withRetry(Schedule.recurs(1))))
        )
        assert.strictEqual(error._tag, "ClerkApiError")
        assert.strictEqual(calls.length, 2)
      }))

    it.effect("makes one request under ClerkRetry.withoutRetry", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "busy"), okSession()])
        const error = yield* Effect.flip(provide(ClerkRetry.withoutRetry(Sessions.get("sess_123"))))
        assert.strictEqual(error._tag, "ClerkApiError")
        assert.strictEqual(calls.length, 1)
      }))

    it.effect("the per-call override ends with the call", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "busy")], { retry: Schedule.recurs(2) })
        yield* provide(Effect.gen(function*() {
          yield* Effect.flip(ClerkRetry.withoutRetry(Sessions.get("sess_123")))
          assert.strictEqual(calls.length, 1)
          yield* Effect.flip(Sessions.get("sess_123"))
          assert.strictEqual(calls.length, 4, "back to the configured schedule")
        }))
      }))

    it.effect("uses the retry schedule from ClerkConfig", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "busy")], {
          retry: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2)))
        })
        const { delays, exit } = yield* drive(provide(Sessions.get("sess_123")))
        assert.strictEqual(failureOf(exit)._tag, "ClerkApiError")
        assert.strictEqual(calls.length, 3)
        assert.deepStrictEqual(delays, [1000, 1000])
      }))

    it.effect("feeds the error of each attempt to the schedule", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([clerkError(503, "busy"), clerkError(429, "slow"), clerkError(503, "busy")], {
          retry: Schedule.recurWhile((e) => e._tag === "ClerkApiError")
        })
        const error = yield* Effect.flip(provide(Sessions.get("sess_123")))
        assert.strictEqual(error._tag, "RateLimited")
        assert.strictEqual(calls.length, 2)
      }))
  })

  describe("timeout and interruption", () => {
    it.effect("fails a hanging attempt with TransportError Timeout after the configured timeout and aborts its fetch", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([{ hang: true }], { timeout: "2 seconds" })
        const fiber = yield* Effect.fork(provide(ClerkRetry.withoutRetry(Sessions.get("sess_123"))))
        yield* callsReach(calls, 1)
        yield* sleepScheduledAt(2000)
        yield* TestClock.adjust("1999 millis")
        yield* liveSleep(20)
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting before the timeout")
        assert.isFalse(calls[0]!.signal?.aborted)
        yield* TestClock.adjust("1 millis")
        const error = yield* Effect.flip(Fiber.join(fiber))
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "Timeout")
        assert.strictEqual(error.method, "GET")
        assert.strictEqual(error.path, "/v1/sessions/sess_123")
        assert.strictEqual(calls.length, 1)
        yield* liveSleep(5)
        assert.isTrue(calls[0]!.signal?.aborted, "the fetch was aborted")
      }))

    it.effect("stops retrying hanging attempts within maxRetryTime: the last attempt is cut at the deadline", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([{ hang: true }], { timeout: "10 seconds" })
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        for (let attempt = 1; attempt <= 2; attempt++) {
          yield* callsReach(calls, attempt)
          yield* sleepScheduledAt(10_000)
          yield* TestClock.adjust("10 seconds")
          yield* TestClock.adjust(`${yield* nextBackoffBelow(5000)} millis`)
        }
        yield* callsReach(calls, 3)
        // 3rd attempt: what is left of the 30 s, not a whole 10 s
        const left = 30_000 - (yield* TestClock.currentTimeMillis)
        assert.isBelow(left, 10_000)
        const due = yield* nextBackoffBelow(10_000)
        assert.closeTo(due, left, 1, "its deadline is the end of the budget")
        yield* TestClock.adjust(`${due} millis`)
        const error = yield* Effect.flip(Fiber.join(fiber))
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "Timeout")
        assert.include(error.detail, "the rest of maxRetryTime (30s)")
        assert.closeTo(yield* TestClock.currentTimeMillis, 30_000, 1, "the call ended at its budget")
        assert.strictEqual(calls.length, 3)
        yield* liveSleep(5)
        assert.isTrue(calls.every((call) => call.signal?.aborted))
      }))

    it.effect("a 5 s budget ends at 5 s: each attempt's deadline is min(timeout, what is left of maxRetryTime)", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([{ hang: true }], {
          timeout: "2 seconds",
          maxRetryTime: "5 seconds",
          retry: Schedule.spaced("100 millis")
        })
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        // attempts 0-2 s and 2.1-4.1 s time out; the one begun at 4.2 s has 0.8 s left, not 2 s (ending at 6.2 s)
        let ended: number | undefined
        for (let step = 0; step < 100 && ended === undefined; step++) {
          yield* liveSleep(2)
          yield* TestClock.adjust("100 millis")
          yield* liveSleep(2)
          if (Option.isSome(yield* Fiber.poll(fiber))) ended = yield* TestClock.currentTimeMillis
        }
        const error = yield* Effect.flip(Fiber.join(fiber))
        assert.instanceOf(error, TransportError)
        assert.strictEqual(error.failure, "Timeout")
        assert.strictEqual(ended, 5000, "the call ended at 5 s")
        assert.strictEqual(calls.length, 3)
        assert.match(error.detail, /within 800ms, the rest of maxRetryTime \(5s\)/)
      }))

    it.effect("aborts the fetch when the calling fiber is interrupted", () =>
      Effect.gen(function*() {
        const { calls, provide } = setup([{ hang: true }])
        const fiber = yield* Effect.fork(provide(Sessions.get("sess_123")))
        yield* callsReach(calls, 1)
        assert.isFalse(calls[0]!.signal?.aborted)
        yield* Fiber.interrupt(fiber)
        assert.isTrue(calls[0]!.signal?.aborted)
        yield* liveSleep(20)
        assert.strictEqual(calls.length, 1, "no retry after interruption")
      }))
  })
})

const nextBackoffBelow = (millis: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      const now = yield* TestClock.currentTimeMillis
      const due = (yield* TestClock.sleeps()).pipe((sleeps) => [...sleeps].map((t) => t - now)).filter((d) =>
        d > 0 && d < millis
      )
      if (due.length > 0) return Math.min(...due)
      yield* liveSleep(5)
    }
    return yield* Effect.dieMessage("no backoff")
  })
