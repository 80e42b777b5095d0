import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Layer, Logger, Redacted } from "effect"
import { Redis } from "ioredis"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { ClerkConfig, ClerkLive, RateLimited, Sessions } from "../../src/index.js"
import * as ClerkRateLimit from "../../src/services/ClerkRateLimit.js"
import * as ClerkRateLimitRedis from "../../src/services/ClerkRateLimitRedis.js"
import { liveSleep } from "../support/Fixtures.js"
import { redisServer } from "../support/RedisServer.js"

const { Fault } = ClerkEmulator

/** A client of the context's in-process emulator ("a process" of the fleet), limited through `limit`. */
const client = (
  emulator: ClerkEmulator.Handle,
  limit: Layer.Layer<ClerkRateLimit.ClerkRateLimit, never, ClerkConfig.ClerkConfig> | undefined,
  config: Partial<ClerkConfig.Options> = {}
) => {
  const clerkConfig = ClerkConfig.layer({
    secretKey: emulator.secretKey,
    apiUrl: emulator.url,
    rateLimit: { limit: 40, window: "1 second" },
    ...config
  }).pipe(Layer.orDie)
  const base = limit === undefined ? ClerkLive : ClerkLive.pipe(Layer.provide(limit))
  return base.pipe(Layer.provide(clerkConfig), Layer.provide(Layer.succeed(FetchHttpClient.Fetch, emulator.fetch)))
}

