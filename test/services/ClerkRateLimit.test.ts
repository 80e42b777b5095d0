import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Either, Exit, Fiber, Redacted, TestClock } from "effect"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { ClerkConfig, ClerkHttpClient, Jwks, RateLimited, Sessions } from "../../src/index.js"
import { layerTest } from "../../src/layers/ClerkTest.js"
import * as ClerkRateLimit from "../../src/services/ClerkRateLimit.js"
import { drive, limitedLayer, received, settle } from "../support/Quota.js"
import { makeRecordingTracer } from "../support/Recording.js"

const { Fault } = ClerkEmulator

/** `n` distinct seeded session ids (distinct, so that no two calls are coalesced). */
const sessionIds = (n: number) =>
  Effect.map(ClerkEmulator.sessions, (sessions) => {
    assert.isAtLeast(sessions.length, n)
    return sessions.slice(0, n).map((s) => s.id)
  })

/** 10 per 10 s: a burst of 1, then one permit every 1177 ms. */
const slowQuota = { limit: 10, window: "10 seconds" } as const
const slowInterval = ClerkRateLimit.pace({ limit: 10, window: Duration.seconds(10) }).interval

describe("ClerkRateLimit", () => {
  describe("defaults and pace", () => {
    it.effect("takes the quota from the key: sk_live_ 1000 per 10 s, other keys 100; configurable or off", () =>
      Effect.gen(function*() {
        const quotaOf = (secretKey: string, rateLimit?: ClerkConfig.Options["rateLimit"]) =>
          Effect.map(
            ClerkConfig.make({
              secretKey: Redacted.make(secretKey),
              ...(rateLimit === undefined ? {} : { rateLimit })
            }),
            (config) => config.rateLimit
          )
        const live = yield* quotaOf("sk_live_abc")
        assert.deepStrictEqual([live?.limit, Duration.toMillis(live!.window)], [1000, 10_000])
        const test = yield* quotaOf("sk_test_abc")
        assert.deepStrictEqual([test?.limit, Duration.toMillis(test!.window)], [100, 10_000])
        const custom = yield* quotaOf("sk_test_abc", { limit: 40, window: "2 seconds" })
        assert.deepStrictEqual([custom?.limit, Duration.toMillis(custom!.window)], [40, 2000])
        assert.isUndefined(yield* quotaOf("sk_live_abc", false))
        const bad = yield* Effect.flip(quotaOf("sk_test_abc", { limit: 0 }))
        assert.include(String(bad), "rateLimit")
      }))

    it("keeps rate + burst within 95 % of the quota in any window-long span", () => {
      for (const limit of [10, 40, 100, 250, 1000, 5000]) {
        const { burst, interval } = ClerkRateLimit.pace({ limit, window: Duration.seconds(10) })
        const inAnyWindow = 10_000 / interval + burst
        assert.isAtMost(inAnyWindow, limit * 0.95 + 1e-9, `limit ${limit}`)
        // and uses most of it: at least 90 % sustained
        assert.isAtLeast(10_000 / interval, limit * (limit >= 100 && limit <= 1000 ? 0.9 : 0.5), `limit ${limit}`)
        assert.isTrue(Number.isInteger(interval), "whole milliseconds (Redis PX)")
      }
      assert.strictEqual(ClerkRateLimit.pace({ limit: 100, window: Duration.seconds(10) }).burst, 2)
      assert.strictEqual(ClerkRateLimit.pace({ limit: 1000, window: Duration.seconds(10) }).burst, 40)
    })
  })

  describe("the service: slots and deadlines", () => {
    /** 10 per 10 s: one slot every 1177 ms, a burst of 1. */
    const limiter = ClerkRateLimit.make({ limit: 10, window: Duration.seconds(10) })
    const ticket = (deadline: number): ClerkRateLimit.Ticket => ({ method: "GET", path: "/v1/sessions", deadline })
    /**
     * Acquires for `deadline` in a fiber, which has taken its slot when this returns. The fiber answers when
     * `acquire` ended (test clock) and how: the milliseconds waited, or the error.
     */
    const acquire = (service: ClerkRateLimit.Service, deadline: number) =>
      Effect.tap(
        Effect.fork(Effect.zip(Effect.either(service.acquire(ticket(deadline))), TestClock.currentTimeMillis)),
        () => Effect.repeatN(Effect.yieldNow(), 5)
      )
    /** When the call was let go. */
    const sentAt = ([result, at]: readonly [Either.Either<number, RateLimited>, number]) => {
      assert.isTrue(Either.isRight(result), "sent")
      return at
    }
    /** When the call was refused, and the wait it would have had. */
    const refused = ([result, at]: readonly [Either.Either<number, RateLimited>, number]) => {
      assert.isTrue(Either.isLeft(result), "refused")
      const error = Either.isLeft(result) ? result.left : undefined
      assert.strictEqual(error?.errors[0]?.code, ClerkRateLimit.queueCode)
      assert.include(error?.message, "not sent")
      return { at, retryAfter: Duration.toMillis(error!.retryAfter!) }
    }

    it.effect("never lets a call go after its deadline; a refused call takes nothing from the quota", () =>
      Effect.gen(function*() {
        const service = yield* limiter
        assert.strictEqual(sentAt(yield* Fiber.join(yield* acquire(service, 0))), 0)
        // the next slot is at 1177 ms: refused at once, and the slot stays for a caller whose deadline it fits
        assert.deepStrictEqual(refused(yield* Fiber.join(yield* acquire(service, 1000))), {
          at: 0,
          retryAfter: slowInterval
        })
        assert.deepStrictEqual(refused(yield* Fiber.join(yield* acquire(service, 1176))), {
          at: 0,
          retryAfter: slowInterval
        })
        const fits = yield* acquire(service, 5000)
        const next = yield* acquire(service, 5000)
        yield* TestClock.adjust("10 seconds")
        assert.strictEqual(sentAt(yield* Fiber.join(fits)), slowInterval, "the slot the refused calls left")
        assert.strictEqual(sentAt(yield* Fiber.join(next)), 2 * slowInterval, "no slot lost to refusals")
      }))

    it.effect("a 429 learnt while a call waits: it goes after the pause if its deadline allows, else it is refused", () =>
      Effect.gen(function*() {
        const service = yield* limiter
        yield* service.acquire(ticket(0))
        const short = yield* acquire(service, 2000) // slot at 1177 ms, then paused until 3000 ms: past its deadline
        const long = yield* acquire(service, 4000) // slot at 2354 ms, then paused until 3000 ms: within
        yield* service.learn(Duration.seconds(3))
        const after = yield* acquire(service, 20_000) // a new slot: after the pause
        yield* TestClock.adjust("20 seconds")
        assert.deepStrictEqual(refused(yield* Fiber.join(short)), { at: slowInterval, retryAfter: 3000 - slowInterval })
        assert.strictEqual(sentAt(yield* Fiber.join(long)), 3000)
        assert.isAtLeast(sentAt(yield* Fiber.join(after)), 3000)
      }))

    it.effect("many callers, deadlines all over: each goes by its deadline or is refused at once", () =>
      Effect.gen(function*() {
        const service = yield* limiter
        const deadlines = Array.from({ length: 40 }, (_, i) => (i * 7919) % 12_000)
        const fibers = yield* Effect.forEach(deadlines, (deadline) => acquire(service, deadline))
        yield* TestClock.adjust("30 seconds")
        const outcomes = yield* Effect.forEach(fibers, Fiber.join)
        const sent = outcomes.flatMap((outcome, i) =>
          Either.isRight(outcome[0]) ? [{ at: sentAt(outcome), deadline: deadlines[i]! }] : []
        )
        for (const { at, deadline } of sent) assert.isAtMost(at, deadline)
        for (const outcome of outcomes) if (Either.isLeft(outcome[0])) assert.strictEqual(refused(outcome).at, 0)
        // the quota is used: one call per slot, a slot every 1177 ms up to the last deadline (12 s)
        assert.isAtLeast(sent.length, 9)
        assert.strictEqual(new Set(sent.map(({ at }) => at)).size, sent.length)
      }))
  })

  describe("in process (ClerkLive's default)", () => {
    it.effect("keeps 200 concurrent calls inside an emulator enforcing the same quota: all succeed, no 429", () =>
      Effect.gen(function*() {
        const ids = yield* sessionIds(20)
        const fibers = yield* Effect.forEach(
          Array.from({ length: 200 }, (_, i) => ids[i % ids.length]!),
          (id, i) =>
            Effect.fork(
              i < 20 ? Effect.asVoid(Sessions.get(id)) : Effect.asVoid(Sessions.list({ limit: 1, offset: i }))
            ),
          { concurrency: "unbounded" }
        )
        const exits = yield* drive(fibers, 100)
        assert.deepStrictEqual(exits.filter(Exit.isFailure), [])
        const stats = yield* Effect.flatMap(ClerkEmulator.ClerkEmulator, (e) => e.quotaStats)
        assert.deepStrictEqual([stats?.accepted, stats?.limited], [200, 0])
        // paced, not bursted: 200 calls at 93 per 10 s take about 21 s of (test) time
        assert.isAbove(yield* TestClock.currentTimeMillis, 20_000)
      }).pipe(Effect.provide(limitedLayer({
        client: { maxRetryTime: "60 seconds" }, // the last in the queue waits ~21 s
        quota: { limit: 100, window: "10 seconds" }
      }))))

    it.effect("the same calls without the limit meet the emulator's 429s", () =>
      Effect.gen(function*() {
        const fibers = yield* Effect.forEach(
          Array.from({ length: 150 }, (_, i) => i),
          (i) => Effect.fork(Sessions.list({ limit: 1, offset: i })),
          { concurrency: "unbounded" }
        )
        yield* drive(fibers, 500)
        const stats = yield* Effect.flatMap(ClerkEmulator.ClerkEmulator, (e) => e.quotaStats)
        assert.isAtLeast(stats!.limited, 50)
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: false }, quota: { limit: 100 } }))))

    it.effect("lets a burst through, then paces: a test key sends 2 at once, then 2 per window of 2 intervals", () =>
      Effect.gen(function*() {
        const ids = yield* sessionIds(5)
        const fibers = yield* Effect.forEach(ids, (id) => Effect.fork(Sessions.get(id)))
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 2)
        const { burst, interval } = ClerkRateLimit.pace({ limit: 100, window: Duration.seconds(10) })
        assert.strictEqual(burst, 2)
        yield* TestClock.adjust(`${2 * interval - 1} millis`)
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 2, "the next window opens after 2 intervals")
        yield* TestClock.adjust("1 millis")
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 4)
        yield* TestClock.adjust(`${2 * interval - 1} millis`)
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 4)
        yield* TestClock.adjust("1 millis")
        yield* drive(fibers, 20)
        assert.strictEqual((yield* received("/v1/sessions/")).length, 5, "the fifth in the third window")
      }).pipe(Effect.provide(limitedLayer({}))))

    it.effect("counts retries: a retry waits for its permit even after its backoff has passed", () =>
      Effect.gen(function*() {
        const [id] = yield* sessionIds(1)
        yield* ClerkEmulator.injectFault(Fault.status(503, { method: "GET", path: "/v1/sessions/:id", times: 1 }))
        const fiber = yield* Effect.fork(Sessions.get(id!))
        yield* settle
        yield* TestClock.adjust("1000 millis") // backoff (200–300 ms) long over, permit due at 1177 ms
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 1)
        yield* TestClock.adjust("200 millis")
        yield* settle
        const exit = yield* Fiber.await(fiber)
        assert.isTrue(Exit.isSuccess(exit))
        assert.deepStrictEqual((yield* received("/v1/sessions/")).map((r) => r.status), [503, 200])
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: slowQuota } }))))

    it.effect("does not count GET /v1/jwks (a request with rateLimited: false)", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        const http = yield* ClerkHttpClient.make.pipe(
          Effect.provide(
            ClerkConfig.layer({ secretKey: emulator.secretKey, apiUrl: emulator.url, rateLimit: slowQuota })
          ),
          Effect.provide(FetchHttpClient.layer),
          Effect.provideService(FetchHttpClient.Fetch, emulator.fetch)
        )
        const request = (path: ReadonlyArray<string>, rateLimited: boolean) =>
          http.execute({
            method: "GET",
            path,
            idempotent: true,
            decode: Effect.succeed,
            allow: [],
            rateLimited
          })
        const [id] = yield* sessionIds(1)
        yield* request(["sessions", id!], true) // spends the burst of 1
        for (let i = 0; i < 5; i++) yield* request(["jwks"], false) // no wait: none of them is limited
        assert.strictEqual((yield* received("/v1/jwks")).length, 5)
        const queued = yield* Effect.fork(request(["sessions", id!], true))
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 1, "the limited one waits")
        yield* drive([queued], 100)
      }).pipe(Effect.scoped, Effect.provide(limitedLayer({ client: { rateLimit: false } }))))

    it.effect("does not count Jwks.get", () =>
      Effect.gen(function*() {
        const [id] = yield* sessionIds(1)
        yield* Sessions.get(id!) // spends the burst of 1
        for (let i = 0; i < 5; i++) yield* Jwks.get()
        assert.strictEqual((yield* received("/v1/jwks")).length, 5)
        assert.strictEqual(yield* TestClock.currentTimeMillis, 0, "none of them waited")
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: slowQuota } }))))

    it.effect("learns from a 429: nothing else leaves the process until Retry-After has passed", () =>
      Effect.gen(function*() {
        const [id, userIdOf] = [(yield* sessionIds(1))[0]!, (yield* ClerkEmulator.sessions)[0]!.user_id]
        yield* ClerkEmulator.injectFault(
          Fault.status(429, { retryAfter: 3, method: "GET", path: "/v1/sessions/:id", times: 1 })
        )
        const first = yield* Effect.fork(Effect.asVoid(Sessions.get(id)))
        yield* settle
        const other = yield* Effect.fork(Effect.asVoid(Sessions.list({ userId: userIdOf })))
        yield* settle
        yield* TestClock.adjust("2900 millis")
        yield* settle
        assert.deepStrictEqual((yield* received("/v1/sessions")).map((r) => r.status), [429], "paused")
        yield* TestClock.adjust("200 millis")
        yield* settle
        yield* drive([first, other], 50)
        assert.strictEqual((yield* received("/v1/sessions")).length, 3)
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: { limit: 1000 } } }))))

    it.effect("without the limit, the same second call goes out at once (control)", () =>
      Effect.gen(function*() {
        const [id, userIdOf] = [(yield* sessionIds(1))[0]!, (yield* ClerkEmulator.sessions)[0]!.user_id]
        yield* ClerkEmulator.injectFault(
          Fault.status(429, { retryAfter: 3, method: "GET", path: "/v1/sessions/:id", times: 1 })
        )
        const first = yield* Effect.fork(Effect.asVoid(Sessions.get(id)))
        yield* settle
        const other = yield* Effect.fork(Effect.asVoid(Sessions.list({ userId: userIdOf })))
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions")).length, 2)
        yield* drive([first, other], 100)
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: false } }))))

    it.effect("a wait longer than maxRetryTime fails at once with RateLimited (client_rate_limited), unsent", () =>
      Effect.gen(function*() {
        const ids = yield* sessionIds(5)
        // permits at 0, 1177, 2354 ms; the 4th and 5th would come at 3531 ms, after the 3 s budget
        const fibers = yield* Effect.forEach(ids, (id) => Effect.fork(Sessions.get(id)))
        yield* settle
        const late = yield* Effect.forEach(fibers.slice(3), Fiber.await)
        for (const exit of late) {
          assert.isTrue(Exit.isFailure(exit))
          const error = Exit.isFailure(exit) ? exit.cause : undefined
          const failure = error?._tag === "Fail" ? error.error : undefined
          assert.instanceOf(failure, RateLimited)
          assert.strictEqual(failure.errors[0]?.code, ClerkRateLimit.queueCode)
          assert.closeTo(Duration.toMillis(failure.retryAfter!), 3 * slowInterval, 2)
          // in its own words: Clerk was not asked
          assert.match(failure.message, /^Rate limited: GET \/v1\/sessions\/\S+ not sent: /)
          assert.notInclude(failure.message, "answered")
        }
        assert.strictEqual(yield* TestClock.currentTimeMillis, 0, "failed without waiting")
        const exits = yield* drive(fibers.slice(0, 3), 50)
        assert.isTrue(exits.every(Exit.isSuccess))
        assert.strictEqual((yield* received("/v1/sessions/")).length, 3)
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: slowQuota, maxRetryTime: "3 seconds" } }))))

    it.effect("interrupting queued callers sends nothing and gives their permits back", () =>
      Effect.gen(function*() {
        const ids = yield* sessionIds(8)
        yield* Sessions.get(ids[0]!) // spends the burst
        const queued = yield* Effect.forEach(ids.slice(1, 6), (id) => Effect.fork(Sessions.get(id)))
        yield* settle
        // out of order: the permits are given back whatever the order of leaving
        for (const index of [1, 3, 0, 4, 2]) yield* Fiber.interrupt(queued[index]!)
        const next = yield* Effect.fork(Sessions.get(ids[6]!))
        yield* settle
        yield* TestClock.adjust(`${Math.ceil(slowInterval)} millis`) // the first queued slot, not the sixth
        yield* settle
        assert.isTrue(Exit.isSuccess(yield* Fiber.await(next)))
        yield* TestClock.adjust("20 seconds")
        yield* settle
        assert.deepStrictEqual((yield* received("/v1/sessions/")).map((r) => r.path.split("/")[3]), [ids[0], ids[6]])
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: slowQuota } }))))

    it.effect("a queued call's span shows its time in the queue (clerk.rate_limit.queued_ms)", () =>
      Effect.gen(function*() {
        const recorder = makeRecordingTracer()
        const ids = yield* sessionIds(2)
        const fibers = yield* Effect.forEach(
          ids,
          (id) => Effect.fork(Sessions.get(id).pipe(Effect.withTracer(recorder.tracer)))
        )
        yield* drive(fibers, 25)
        const queuedMs = recorder.spans.map((span) => span.attributes.get("clerk.rate_limit.queued_ms"))
        assert.isUndefined(queuedMs[0], "the first went at once")
        assert.closeTo(queuedMs[1] as number, slowInterval, 30)
      }).pipe(Effect.provide(limitedLayer({ client: { rateLimit: slowQuota } }))))

    it.effect("ClerkTest has no limit by default: 50 concurrent calls reach the emulator at once", () =>
      Effect.gen(function*() {
        const ids = yield* sessionIds(50)
        const fibers = yield* Effect.forEach(ids, (id) => Effect.fork(Sessions.get(id)))
        yield* settle
        assert.strictEqual((yield* received("/v1/sessions/")).length, 50)
        yield* drive(fibers, 10)
      }).pipe(Effect.provide(layerTest({ seed: { users: 10, sessionsPerUser: 10 } }))))
  })
})
