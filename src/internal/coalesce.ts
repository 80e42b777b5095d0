import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Hash from "effect/Hash"
import * as RcMap from "effect/RcMap"
import type * as Scope from "effect/Scope"

/** A flight's key: equal by `key` alone; it carries the request that starts the flight when none is in the air. */
class Flight implements Equal.Equal {
  constructor(readonly key: string, readonly request: Effect.Effect<unknown, unknown>) {}
  [Equal.symbol](that: Equal.Equal): boolean {
    return that instanceof Flight && that.key === this.key
  }
  [Hash.symbol](): number {
    return Hash.string(this.key)
  }
}

/**
 * Shares one request among identical concurrent reads.
 *
 * @internal
 */
export type Coalesce = <A, E>(key: string, request: Effect.Effect<A, E>) => Effect.Effect<A, E>

/**
 * Single flight for identical reads, on `RcMap`: callers asking for the same key while its request is in flight
 * join it and all get its result (value or typed error). The request runs in its own fiber: interrupting one
 * caller does not stop it for the others; when the last caller leaves before it ends, it is interrupted (which
 * aborts the HTTP request). A key is free again once every caller has its result: nothing is cached. A caller
 * that joins a flight gets `clerk.coalesced: true` on its span.
 *
 * @internal
 */
export const makeCoalesce: Effect.Effect<Coalesce, never, Scope.Scope> = Effect.map(
  RcMap.make({ lookup: (flight: Flight) => flight.request }),
  (flights) => <A, E>(key: string, request: Effect.Effect<A, E>) => {
    const flight = new Flight(key, request)
    const join = Effect.scoped(RcMap.get(flights, flight)) as Effect.Effect<A, E>
    // a caller that joins a flight in the air says so on its span
    return Effect.flatMap(
      RcMap.has(flights, flight),
      (inTheAir) => inTheAir ? Effect.zipRight(Effect.annotateCurrentSpan("clerk.coalesced", true), join) : join
    )
  }
)
