/**
 * The client-side rate limit: every request waits here for a permit before it is sent (retries too), so that
 * callers queue instead of meeting Clerk's 429s. In-process by default (`ClerkLive`, `ClerkLiveNode`), from the
 * quota in `ClerkConfig` (`sk_live_` 1000 per 10 s, other keys 100 per 10 s); shared by a fleet through Redis with
 * `layerRedis` from `effect-clerk/ClerkRateLimitRedis`.
 *
 * ```ts
 * // one limiter for several clients of the same key, or another quota than the config's
 * program.pipe(Effect.provide(ClerkLive), Effect.provide(ClerkRateLimit.layer({ limit: 300 })), Effect.provide(config))
 * ```
 *
 * @since 0.3.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { RateLimited } from "../errors/ClerkError.js"
import { notSentCode, serviceOf, slotsOf } from "../internal/quotaSlots.js"
import { ClerkConfig, defaultRateLimit, type RateLimit, type RateLimitOptions } from "./ClerkConfig.js"

/**
 * The request asking for a permit: where it goes (for the error) and `deadline`, the latest moment at which it may
 * still be sent (unix ms on the caller's `Clock`: the end of the call's `maxRetryTime`).
 *
 * @since 0.3.0
 * @category models
 */
export interface Ticket {
  readonly method: string
  readonly path: string
  readonly deadline: number
}

/**
 * @since 0.3.0
 * @category models
 */
export interface Service {
  /**
   * Waits until one request may be sent and returns the milliseconds waited; never lets it go after the ticket's
   * deadline. When the permit would come after the deadline it fails at once, without waiting, with `RateLimited`
   * (code `client_rate_limited`, a message saying the call was not sent, `retryAfter` the wait it would have had).
   * Interrupting the wait gives the permit back.
   */
  readonly acquire: (ticket: Ticket) => Effect.Effect<number, RateLimited>
  /** Clerk answered 429: no request may be sent before `retryAfter` has passed. */
  readonly learn: (retryAfter: Duration.Duration) => Effect.Effect<void>
}

/**
 * The rate limit service. `ClerkHttpClient` uses the one in its context when it is built, else an in-process one
 * from `ClerkConfig.rateLimit`.
 *
 * @since 0.3.0
 * @category tags
 */
export class ClerkRateLimit extends Context.Tag("effect-clerk/ClerkRateLimit")<ClerkRateLimit, Service>() {}

/**
 * The `errors[0].code` of the `RateLimited` error a call fails with, unsent, when its turn would come after its
 * deadline (`maxRetryTime`): its message says "not sent", and `retryAfter` is the wait it would have had.
 *
 * @since 0.3.0
 * @category constants
 */
export const queueCode: "client_rate_limited" = notSentCode

/**
 * How requests are spread: one every `interval` ms, up to `burst` at once after a quiet spell. In any span of a
 * window at most `window / interval + burst` are sent.
 *
 * @since 0.4.0
 * @category models
 */
export interface Pace {
  readonly interval: number
  readonly burst: number
}

/** The share of the quota left unused: timing jitter between a slot and Clerk's count, and the `+1` at a span's edge. */
const margin = 0.05

/** The burst, as a share of the quota: 2 for 100 per 10 s, 20 for 1000 per 10 s (at least 1). */
const burstShare = 0.02

/**
 * The pace a limiter keeps for a quota: rate and burst together stay within 95 % of the quota in any window-long
 * span (100 per 10 s: one every 108 ms, bursts of 2; 1000 per 10 s: one every 11 ms, bursts of 40). The 5 % left
 * covers the timing jitter between a slot and Clerk's count.
 *
 * @since 0.3.0
 * @category constructors
 */
export const pace = (quota: RateLimit): Pace => {
  const windowMillis = Duration.toMillis(quota.window)
  const usable = quota.limit * (1 - margin)
  const minBurst = Math.max(1, Math.floor(quota.limit * burstShare))
  // whole milliseconds: Redis keeps time in them (a fractional time to live is an error in its SET … PX)
  const interval = Math.max(1, Math.ceil(windowMillis / Math.max(usable - minBurst, quota.limit / 2)))
  // what rounding the interval up left of the 95 % goes to the burst
  const burst = Math.max(1, Math.floor(usable - windowMillis / interval))
  return { interval, burst }
}

/**
 * An in-process limiter for `quota`: `@effect/experimental`'s `RateLimiter` over its memory store, the same
 * algorithm as `layerRedis` runs in Redis. `ClerkHttpClient` builds one when no `ClerkRateLimit` is in its context.
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (quota: RateLimit): Effect.Effect<Service> =>
  Effect.flatMap(RateLimiter.make.pipe(Effect.provide(RateLimiter.layerStoreMemory)), (limiter) => {
    const slots = slotsOf(limiter, "quota", pace(quota))
    // the memory store does not fail
    return serviceOf({ take: Effect.orDie(slots.take), hold: slots.hold })
  })

/**
 * The quota a limiter built in this context keeps: `options` over `ClerkConfig.rateLimit` over the key's default
 * (also when the config turned the in-process limit off).
 *
 * @since 0.3.0
 * @category constructors
 */
export const quota = (options: RateLimitOptions = {}): Effect.Effect<RateLimit, never, ClerkConfig> =>
  Effect.map(ClerkConfig, (config) => {
    const base = config.rateLimit ?? defaultRateLimit(Redacted.value(config.secretKey))
    return {
      limit: options.limit ?? base.limit,
      window: options.window === undefined ? base.window : Duration.decode(options.window)
    }
  })

/**
 * An in-process limiter as a layer, e.g. to share one among several clients of the same key.
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: RateLimitOptions = {}): Layer.Layer<ClerkRateLimit, never, ClerkConfig> =>
  Layer.effect(ClerkRateLimit, Effect.flatMap(quota(options), make))
