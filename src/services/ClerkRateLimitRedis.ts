/**
 * `ClerkRateLimit` shared by a fleet through Redis (or Valkey): every process holding the same secret key takes its
 * permits from one Redis key, so together they stay inside Clerk's quota. Its own entry point, so that `ioredis` and
 * `@effect/experimental` (optional peers) are loaded only by those who import it.
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
 * The permits come from `@effect/experimental`'s `RateLimiter` ("fixed-window" algorithm, `onExceeded: "delay"`:
 * each caller learns at once how long to wait), over a `RateLimiterStore` on an ioredis client this module owns
 * (the same Lua script as `@effect/experimental/RateLimiter/Redis`). Not that module's store itself: it creates its
 * client out of reach, so the client's connection errors have no listener (ioredis then prints a stack trace to
 * stderr on every reconnection attempt while Redis is down) and the layer cannot see whether Redis is connected.
 *
 * Redis down (at start or mid-run): the process falls back to an in-process limit for the same quota (or
 * `fallback`), logs one warning, and goes back to Redis, with one info log, as soon as it answers again. A call
 * never fails because of Redis.
 *
 * @since 0.3.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Redis, type RedisOptions } from "ioredis"
import { createHash } from "node:crypto"
import type { RateLimited } from "../errors/ClerkError.js"
import { makePermits, paceFor } from "../internal/permits.js"
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
  /** How long one Redis call may take before the request uses the in-process limit instead. Default 1 second. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The in-process quota while Redis is down, e.g. the quota divided by the fleet's size. Default: the quota. */
  readonly fallback?: RateLimitOptions | undefined
}

/**
 * The Redis key of a secret key's quota: `prefix` + the first 32 hex digits of its SHA-256. The same for every
 * process holding the key; the key itself never reaches Redis.
 *
 * @since 0.3.0
 * @category constructors
 */
export const redisKey = (secretKey: Redacted.Redacted<string>, prefix = "effect-clerk:quota:"): string =>
  prefix + createHash("sha256").update(Redacted.value(secretKey)).digest("hex").slice(0, 32)

/** `@effect/experimental/RateLimiter/Redis`'s fixed-window script (0.61.1), unchanged. */
const fixedWindowLua = `
local key = KEYS[1]
local tokens = tonumber(ARGV[1])
local refillms = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local current = tonumber(redis.call("GET", key))

if not current then
  local nextpttl = refillms * tokens
  redis.call("SET", key, tokens, "PX", nextpttl)
  return { tokens, nextpttl }
end

local currentpttl = tonumber(redis.call("PTTL", key) or "0")
local next = current + tokens
if limit and next > limit then
  return { next, currentpttl }
end

local nextpttl = currentpttl + (refillms * tokens)
redis.call("SET", key, next, "PX", nextpttl)
return { next, nextpttl }
`

interface RedisWithFixedWindow extends Redis {
  clerkFixedWindow(key: string, tokens: number, refillMillis: number, limit?: number): Promise<[number, number]>
}

/**
 * A `RateLimiterStore` over an ioredis client (fixed window only: the algorithm effect-clerk uses).
 *
 * @since 0.3.0
 * @category constructors
 */
export const makeStore = (redis: Redis): RateLimiter.RateLimiterStore["Type"] => {
  const client = redis as RedisWithFixedWindow
  if (typeof client.clerkFixedWindow !== "function") {
    redis.defineCommand("clerkFixedWindow", { lua: fixedWindowLua, numberOfKeys: 1, readOnly: false })
  }
  return RateLimiter.RateLimiterStore.of({
    fixedWindow: (options) =>
      Effect.tryPromise({
        try: () =>
          options.limit === undefined
            ? client.clerkFixedWindow(options.key, options.tokens, Duration.toMillis(options.refillRate))
            : client.clerkFixedWindow(
              options.key,
              options.tokens,
              Duration.toMillis(options.refillRate),
              options.limit
            ),
        catch: (cause) => new RateLimiter.RateLimitStoreError({ message: "Redis fixedWindow failed", cause })
      }),
    tokenBucket: () =>
      Effect.fail(new RateLimiter.RateLimitStoreError({ message: "token-bucket is not provided by this store" }))
  })
}

const describe = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "object" && cause !== null && "_tag" in cause
    ? String((cause as { _tag: unknown })._tag)
    : String(cause)

/**
 * The fleet-wide limiter over an ioredis client (the layer's own, or yours: it is not closed here).
 *
 * @since 0.3.0
 * @category constructors
 */
