import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"

interface Flight<A, E> {
  readonly fiber: Fiber.RuntimeFiber<A, E>
  waiters: number
}

/**
 * Single flight for identical reads: callers asking for the same key while a request for it is in flight join
 * that request instead of sending their own, and all get its result (value or the same typed error). The request
 * runs in its own fiber (forked as a daemon from the first caller, with that caller's context): interrupting one
 * caller does not stop it for the others; when the last caller leaves before it ends, it is interrupted (which
 * aborts the HTTP request). A key is free again as soon as its request ends: results are not cached.
 *
 * An in-flight map rather than `Request`/`RequestResolver`: a resolver only deduplicates requests made in the
 * same batch (one `Effect.forEach`/`Effect.all` step), not callers arriving independently from many fibers, and
 * it has no per-caller interruption with a last-leaver abort.
 *
 * @internal
 */
export const makeCoalescer = () => {
  const flights = new Map<string, Flight<any, any>>()

  return <A, E>(key: string, effect: Effect.Effect<A, E>, onJoin?: () => void): Effect.Effect<A, E> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        const existing = flights.get(key) as Flight<A, E> | undefined
        const start = existing === undefined
          ? Effect.map(Effect.forkDaemon(Effect.interruptible(effect)), (fiber) => {
            const flight: Flight<A, E> = { fiber, waiters: 0 }
            flights.set(key, flight)
            fiber.addObserver(() => {
              if (flights.get(key) === flight) flights.delete(key)
            })
            return flight
          })
          : Effect.sync(() => {
            onJoin?.()
            return existing
          })
        return Effect.flatMap(start, (flight) => {
          flight.waiters++
          return Effect.onExit(restore(Fiber.join(flight.fiber)), () =>
            Effect.suspend(() => {
              flight.waiters--
              if (flight.waiters > 0 || flight.fiber.unsafePoll() !== null) return Effect.void
              // the last caller left before the answer: abort the request, and let new callers start afresh
              if (flights.get(key) === flight) flights.delete(key)
              return Fiber.interruptFork(flight.fiber)
            }))
        })
      })
    )
}
