/**
 * The JWKS cache of one `ClerkAuth` instance: keys imported once each, kept for a TTL, fetched by one request however
 * many verifications wait for them (single flight), refetched when a token names an unknown `kid` (key rotation),
 * but never more often than once per minimum interval, however many forged `kid`s arrive.
 *
 * The state is one `SynchronizedRef` owned by the layer; a fetch is a `Deferred` its waiters await, run by a fiber
 * of the layer's `FiberSet`, so interrupting a waiting verification never cancels the fetch the others wait for,
 * and closing the layer interrupts it.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import type * as Scope from "effect/Scope"
import * as SynchronizedRef from "effect/SynchronizedRef"
import type { JsonWebKey, JsonWebKeySet } from "../schemas/JsonWebKeySet.js"
import { type Backend, importJwk, type RsaKey } from "./rsaKey.js"

/** Settings of a cache. */
export interface Options<E> {
  /** Fetches the key set (`Jwks.get()`). */
  readonly fetch: Effect.Effect<JsonWebKeySet, E>
  /** How long a fetched set is used before it is fetched again. */
  readonly ttl: Duration.Duration
  /** The least time between two fetches caused by unknown `kid`s. */
  readonly minRefetchInterval: Duration.Duration
  readonly backend: Backend
}

/** A cache of verification keys by `kid`. */
export interface KeyCache<E> {
  /**
   * The key, fetching the set if needed; `undefined` when no key has that `kid`, even after an allowed refetch.
   * A key answered is the same object for as long as the set holds it (imports are reused), so a caller that
   * remembers it can tell whether it is still in the set.
   */
  readonly get: (kid: string, now: number) => Effect.Effect<RsaKey | undefined, E>
}

interface Imported {
  readonly jwk: JsonWebKey
  readonly key: RsaKey
}

interface State<E> {
  readonly keys: ReadonlyMap<string, Imported>
  /** When the keys held were fetched; `-Infinity` before the first successful fetch. */
  readonly fetchedAt: number
  readonly fetchStartedAt: number
  /** The fetch in flight, which every waiter awaits. */
  readonly inflight: Deferred.Deferred<void, E> | undefined
}

/** At most this many keys of a set are imported (an instance serves one or two; a hostile answer could send more). */
const maxKeys = 64

/** A key session tokens can be verified with: RSA, for signatures, RS256 (or no `alg`/`use` said). */
const usable = (jwk: JsonWebKey) =>
  jwk.kty === "RSA" && (jwk.alg === undefined || jwk.alg === "RS256") && (jwk.use === undefined || jwk.use === "sig")

/** Imports the usable keys of `set`, reusing the import of a key already held (same `kid`, `n` and `e`). */
const importSet = (set: JsonWebKeySet, held: ReadonlyMap<string, Imported>, backend: Backend) =>
  Effect.promise(async () => {
    const next = new Map<string, Imported>()
    for (const jwk of set.keys) {
      if (next.size >= maxKeys) break
      if (!usable(jwk) || next.has(jwk.kid)) continue
      const known = held.get(jwk.kid)
      if (known !== undefined && known.jwk.n === jwk.n && known.jwk.e === jwk.e) {
        next.set(jwk.kid, known)
        continue
      }
      // a key that does not import (malformed, under 2048 bits) is left out: tokens naming it are unknown-key
      const key = await importJwk(jwk, backend).catch(() => undefined)
      if (key !== undefined) next.set(jwk.kid, { jwk, key })
    }
    return next
  })

/** A new, empty cache; its fetches run in a `FiberSet` of `scope` (the layer's). */
export const make = <E>(options: Options<E>): Effect.Effect<KeyCache<E>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const ttl = Duration.toMillis(options.ttl)
    const minInterval = Duration.toMillis(options.minRefetchInterval)
    const fetches = yield* FiberSet.make<void, E>()
    const state = yield* SynchronizedRef.make<State<E>>({
      keys: new Map(),
      fetchedAt: Number.NEGATIVE_INFINITY,
      fetchStartedAt: Number.NEGATIVE_INFINITY,
      inflight: undefined
    })

    /** One fetch: on success the imported set replaces the held one; either way the waiters are completed. */
    const fetchInto = (deferred: Deferred.Deferred<void, E>) =>
      options.fetch.pipe(
        Effect.flatMap((set) =>
          Effect.flatMap(SynchronizedRef.get(state), (current) => importSet(set, current.keys, options.backend))
        ),
        Effect.flatMap((keys) =>
          Effect.flatMap(
            Clock.currentTimeMillis,
            (fetchedAt) => SynchronizedRef.update(state, (current) => ({ ...current, keys, fetchedAt }))
          )
        ),
        // the waiters get the error; only a refetch behind held keys (which nobody waits for) is logged
        Effect.tapErrorCause((cause) =>
          Effect.flatMap(SynchronizedRef.get(state), (current) =>
            current.keys.size > 0
              ? Effect.logWarning("effect-clerk: refetching the JWKS failed; keeping the keys held", cause)
              : Effect.void)
        ),
        Effect.ensuring(SynchronizedRef.update(state, (current) => ({ ...current, inflight: undefined }))),
        Effect.intoDeferred(deferred)
      )

    /** The fetch in flight, or a new one started at `now`. */
    const start = (now: number): Effect.Effect<Deferred.Deferred<void, E>> =>
      Effect.uninterruptible(SynchronizedRef.modifyEffect(state, (current) => {
        if (current.inflight !== undefined) return Effect.succeed([current.inflight, current] as const)
        return Effect.gen(function*() {
          const deferred = yield* Deferred.make<void, E>()
          yield* FiberSet.run(fetches, fetchInto(deferred))
          return [deferred, { ...current, inflight: deferred, fetchStartedAt: now }] as const
        })
      }))

    const lookup = (kid: string) => Effect.map(SynchronizedRef.get(state), (current) => current.keys.get(kid)?.key)
    const refreshThenLookup = (now: number, kid: string) =>
      Effect.zipRight(Effect.flatMap(start(now), Deferred.await), lookup(kid))

    /** The key of `kid` at `now` (the caller's clock reading, so one verification reads the clock once). */
    const get = (kid: string, now: number): Effect.Effect<RsaKey | undefined, E> =>
      Effect.flatMap(SynchronizedRef.get(state), (current) => {
        const mayRefetch = now - current.fetchStartedAt >= minInterval
        const held = current.keys.get(kid)
        if (held !== undefined) {
          // past the TTL: answer with the key held while a refetch runs behind (a failed one keeps the old keys)
          if (now - current.fetchedAt < ttl || current.inflight !== undefined || !mayRefetch) {
            return Effect.succeed(held.key)
          }
          return Effect.as(start(now), held.key)
        }
        // never fetched (or every fetch failed): every verification waits for the one fetch in flight
        if (current.fetchedAt === Number.NEGATIVE_INFINITY) return refreshThenLookup(now, kid)
        // an unknown kid (rotation, or forged): refetch at most once per interval, or wait for the fetch in flight
        if (current.inflight !== undefined || mayRefetch) return refreshThenLookup(now, kid)
        return Effect.succeed(undefined)
      })

    return { get }
  })
