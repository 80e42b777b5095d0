import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
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
 * The time budget of one call (`maxRetryTime`), in one place. No retry is scheduled to start after `deadline`, and
 * an attempt's timeout is the configured one or what is left of the budget, if less. The rate limit may hold a
 * request only until `latestQueued`, so that a request it releases has a tenth of the budget (or its whole timeout,
 * if shorter) left; one it would release later could only time out at the edge of the budget: it is refused at once
 * as `RateLimited`, not sent.
 *
 * @internal
 */
export interface Budget {
  /** When the call's budget ends (unix ms on the `Clock`). */
  readonly deadline: number
  /** The latest moment the rate limit may release the request: `min(timeout, maxRetryTime / 10)` before `deadline`. */
  readonly latestQueued: number
  /** The timeout of an attempt that starts now, and how it reads in a `TransportError`. */
  readonly attemptTimeout: Effect.Effect<{ readonly duration: Duration.Duration; readonly detail: string }>
}

/**
 * The budget of a call that starts now.
 *
 * @internal
 */
export const startBudget = (timeout: Duration.Duration, maxRetryTime: Duration.Duration): Effect.Effect<Budget> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const deadline = now + Duration.toMillis(maxRetryTime)
    return {
      deadline,
      latestQueued: deadline - Math.min(Duration.toMillis(timeout), Duration.toMillis(maxRetryTime) / 10),
      attemptTimeout: Effect.map(Clock.currentTimeMillis, (at) => {
        const left = Duration.millis(Math.max(0, deadline - at))
        return Duration.lessThan(left, timeout)
          ? {
            duration: left,
            detail: `no complete answer within ${Duration.format(left)}, the rest of maxRetryTime (${
              Duration.format(maxRetryTime)
            })`
          }
          : { duration: timeout, detail: `no complete answer within ${Duration.format(timeout)}` }
      })
    }
  })

/**
 * `schedule`, made to honour Clerk: a `RateLimited` error waits at least its `Retry-After`, and no retry is
 * scheduled to start after the budget's `deadline` (the schedule then ends and the last error is the call's).
 *
 * @internal
 */
export const retryPolicy = (
  schedule: RetrySchedule,
  budget: Budget
): Schedule.Schedule<Duration.Duration, ClerkError> =>
  schedule.pipe(
    Schedule.intersect(Schedule.identity<ClerkError>()),
    Schedule.modifyDelay(([, error], delay) =>
      error._tag === "RateLimited" && error.retryAfter !== undefined ? Duration.max(delay, error.retryAfter) : delay
    ),
    Schedule.delays,
    Schedule.checkEffect((_, delay) =>
      Effect.map(Clock.currentTimeMillis, (now) => now + Duration.toMillis(delay) <= budget.deadline)
    )
  )

/**
 * `attempt`, retried by `policy` while `retryable` holds of its error: the loop of `Effect.retry(attempt, { schedule,
 * while })`, with the same schedule and the same inputs (every failure steps the schedule, whose driver waits its
 * delay or ends the retries; `while` is `Schedule.whileInput`; the last error is the call's), written out so that a
 * call whose first attempt succeeds builds no driver. `Effect.retry` builds one, and provides
 * `CurrentIterationMetadata` to every attempt, before the first attempt runs: about a sixth of a `Sessions.get`'s
 * own CPU beside the `HttpClient` floor (bench/RESULTS.md).
 *
 * @internal
 */
export const retrying = <A, E extends ClerkError>(
  attempt: Effect.Effect<A, E>,
  policy: () => Schedule.Schedule<unknown, E>,
  retryable: (error: E) => boolean
): Effect.Effect<A, E> =>
  Effect.catchAll(
    attempt,
    (first) =>
      Effect.flatMap(Schedule.driver(Schedule.whileInput(policy(), retryable)), (driver) => {
        const next = (error: E): Effect.Effect<A, E> =>
          Effect.matchEffect(driver.next(error), {
            onFailure: () => Effect.fail(error),
            onSuccess: () => Effect.catchAll(attempt, next)
          })
        return next(first)
      })
  )
