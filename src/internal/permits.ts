/**
 * The pace a limiter keeps for a quota of `limit` requests per `window`, and the in-process limiter that keeps it.
 *
 * @internal
 */

/**
 * How permits are spread: one every `interval` ms, up to `burst` at once after a quiet spell. In any span of
 * `window` ms at most `window / interval + burst` permits are given (a bucket of `burst`, refilled one per
 * `interval`).
 *
 * @internal
 */
export interface Pace {
  readonly interval: number
  readonly burst: number
}

/**
 * The share of the quota the limiter leaves unused, for timing jitter between the permit and Clerk's count (a
 * request permitted at the end of a window may reach Clerk in the next one) and for the `+1` at a span's edge.
 *
 * @internal
 */
export const margin = 0.05

/**
 * The burst, as a share of the quota: 2 for 100 per 10 s, 20 for 1000 per 10 s (at least 1).
 *
 * @internal
 */
export const burstShare = 0.02

/**
 * The pace for `limit` per `windowMillis`: the burst and the sustained rate together stay within
 * `(1 - margin)` of the quota in any window-long span (`rate + burst <= 0.95 * limit`): 100 per 10 s gives one
 * permit every 108 ms and bursts of 2 (92.6 + 2), 1000 per 10 s one every 11 ms and bursts of 40 (909 + 40).
 *
 * @internal
 */
export const paceFor = (limit: number, windowMillis: number): Pace => {
  const usable = limit * (1 - margin)
  const minBurst = Math.max(1, Math.floor(limit * burstShare))
  // whole milliseconds: Redis keeps time in them (a fractional refill is an error in its SET … PX)
  const interval = Math.max(1, Math.ceil(windowMillis / Math.max(usable - minBurst, limit / 2)))
  // what rounding the interval up left of the 95 % goes to the burst
  const burst = Math.max(1, Math.floor(usable - windowMillis / interval))
  return { interval, burst }
}

/**
 * A reserved permit: send at `at` (unix ms); `cancel` gives it back when the caller leaves before sending.
 *
 * @internal
 */
export interface Reservation {
  readonly at: number
  /** Gives the permit back (`now`: the caller's clock). */
  readonly cancel: (now: number) => void
}

/**
 * An in-process limiter with a known wait (GCRA, "virtual scheduling"): each permit is reserved at once with the
 * time it may be used, so a caller knows before waiting whether the wait fits its budget.
 *
 * @internal
 */
export interface Permits {
  /**
   * Reserves the next permit at or after `now`; when it would come after `deadline`, reserves nothing and returns
   * the time it would have come.
   */
  readonly reserve: (now: number, deadline: number) => Reservation | number
  /** No permit before `until` (unix ms): a 429's `Retry-After`. */
  readonly pause: (until: number) => void
  /** Until when permits are paused (`-Infinity` when not). */
  readonly pausedUntil: () => number
}

/**
 * A limiter keeping `pace`. A cancelled reservation is given back when no later one was made after it (or all
 * later ones were cancelled too): interrupted waiters leave no trace.
 *
 * @internal
 */
export const makePermits = (pace: Pace): Permits => {
  const tolerance = (pace.burst - 1) * pace.interval
  // theoretical arrival time: when the next permit would be due if requests came evenly
  let tat = -Infinity
  let paused = -Infinity
  // reservations cancelled while a later one was still live: tat after them -> tat before them
  const cancelled = new Map<number, number>()

  const cancel = (after: number, before: number, now: number) => {
    cancelled.set(after, before)
    let undo = cancelled.get(tat)
    while (undo !== undefined) {
      cancelled.delete(tat)
      tat = undo
      undo = cancelled.get(tat)
    }
    // entries due in the past can no longer matter: a reservation never starts before now
    for (const key of cancelled.keys()) if (key <= now) cancelled.delete(key)
  }

  return {
    reserve: (now, deadline) => {
      const at = Math.max(now, paused, tat - tolerance)
      if (at > deadline) return at
      const before = tat
      tat = Math.max(tat, at) + pace.interval
      const after = tat
      return { at, cancel: (current) => cancel(after, before, current) }
    },
    pause: (until) => {
      if (until > paused) paused = until
    },
    pausedUntil: () => paused
  }
}
