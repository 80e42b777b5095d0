/**
 * Retry policy of every Clerk call: the default schedule, the per-call override, and the rules for what is retried.
 *
 * Rules (see docs/retries-and-errors.md, "What is retried"):
 * - `RateLimited` (429) is retried for every operation, never sooner than its `Retry-After`.
 * - Operations safe to repeat (all but the two creations) also retry 5xx answers and transport failures
 *   (timeouts, refused or reset connections).
 * - `Sessions.create` and `SignInTokens.create` retry only when Clerk surely did not act: 429 (its rate limiter
 *   refused the request) and refused connections (nothing was sent). A 503 fails them: a proxy may send it after
 *   Clerk created the session or token.
 * - No retry starts, and no wait is begun, that would end later than `maxRetryTime` after the call started, and
 *   each attempt's deadline is the earlier of its timeout and the end of `maxRetryTime`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import { globalValue } from "effect/GlobalValue"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { ClerkError } from "../errors/ClerkError.js"

/**
 * A retry schedule. Its input is the error of the failed attempt, so a schedule can inspect it
 * (e.g. `Schedule.whileInput((e) => e._tag === "RateLimited")`); any `Schedule<Out, unknown>` fits.
 *
 * @since 0.1.0
 * @category models
 */
export type RetrySchedule = Schedule.Schedule<unknown, ClerkError>

/**
 * The default: exponential backoff from 250 ms (×2 each time) with jitter, at most 4 retries. Combined with the
 * default `maxRetryTime` of 30 s in `ClerkConfig`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultSchedule: RetrySchedule = Schedule.exponential("250 millis", 2).pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4))
)

/**
 * The per-fiber override set by {@link withRetry}; `None` means "use `ClerkConfig.retry`".
 *
 * @since 0.1.0
 * @category references
 */
export const currentSchedule: FiberRef.FiberRef<Option.Option<RetrySchedule>> = globalValue(
  "effect-clerk/ClerkRetry/currentSchedule",
  () => FiberRef.unsafeMake<Option.Option<RetrySchedule>>(Option.none())
)

/**
 * Runs `self` with another retry schedule for every Clerk call inside it:
 * `Sessions.get(id).pipe(ClerkRetry.withRetry(Schedule.recurs(1)))`. The idempotency rules and
 * `Retry-After` still apply.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withRetry: {
  (schedule: RetrySchedule): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, schedule: RetrySchedule): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, schedule: RetrySchedule): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentSchedule, Option.some(schedule))
)

/**
 * Runs `self` with no retries for the Clerk calls inside it.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withoutRetry = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  withRetry(self, Schedule.stop)
