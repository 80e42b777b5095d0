/**
 * A bounded cache of lookups by string key, for answers that cost a Backend API call (opaque machine tokens):
 * concurrent gets of one key share one lookup; an answer is kept for as long as `keepFor` says (0: not kept);
 * a failed lookup is never kept. Lookups run in a fiber of the cache's `FiberSet`, so interrupting one waiter never
 * cancels the lookup others wait for; closing the scope interrupts them. At most `capacity` keys are held (oldest
 * dropped first).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import type * as Scope from "effect/Scope"

/** Settings of a cache. */
export interface Options<A, E> {
  readonly capacity: number
  readonly lookup: (key: string) => Effect.Effect<A, E>
  /** How many milliseconds from `now` an answer is kept; 0 or less: not kept. */
  readonly keepFor: (answer: A, now: number) => number
}

/** A cache of lookups. */
export interface VerdictCache<A, E> {
  readonly get: (key: string) => Effect.Effect<A, E>
}

interface Entry<A, E> {
  readonly answer: Deferred.Deferred<A, E>
  /** When it expires; `Infinity` while its lookup runs. */
  expiresAt: number
}

/** A new cache, owned by `scope`. */
export const make = <A, E>(options: Options<A, E>): Effect.Effect<VerdictCache<A, E>, never, Scope.Scope> =>
  Effect.map(FiberSet.make<void, never>(), (lookups) => {
    const entries = new Map<string, Entry<A, E>>()

    const settle = (key: string, entry: Entry<A, E>, exit: Exit.Exit<A, E>) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          const keep = Exit.isSuccess(exit) ? options.keepFor(exit.value, now) : 0
          if (keep > 0) entry.expiresAt = now + keep
          else if (entries.get(key) === entry) entries.delete(key)
        })).pipe(Effect.zipRight(Deferred.done(entry.answer, exit)))

    /** The entry of `key` to wait for: a live one, or `mine`, installed and its lookup started. */
    const claim = (key: string, mine: Entry<A, E>, now: number) =>
      Effect.uninterruptible(Effect.suspend(() => {
        const held = entries.get(key)
        if (held !== undefined && held.expiresAt > now) return Effect.succeed(held)
        entries.delete(key)
        if (entries.size >= options.capacity) entries.delete(entries.keys().next().value!)
        entries.set(key, mine)
        return Effect.as(
          FiberSet.run(lookups, Effect.flatMap(Effect.exit(options.lookup(key)), (exit) => settle(key, mine, exit))),
          mine
        )
      }))

    const get = (key: string): Effect.Effect<A, E> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const held = entries.get(key)
        if (held !== undefined && held.expiresAt > now) return Deferred.await(held.answer)
        return Effect.flatMap(Deferred.make<A, E>(), (answer) =>
          Effect.flatMap(claim(key, { answer, expiresAt: Number.POSITIVE_INFINITY }, now), (entry) =>
            Deferred.await(entry.answer)))
      })

    return { get }
  })
