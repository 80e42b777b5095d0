/**
 * `ClerkRateLimit` shared by a fleet through Redis (or Valkey): every process holding the same secret key takes its
 * slots from one Redis key, so together they stay inside Clerk's quota. Its own entry point, so that `ioredis` and
 * `@effect/experimental/RateLimiter/Redis` (optional peers) are loaded only by those who import it.
 *
 * ```ts
 * import * as ClerkRateLimitRedis from "effect-clerk/ClerkRateLimitRedis"
 *
 * const MainLive = ClerkLive.pipe(
 *   Layer.provide(ClerkRateLimitRedis.layerRedis({ redis: { host: "127.0.0.1", port: 6379 } })),
 *   Layer.provide(ClerkConfig.fromEnv)
 * )
 * ```
 *
 * The same algorithm as in process (`@effect/experimental`'s `RateLimiter`, "fixed-window", `onExceeded: "delay"`),
 * over `@effect/experimental/RateLimiter/Redis`'s store instead of the memory one.
 *
 * Redis down (at start or mid-run): the process falls back to an in-process limit for the same quota (or
 * `fallback`), logs one warning, tries Redis again every second in the background, and goes back to it, with one
 * info log, as soon as it answers. A call never fails because of Redis.
 *
 * @since 0.3.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import type { RedisOptions } from "ioredis"
import { createHash } from "node:crypto"
import { serviceOf, slotsOf } from "../internal/quotaSlots.js"
import { ClerkConfig, type RateLimitOptions } from "./ClerkConfig.js"
import * as ClerkRateLimit from "./ClerkRateLimit.js"

/**
 * Options of {@link layerRedis}.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options extends RateLimitOptions {
  /** ioredis options (host, port, username, password, db, tls…). Default 127.0.0.1:6379. */
  readonly redis?: RedisOptions | undefined
  /** Prefix of the Redis key (the rest is a hash of the secret key). Default `effect-clerk:quota:`. */
  readonly prefix?: string | undefined
  /** How long one Redis call may take before the process uses the in-process limit instead. Default 1 second. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The in-process quota while Redis is down, e.g. the quota divided by the fleet's size. Default: the quota. */
  readonly fallback?: RateLimitOptions | undefined
}

const defaultPrefix = "effect-clerk:quota:"

const hashOf = (secretKey: Redacted.Redacted<string>): string =>
  createHash("sha256").update(Redacted.value(secretKey)).digest("hex").slice(0, 32)

/**
 * The Redis key of a secret key's quota: `prefix` + the first 32 hex digits of its SHA-256. The same for every
 * process holding the key; the key itself never reaches Redis.
 *
 * @since 0.3.0
 * @category constructors
 */
export const redisKey = (secretKey: Redacted.Redacted<string>, prefix = defaultPrefix): string =>
  prefix + hashOf(secretKey)

/** What went wrong, in a few words: the store's cause (ioredis's error), else the error itself. */
const describe = (error: RateLimiter.RateLimiterError | Cause.TimeoutException): string =>
  "cause" in error && error.cause instanceof Error ? error.cause.message : error.message

/**
 * The store's ioredis client, created by `@effect/experimental/RateLimiter/Redis` from `options.redis` and closed
 * with the layer. While Redis is down a command waits for the next reconnection attempt (the offline queue) and
 * the client's `quit` waits behind it; so once the layer is released the client stops reconnecting (its
 * `retryStrategy` answers `null`: it ends, failing what it still holds), and the release waits for `quit` at most
 * `timeout`, ignoring its failure.
 */
