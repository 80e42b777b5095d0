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
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { RateLimited } from "../errors/ClerkError.js"
import { makePermits, type Pace, paceFor, type Permits } from "../internal/permits.js"
import { ClerkErrorDetail } from "../schemas/ClerkErrorBody.js"
import { ClerkConfig, defaultRateLimit, type RateLimit, type RateLimitOptions } from "./ClerkConfig.js"

/**
 * The request asking for a permit: where it goes (for the error) and by when it must be sent (unix ms on the
 * caller's clock: the call's start plus `maxRetryTime`).
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
   * Waits until one request may be sent and returns the milliseconds waited. When the permit would come after
   * the ticket's deadline it fails at once, without waiting, with `RateLimited` (code `client_rate_limited`,
   * `retryAfter` the wait it would have been). Interrupting the wait gives the permit back.
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
 * The code of the `RateLimited` error the limiter fails with when its queue is longer than the call's budget.
 *
 * @since 0.3.0
 * @category constants
 */
export const queueCode = "client_rate_limited"

/**
 * The error of a call whose permit would come after its deadline (no request was sent).
 *
 * @since 0.3.0
 * @category errors
 */
export const queueTooLong = (ticket: Ticket, waitMillis: number): RateLimited =>
  new RateLimited({
    method: ticket.method,
    path: ticket.path,
    status: 429,
    errors: [
      new ClerkErrorDetail({
        code: queueCode,
        message: "Client-side rate limit",
        longMessage: `not sent: effect-clerk's rate limit would hold it ${
          Math.ceil(waitMillis)
        } ms, past the call's maxRetryTime`
      })
    ],
    retryAfter: Duration.millis(Math.max(0, Math.ceil(waitMillis)))
  })

const zero = Effect.succeed(0)

/**
 * Waits for a reserved permit, then for any pause a 429 set meanwhile. Interruption before the permit's time
 * gives it back.
 *
 * @internal
 */
export const waitFor = (
  permits: Pick<Permits, "pausedUntil">,
  ticket: Ticket,
  at: number,
  now: number,
  cancel: ((now: number) => void) | undefined
): Effect.Effect<number, RateLimited> => {
  const first = Effect.sleep(Duration.millis(at - now))
  const slept = cancel === undefined
    ? first
    : Effect.onInterrupt(
      first,
      () => Effect.clockWith((clock) => Effect.sync(() => cancel(clock.unsafeCurrentTimeMillis())))
    )
  return Effect.zipRight(
    slept,
    Effect.clockWith((clock) => {
      const after = clock.unsafeCurrentTimeMillis()
      const paused = permits.pausedUntil()
      if (paused <= after) return Effect.succeed(after - now)
      if (paused > ticket.deadline) return Effect.fail(queueTooLong(ticket, paused - after))
      return Effect.as(Effect.sleep(Duration.millis(paused - after)), paused - now)
    })
  )
}

/**
 * An in-process limiter for `pace` (see `paceFor`).
 *
 * @internal
 */
export const fromPermits = (permits: Permits): Service => ({
  acquire: (ticket) =>
    Effect.clockWith((clock) => {
      const now = clock.unsafeCurrentTimeMillis()
      const reservation = permits.reserve(now, ticket.deadline)
      if (typeof reservation === "number") return Effect.fail(queueTooLong(ticket, reservation - now))
      if (reservation.at <= now) return zero
      return waitFor(permits, ticket, reservation.at, now, reservation.cancel)
    }),
  learn: (retryAfter) =>
    Effect.clockWith((clock) =>
      Effect.sync(() => permits.pause(clock.unsafeCurrentTimeMillis() + Duration.toMillis(retryAfter)))
    )
})

/**
 * The pace a limiter keeps for a quota: one permit every `interval` ms, bursts of `burst`. Rate and burst together
 * stay within 95 % of the quota in any window-long span; the 5 % left covers the timing jitter between a permit
 * and Clerk's count.
 *
 * @since 0.3.0
 * @category constructors
 */
export const pace = (quota: RateLimit): Pace => paceFor(quota.limit, Duration.toMillis(quota.window))

/**
 * An in-process limiter for `quota`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const makeInProcess = (quota: RateLimit): Service => fromPermits(makePermits(pace(quota)))

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
  Layer.effect(ClerkRateLimit, Effect.map(quota(options), makeInProcess))