export const makeWith = (
  redis: Redis,
  options: Omit<Options, "redis"> = {}
): Effect.Effect<ClerkRateLimit.Service, never, ClerkConfig> =>
  Effect.gen(function*() {
    const config = yield* ClerkConfig
    const quota = yield* ClerkRateLimit.quota(options)
    const pace = ClerkRateLimit.pace(quota)
    const key = redisKey(config.secretKey, options.prefix)
    const timeout = Duration.decode(options.timeout ?? "1 second")
    const limiter = yield* RateLimiter.make.pipe(Effect.provideService(RateLimiter.RateLimiterStore, makeStore(redis)))
    // the process-wide pause (429) and the limit used while Redis is down
    const fallbackQuota = yield* ClerkRateLimit.quota({ ...options, ...options.fallback })
    const local = makePermits(paceFor(fallbackQuota.limit, Duration.toMillis(fallbackQuota.window)))
    const fallback = ClerkRateLimit.fromPermits(local)
    const windowOf = (tokens: number) => Duration.millis(tokens * pace.interval)
    const permit = {
      key,
      algorithm: "fixed-window",
      onExceeded: "delay",
      limit: pace.burst,
      window: windowOf(pace.burst)
    } as const

    let down = false
    const wentDown = (cause: unknown) =>
      Effect.suspend(() => {
        if (down) return Effect.void
        down = true
        return Effect.logWarning(
          `effect-clerk: the Redis rate limit store is unavailable (${describe(cause)}); ` +
            `using the in-process limit until it answers again`
        )
      })
    const cameBack = Effect.suspend(() => {
      if (!down) return Effect.void
      down = false
      return Effect.logInfo("effect-clerk: the Redis rate limit store answers again; the fleet-wide limit is back")
    })
    let lastError: unknown = "not connected"
    redis.on("error", (error) => {
      lastError = error
    })

    const onFallback = (ticket: ClerkRateLimit.Ticket, cause: unknown) =>
      Effect.zipRight(wentDown(cause), fallback.acquire(ticket))

    const acquire = (ticket: ClerkRateLimit.Ticket): Effect.Effect<number, RateLimited> => {
      if (redis.status !== "ready") return onFallback(ticket, lastError)
      return Effect.clockWith((clock) => {
        const now = clock.unsafeCurrentTimeMillis()
        return Effect.matchEffect(Effect.timeout(limiter.consume(permit), timeout), {
          onFailure: (cause) => onFallback(ticket, cause),
          onSuccess: ({ delay }) =>
            Effect.zipRight(
              cameBack,
              Effect.suspend(() => {
                const after = clock.unsafeCurrentTimeMillis()
                const at = Math.max(now + Duration.toMillis(delay), local.pausedUntil())
                if (at > ticket.deadline) return Effect.fail(ClerkRateLimit.queueTooLong(ticket, at - after))
                // a Redis permit cannot be given back: an interrupted waiter's slot stays unused (under, never over)
                return at <= after ? Effect.succeed(0) : ClerkRateLimit.waitFor(local, ticket, at, after, undefined)
              })
            )
        })
      })
    }

    // A 429: pause here, and spend Retry-After's worth of permits in Redis so the whole fleet's next permits come
    // after it (the store has no other way to say "not before").
    const learn = (retryAfter: Duration.Duration) =>
      Effect.zipRight(
        fallback.learn(retryAfter),
        Effect.suspend(() => {
          const tokens = Math.ceil(Duration.toMillis(retryAfter) / pace.interval)
          if (tokens < 1 || redis.status !== "ready") return Effect.void
          return limiter.consume({ ...permit, tokens, limit: tokens, window: windowOf(tokens) }).pipe(
            Effect.timeout(timeout),
            Effect.ignore
          )
        })
      )

    return ClerkRateLimit.ClerkRateLimit.of({ acquire, learn })
  })

/**
 * The fleet-wide limit: a new ioredis client (closed with the layer) and the limiter over it. The quota is
 * `options` over `ClerkConfig.rateLimit` over the key's default. Waits up to `timeout` for the first connection,
 * then runs on the fallback until Redis answers.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerRedis = (options: Options = {}): Layer.Layer<ClerkRateLimit.ClerkRateLimit, never, ClerkConfig> =>
  Layer.scoped(
    ClerkRateLimit.ClerkRateLimit,
    Effect.gen(function*() {
      const redis = yield* Effect.acquireRelease(
        Effect.sync(() => new Redis({ maxRetriesPerRequest: 1, enableOfflineQueue: false, ...options.redis })),
        (redis) => Effect.sync(() => redis.disconnect())
      )
      const service = yield* makeWith(redis, options)
      yield* Effect.async<void>((resume) => {
        if (redis.status === "ready") return resume(Effect.void)
        const ready = () => resume(Effect.void)
        redis.once("ready", ready)
        return Effect.sync(() => redis.off("ready", ready))
      }).pipe(Effect.timeout(options.timeout ?? "1 second"), Effect.ignore)
      return service
    })
  )