const redisStore = (options: Options, timeout: Duration.Duration) =>
  Effect.gen(function*() {
    let released = false
    const retryStrategy = options.redis?.retryStrategy ?? ((times: number) => Math.min(times * 50, 2000))
    const redisOptions: RedisOptions & { readonly prefix: string } = {
      maxRetriesPerRequest: 1,
      ...options.redis,
      enableOfflineQueue: true,
      retryStrategy: (times) => released ? null : retryStrategy(times),
      prefix: options.prefix ?? defaultPrefix
    }
    const scope = yield* Effect.acquireRelease(Scope.make(), (scope) =>
      Effect.suspend(() => {
        released = true
        return Scope.close(scope, Exit.void).pipe(Effect.timeout(timeout), Effect.catchAllCause(() => Effect.void))
      }))
    // the same ioredis options: the store's declaration file spells one of them without `| undefined`
    return yield* RateLimiterRedis.make(redisOptions as Parameters<typeof RateLimiterRedis.make>[0]).pipe(
      Scope.extend(scope)
    )
  })

/**
 * The fleet-wide limit: `@effect/experimental`'s `RateLimiter` over its Redis store, on an ioredis client made
 * from `options.redis` and closed with the layer. The quota is `options` over `ClerkConfig.rateLimit` over the
 * key's default.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerRedis = (options: Options = {}): Layer.Layer<ClerkRateLimit.ClerkRateLimit, never, ClerkConfig> =>
  Layer.scoped(
    ClerkRateLimit.ClerkRateLimit,
    Effect.gen(function*() {
      const config = yield* ClerkConfig
      const quota = yield* ClerkRateLimit.quota(options)
      const fallbackQuota = yield* ClerkRateLimit.quota({ ...options, ...options.fallback })
      const timeout = Duration.decode(options.timeout ?? "1 second")
      const limiter = yield* RateLimiter.make.pipe(
        Effect.provideServiceEffect(RateLimiter.RateLimiterStore, redisStore(options, timeout))
      )
      const hash = hashOf(config.secretKey)
      const redis = slotsOf(limiter, hash, ClerkRateLimit.pace(quota))
      const local = yield* RateLimiter.make.pipe(Effect.provide(RateLimiter.layerStoreMemory))
      const fallback = slotsOf(local, "quota", ClerkRateLimit.pace(fallbackQuota))

      const down = yield* Ref.make(false)
      const scope = yield* Effect.scope
      // a call to the store that takes nothing from the quota: a key of its own that lives 1 ms
      const ping = Effect.timeout(
        limiter.consume({ key: `${hash}:ping`, algorithm: "fixed-window", onExceeded: "delay", limit: 1, window: 1 }),
        timeout
      )
      // tries Redis every second until it answers
      const probe = ping.pipe(
        Effect.retry(Schedule.spaced("1 second")),
        Effect.zipRight(Ref.set(down, false)),
        Effect.zipRight(
          Effect.logInfo("effect-clerk: the Redis rate limit store answers again; the fleet-wide limit is back")
        )
      )
      const wentDown = (error: RateLimiter.RateLimiterError | Cause.TimeoutException) =>
        Effect.flatMap(Ref.getAndSet(down, true), (already) =>
          already ? Effect.void : Effect.logWarning(
            `effect-clerk: the Redis rate limit store is unavailable (${describe(error)}); ` +
              `using the in-process limit until it answers again`
          ).pipe(Effect.zipRight(Effect.forkIn(probe, scope))))

      // while the layer is built: the client connects and loads its script now, or the process starts on the
      // in-process limit
      yield* ping.pipe(Effect.catchAll(wentDown))

      const take = Effect.flatMap(
        Ref.get(down),
        (isDown) =>
          isDown ? Effect.orDie(fallback.take) : Effect.timeout(redis.take, timeout).pipe(
            Effect.catchAll((error) => Effect.zipRight(wentDown(error), Effect.orDie(fallback.take)))
          )
      )
      // a 429 holds both: the fleet's next slots come after it, and this process's while Redis is down
      const hold = (millis: number) =>
        Effect.zipRight(
          fallback.hold(millis),
          Effect.flatMap(Ref.get(down), (isDown) =>
            isDown ? Effect.void : Effect.ignore(Effect.timeout(redis.hold(millis), timeout)))
        )

      return ClerkRateLimit.ClerkRateLimit.of(yield* serviceOf({ take, hold }))
    })
  )
