/**
 * The one rate limit algorithm, over any `@effect/experimental` `RateLimiterStore` (memory in process, Redis for a
 * fleet): where the slots come from (`slotsOf`) and how a call waits for one (`serviceOf`).
 *
 * @internal
 */
import type * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { RateLimited } from "../errors/ClerkError.js"
import { ClerkErrorDetail } from "../schemas/ClerkErrorBody.js"
import type { Pace, Service, Ticket } from "../services/ClerkRateLimit.js"

/**
 * Where slots come from: `take` one (the unix ms at which it may be used, on the caller's clock), or `hold` the
 * quota for `millis` (a 429's `Retry-After`: the next slot taken comes after it).
 *
 * @internal
 */
export interface Slots {
  readonly take: Effect.Effect<number, RateLimiter.RateLimiterError>
  readonly hold: (millis: number) => Effect.Effect<void, RateLimiter.RateLimiterError>
}

/**
 * The slots of `pace` under `key` of a `RateLimiter`: its "fixed-window" algorithm with `onExceeded: "delay"`,
 * windows of one burst (`burst` slots per `burst × interval` ms). The store keeps, per key, a count and a time to
 * live that grows by `interval` per slot taken: the slot of the n-th taker is never earlier than
 * `(n - burst + 1) × interval` after the first, so any window-long span holds at most `window / interval + burst`.
 *
 * @internal
 */
export const slotsOf = (limiter: RateLimiter.RateLimiter, key: string, pace: Pace): Slots => {
  const consume = (tokens: number) => {
    const limit = Math.max(pace.burst, tokens)
    return limiter.consume({
      key,
      algorithm: "fixed-window",
      onExceeded: "delay",
      limit,
      // the store's refill rate is window / limit: always one interval per slot
      window: Duration.millis(limit * pace.interval),
      tokens
    })
  }
  return {
    // the delay counts from the answer: the store took the slot at some point between the asking and the answer,
    // and from the asking a slow answer (Redis still connecting, a busy event loop) would let slots bunch up
    take: Effect.flatMap(
      consume(1),
      ({ delay }) => Effect.map(Clock.currentTimeMillis, (now) => now + Duration.toMillis(delay))
    ),
    // the next taker's slot may come up to `burst - 1` intervals before the end of what is held: hold that much more
    hold: (millis) => Effect.asVoid(consume(Math.ceil(millis / pace.interval) + pace.burst - 1))
  }
}

/**
 * The code of the `RateLimited` error a call fails with when its slot would come after its deadline.
 *
 * @internal
 */
export const notSentCode = "client_rate_limited"

/**
 * The error of a call the limit did not send: its slot (or the end of a 429's pause) would come `waitMillis` from
 * now, after its deadline.
 *
 * @internal
 */
export const notSent = (ticket: Ticket, waitMillis: number): RateLimited => {
  const wait = Math.max(0, Math.ceil(waitMillis))
  return new RateLimited({
    method: ticket.method,
    path: ticket.path,
    status: 429,
    errors: [
      new ClerkErrorDetail({
        code: notSentCode,
        message: "Client-side rate limit",
        longMessage: `not sent: effect-clerk's rate limit would have held it ${wait} ms, past its maxRetryTime`
      })
    ],
    retryAfter: Duration.millis(wait)
  })
}

interface Spare {
  readonly slot: number
  readonly taken: boolean
}

/**
 * The service over `slots`. A call takes the earliest slot left by others (interrupted, or refused because it came
 * after their deadline) when one is due by its deadline, else a new one; it is refused at once when that slot comes
 * after its deadline (the slot stays for a later caller: slots only ever come later, so a refused call takes none
 * from the quota). After its slot it waits out a 429's pause learnt meanwhile, and it is never let go after its
 * deadline.
 *
 * @internal
 */
export const serviceOf = (slots: { readonly take: Effect.Effect<number>; readonly hold: Slots["hold"] }) =>
  Effect.gen(function*() {
    // unused slots, ascending; each is dropped once due (a slot used late could crowd a later window)
    const spare = yield* Ref.make<ReadonlyArray<number>>([])
    // no request before this (unix ms): a 429's Retry-After
    const paused = yield* Ref.make(-Infinity)

    const giveBack = (slot: number) => Ref.update(spare, (slots) => [...slots, slot].sort((a, b) => a - b))

    /** The earliest spare slot from `from` on: `taken` (removed) when it is due by `deadline`, else kept. */
    const fromSpare = (from: number, deadline: number) =>
      Ref.modify(spare, (slots): readonly [Spare | undefined, ReadonlyArray<number>] => {
        const due = slots.filter((s) => s >= from)
        const first = due[0]
        if (first === undefined) return [undefined, due]
        return first <= deadline ? [{ slot: first, taken: true }, due.slice(1)] : [{ slot: first, taken: false }, due]
      })

    const waitUntil = (ticket: Ticket, slot: number) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        if (slot > ticket.deadline) {
          yield* giveBack(slot)
          return yield* Effect.fail(notSent(ticket, slot - now))
        }
        if (slot > now) {
          yield* Effect.onInterrupt(Effect.sleep(Duration.millis(slot - now)), () => giveBack(slot))
        }
        const woke = yield* Clock.currentTimeMillis
        const until = yield* Ref.get(paused)
        if (until > woke) {
          if (until > ticket.deadline) return yield* Effect.fail(notSent(ticket, until - woke))
          yield* Effect.sleep(Duration.millis(until - woke))
        }
        const end = yield* Clock.currentTimeMillis
        // a timer that fired late: the call may no longer start
        if (end > ticket.deadline) return yield* Effect.fail(notSent(ticket, 0))
        return Math.max(0, end - now)
      })

    const acquire = (ticket: Ticket): Effect.Effect<number, RateLimited> =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const from = Math.max(now, yield* Ref.get(paused))
        if (from > ticket.deadline) return yield* Effect.fail(notSent(ticket, from - now))
        const spareSlot = yield* fromSpare(from, ticket.deadline)
        if (spareSlot !== undefined && !spareSlot.taken) {
          return yield* Effect.fail(notSent(ticket, spareSlot.slot - now))
        }
        return yield* waitUntil(ticket, spareSlot?.slot ?? (yield* slots.take))
      })

    const learn = (retryAfter: Duration.Duration): Effect.Effect<void> =>
      Effect.gen(function*() {
        const millis = Duration.toMillis(retryAfter)
        const now = yield* Clock.currentTimeMillis
        yield* Ref.update(paused, (until) => Math.max(until, now + millis))
        yield* Effect.ignore(slots.hold(millis))
      })

    return { acquire, learn } satisfies Service
  })
