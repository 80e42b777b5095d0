import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleInterval from "effect/ScheduleInterval"
import * as ScheduleIntervals from "effect/ScheduleIntervals"
import type { ClerkError } from "../errors/ClerkError.js"
import type { RetrySchedule } from "../services/ClerkRetry.js"

/**
 * Whether a failed attempt may be tried again. `idempotent` is false for the creations, which are retried only
 * when the request surely never reached Clerk (a refused connection: nothing was sent) or Clerk's rate limiter
 * refused it (429). A 503 may come from a proxy after Clerk acted: a creation fails with it.
 *
 * @internal
 */
export const isRetryable = (error: ClerkError, idempotent: boolean): boolean => {
  switch (error._tag) {
    case "RateLimited":
      return true
    case "ClerkApiError":
    case "UnexpectedResponse":
      return idempotent && error.status >= 500
    case "TransportError":
      return idempotent || error.failure === "ConnectionRefused"
    default:
      return false
  }
}

/**
 * Wraps `schedule` so that a `RateLimited` error waits at least its `Retry-After`, and no wait is begun that
 * would end later than `deadline` (unix ms).
 *
 * @internal
 */
export const withRetryAfter = (schedule: RetrySchedule, deadline: number): RetrySchedule =>
  Schedule.makeWithState(
    schedule.initial,
    (now, error: ClerkError, state) =>
      Effect.map(schedule.step(now, error, state), ([next, out, decision]) => {
        if (ScheduleDecision.isDone(decision)) return [next, out, decision] as const
        const retryAfter = error._tag === "RateLimited" && error.retryAfter !== undefined
          ? now + Duration.toMillis(error.retryAfter)
          : 0
        const wakeAt = Math.max(ScheduleIntervals.start(decision.intervals), retryAfter)
        return wakeAt > deadline
          ? [next, out, ScheduleDecision.done] as const
          : [next, out, ScheduleDecision.continueWith(ScheduleInterval.after(wakeAt))] as const
      })
  )

/**
 * Retries `attempt` with `schedule` under the idempotency rules, the `Retry-After` floor and the total budget.
 * Same semantics as `Effect.retry(attempt(), { schedule, while })`, but the schedule (read from `schedule`) and its
 * driver are only built once an attempt has failed: the first failure is replayed into `Effect.retry` as its
 * first run, so the schedule sees the same inputs. Most calls succeed at once and skip all of it. `attempt` is
 * called once per attempt.
 *
 * @internal
 */
export const retrying = <A, E extends ClerkError, R>(
  attempt: () => Effect.Effect<A, E, R>,
  options: {
    /** When the call began (unix ms, on the caller's clock): the total budget counts from there. */
    readonly start: number
    readonly schedule: Effect.Effect<RetrySchedule>
    readonly maxRetryTime: Duration.Duration
    readonly idempotent: boolean
  }
): Effect.Effect<A, E, R> =>
  Effect.catchAll(attempt(), (first) =>
    Effect.flatMap(options.schedule, (schedule) => {
      let replay: E | undefined = first
      const again = Effect.suspend(() => {
        if (replay === undefined) return attempt()
        const error = replay
        replay = undefined
        return Effect.fail(error)
      })
      return Effect.retry(again, {
        schedule: withRetryAfter(schedule, options.start + Duration.toMillis(options.maxRetryTime)),
        while: (error: E) => isRetryable(error, options.idempotent)
      })
    }))