const logsOf = () => {
  const lines: Array<{ level: string; message: string }> = []
  const logger = Logger.make(({ logLevel, message }) => {
    lines.push({ level: logLevel.label, message: String(Array.isArray(message) ? message.join(" ") : message) })
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

/** `n` calls at once (distinct offsets: nothing coalesced), through `layer`. */
const burst = (n: number, layer: Layer.Layer<Sessions.Sessions>) =>
  Effect.forEach(
    Array.from({ length: n }, (_, i) => i),
    (i) => Effect.exit(Sessions.list({ limit: 1, offset: i })),
    { concurrency: "unbounded" }
  ).pipe(Effect.provide(layer))

const emulatorWithQuota = (limit: number, window: Duration.DurationInput = "1 second") =>
  ClerkEmulator.make({ rateLimit: { limit, window }, seed: { users: 2, sessionsPerUser: 2 } })

describe("ClerkRateLimitRedis (a real redis-server on loopback)", () => {
  it.live(
    "two processes sharing Redis stay together inside the quota; two in-process limits overshoot it",
    () =>
      Effect.gen(function*() {
        const redis = yield* redisServer
        // 40 per 2 s is one request every 55 ms. Each process makes 40 calls at once with a 2 s budget: a call whose
        // turn comes later fails at once, unsent. So one quota sends about 2000 / 55 = 37 calls in the budget, and
        // two separate ones about 74. Counts, not timings: the emulator counts over a minute (longer than the test,
        // however loaded the machine), allowing 50, between the two.
        const quota = { rateLimit: { limit: 40, window: "2 seconds" }, maxRetryTime: "2 seconds" } as const
        // a Redis call slower than `timeout` switches to the in-process limit (tested below): not on a loaded machine
        const viaRedis = (emulator: ClerkEmulator.Handle) =>
          client(
            emulator,
            ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port }, prefix: "t1:", timeout: "10 seconds" }),
            quota
          )
        // both processes built (connected to Redis) before either calls, so their budgets start together
        const twoProcesses = (emulator: ClerkEmulator.Handle, layer: typeof viaRedis) =>
          Effect.gen(function*() {
            const [a, b] = yield* Effect.all([Layer.build(layer(emulator)), Layer.build(layer(emulator))])
            const exits = yield* Effect.all([burst(40, Layer.succeedContext(a)), burst(40, Layer.succeedContext(b))], {
              concurrency: "unbounded"
            })
            return exits.flat()
          })
        const notSent = (exits: ReadonlyArray<Exit.Exit<unknown, unknown>>) =>
          exits.filter((exit) =>
            Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error instanceof RateLimited &&
            exit.cause.error.errors[0]?.code === ClerkRateLimit.queueCode
          ).length

        const shared = yield* emulatorWithQuota(50, "1 minute")
        const together = yield* twoProcesses(shared, viaRedis)
        const sent = (yield* shared.requests).length
        assert.strictEqual((yield* shared.quotaStats)?.limited, 0, `no 429: ${sent} sent`)
        assert.isAtLeast(sent, 20, "the shared quota was used")
        assert.strictEqual(together.filter(Exit.isSuccess).length, sent)
        assert.strictEqual(notSent(together), together.length - sent, "the others waited their turn, then gave up")

        const separate = yield* emulatorWithQuota(50, "1 minute")
        yield* twoProcesses(separate, (emulator) => client(emulator, undefined, quota))
        assert.isAbove((yield* separate.quotaStats)!.limited, 0)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live("keys Redis by a hash of the secret key, never the key itself", () =>
    Effect.gen(function*() {
      const redis = yield* redisServer
      const emulator = yield* emulatorWithQuota(1000)
      // 10 per 10 s: the key lives 1177 ms per permit taken
      yield* burst(
        1,
        client(emulator, ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port } }), {
          rateLimit: { limit: 10, window: "10 seconds" }
        })
      )
      const keys = yield* Effect.acquireUseRelease(
        Effect.sync(() => new Redis({ port: redis.port })),
        (r) => Effect.promise(() => r.keys("*")),
        (r) => Effect.promise(() => r.quit())
      )
      assert.deepStrictEqual(keys, [ClerkRateLimitRedis.redisKey(emulator.secretKey)])
      assert.match(keys[0]!, /^effect-clerk:quota:[0-9a-f]{32}$/)
      assert.notInclude(keys[0]!, Redacted.value(emulator.secretKey).slice(8))
    }).pipe(Effect.scoped), 30_000)

  it.live(
    "Redis stopped mid-run: calls go on under the in-process limit with one warning; back when it returns",
    () =>
      Effect.gen(function*() {
        const redis = yield* redisServer
        const logs = logsOf()
        const emulator = yield* emulatorWithQuota(1000)
        const layer = client(emulator, ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port }, prefix: "t3:" }))
        const run = Effect.gen(function*() {
          const calls = (n: number) =>
            Effect.forEach(
              Array.from({ length: n }, (_, i) => i),
              (i) => Effect.exit(Sessions.list({ limit: 1, offset: i })),
              { concurrency: 5 }
            )
          assert.isTrue((yield* calls(10)).every(Exit.isSuccess))
          yield* Effect.promise(() => redis.stop())
          assert.isTrue((yield* calls(30)).every(Exit.isSuccess), "no call fails while Redis is down")
          const warnings = logs.lines.filter((l) => l.level === "WARN")
          assert.strictEqual(warnings.length, 1)
          assert.include(warnings[0]!.message, "unavailable")
          assert.notInclude(warnings[0]!.message, Redacted.value(emulator.secretKey))

          yield* Effect.promise(() => redis.start())
          // ioredis reconnects within its retry strategy's delay (≤ 2 s); calls keep succeeding meanwhile
          for (let i = 0; i < 100 && !logs.lines.some((l) => l.message.includes("answers again")); i++) {
            assert.isTrue((yield* calls(2)).every(Exit.isSuccess))
            yield* liveSleep(100)
          }
          assert.strictEqual(logs.lines.filter((l) => l.message.includes("answers again")).length, 1)
          assert.strictEqual(logs.lines.filter((l) => l.level === "WARN").length, 1, "one warning per outage")
        })
        yield* run.pipe(Effect.provide(layer), Effect.provide(logs.layer))
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "Redis down from the start: the layer builds and calls run under the in-process limit",
    () =>
      Effect.gen(function*() {
        const redis = yield* redisServer
        yield* Effect.promise(() => redis.stop())
        const logs = logsOf()
        const emulator = yield* emulatorWithQuota(1000)
        const exits = yield* burst(5, client(emulator, ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port } })))
          .pipe(Effect.provide(logs.layer))
        assert.isTrue(exits.every(Exit.isSuccess))
        assert.strictEqual(logs.lines.filter((l) => l.level === "WARN").length, 1)
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("a 429 holds back the whole fleet until Retry-After has passed", () =>
    Effect.gen(function*() {
      const redis = yield* redisServer
      const emulator = yield* emulatorWithQuota(1000)
      const limit = (prefix: string) => ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port }, prefix })
      const [session] = yield* emulator.sessions
      yield* emulator.injectFault(
        Fault.status(429, { retryAfter: 2, method: "GET", path: "/v1/sessions/:id", times: 1 })
      )
      const first = yield* Effect.fork(Sessions.get(session!.id).pipe(Effect.provide(client(emulator, limit("t5:")))))
      for (let i = 0; i < 200 && (yield* emulator.requests).length === 0; i++) yield* liveSleep(5)
      yield* liveSleep(50)
      // another process of the fleet (its own layer: nothing shared but Redis)
      const other = yield* Effect.fork(
        Sessions.list({ userId: session!.user_id }).pipe(Effect.provide(client(emulator, limit("t5:"))))
      )
      yield* liveSleep(1000)
      assert.deepStrictEqual((yield* emulator.requests).map((r) => r.status), [429], "held back")
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(other)))
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(first)))
    }).pipe(Effect.scoped), 30_000)

  it.live(
    "a wait longer than maxRetryTime fails at once with RateLimited (client_rate_limited), unsent",
    () =>
      Effect.gen(function*() {
        const redis = yield* redisServer
        const emulator = yield* emulatorWithQuota(1000)
        // 10 per 10 s: a burst of 1, then one every ≈ 1.2 s; within a 2 s budget only 2 of 4 can go
        const exits = yield* burst(
          4,
          client(emulator, ClerkRateLimitRedis.layerRedis({ redis: { port: redis.port }, prefix: "t6:" }), {
            rateLimit: { limit: 10, window: "10 seconds" },
            maxRetryTime: "2 seconds"
          })
        )
        const failures = exits.flatMap((exit) =>
          Exit.isFailure(exit) && exit.cause._tag === "Fail" ? [exit.cause.error] : []
        )
        assert.strictEqual(exits.filter(Exit.isSuccess).length, 2)
        assert.strictEqual(failures.length, 2)
        for (const failure of failures) {
          assert.instanceOf(failure, RateLimited)
          assert.strictEqual(failure.errors[0]?.code, ClerkRateLimit.queueCode)
          assert.include(failure.message, "not sent")
          assert.notInclude(failure.message, "answered")
        }
        assert.strictEqual((yield* emulator.requests).length, 2)
      }).pipe(Effect.scoped),
    30_000
  )
})
