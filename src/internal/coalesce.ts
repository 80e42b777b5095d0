import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"

/**
 * Shares one request among identical concurrent reads.
 *
 * @internal
 */
export type Coalesce = <A, E>(key: string, request: Effect.Effect<A, E>) => Effect.Effect<A, E>

/** A request in the air and how many callers wait for it. */
interface Flight {
  fiber: Fiber.RuntimeFiber<unknown, unknown> | undefined
  callers: number
  ended: boolean
}

/**
 * Single flight for identical reads: callers asking for the same key while its request is in flight join it and
 * all get its result (value or typed error). The request runs in its own fiber, in the layer's scope: interrupting
 * one caller does not stop it for the others; when the last caller leaves before it ends, it is interrupted (which
 * aborts the HTTP request). A key is free again as soon as its request ends: nothing is cached. A caller that joins
 * a flight gets `clerk.coalesced: true` on its span.
 *
 * The flights are a `Map` owned by the layer instance (what `RcMap` keeps, without the per-call scope, semaphore and
 * lookup fiber that `RcMap.get` costs: +0.5 ms of CPU on every `Sessions.get`, bench/RESULTS.md). It is only read and
 * written inside `Effect.sync`/`suspend` steps, which JavaScript runs one at a time.
 *
 * @internal
 */
export const makeCoalesce: Effect.Effect<Coalesce, never, Scope.Scope> = Effect.map(Effect.scope, (scope) => {
  const flights = new Map<string, Flight>()

  /** Forks `request` as the key's flight; the flight frees the key itself when it ends, whichever way. */
  const start = (key: string, request: Effect.Effect<unknown, unknown>) => {
    const flight: Flight = { fiber: undefined, callers: 0, ended: false }
    const free = Effect.sync(() => {
      flight.ended = true
      if (flights.get(key) === flight) flights.delete(key)
    })
    // forked from the callers' uninterruptible region, the flight itself stays interruptible
    return Effect.map(Effect.forkIn(Effect.interruptible(Effect.ensuring(request, free)), scope), (fiber) => {
      flight.fiber = fiber
      // a request that already ended (the fiber ran before this step) is not published
      if (!flight.ended) flights.set(key, flight)
      return flight
    })
  }

  /** A caller leaves before the flight ends; the last one out interrupts it. */
  const leave = (key: string, flight: Flight) =>
    Effect.suspend(() => {
      flight.callers -= 1
      if (flight.callers > 0 || flight.fiber === undefined) return Effect.void
      if (flights.get(key) === flight) flights.delete(key)
      return Fiber.interrupt(flight.fiber)
    })

  return <A, E>(key: string, request: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        const inTheAir = flights.get(key)
        return Effect.flatMap(
          inTheAir === undefined
            ? start(key, request)
            : Effect.as(Effect.annotateCurrentSpan("clerk.coalesced", true), inTheAir),
          (flight) => {
            flight.callers += 1
            return Effect.onInterrupt(
              Effect.flatMap(restore(Fiber.await(flight.fiber!)), (exit) => exit as Effect.Effect<A, E>),
              () => leave(key, flight)
            )
          }
        )
      })
    )
})
