/**
 * The JWKS cache of one `ClerkAuth` instance: keys imported once each, kept for a TTL, fetched by one request however
 * many verifications wait for them (single flight), refetched when a token names an unknown `kid` (key rotation),
 * but never more often than once per minimum interval, however many forged `kid`s arrive.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import type * as Scope from "effect/Scope"
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
  /** The key when the cached set is fresh and has it, without any effect (the hot path). */
  readonly peek: (kid: string, now: number) => RsaKey | undefined
  /** The key, fetching the set if needed; `undefined` when no key has that `kid`, even after an allowed refetch. */
  readonly get: (kid: string) => Effect.Effect<RsaKey | undefined, E>
}

interface Imported {
  readonly jwk: JsonWebKey
  readonly key: RsaKey
}

/** At most this many keys of a set are imported (an instance serves one or two; a hostile answer could send more). */
const maxKeys = 64

/** A key session tokens can be verified with: RSA, for signatures, RS256 (or no `alg`/`use` said). */
const usable = (jwk: JsonWebKey) =>
  jwk.kty === "RSA" && (jwk.alg === undefined || jwk.alg === "RS256") && (jwk.use === undefined || jwk.use === "sig")

/**
 * A new, empty cache. Fetches run in `scope` (the layer's), so interrupting one waiting verification never cancels
 * the fetch the others wait for.
 */
export const make = <E>(options: Options<E>): Effect.Effect<KeyCache<E>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const ttl = Duration.toMillis(options.ttl)
    const minInterval = Duration.toMillis(options.minRefetchInterval)
    let keys = new Map<string, Imported>()
    let fetchedAt = Number.NEGATIVE_INFINITY
    let fetchStartedAt = Number.NEGATIVE_INFINITY
    let inflight: Deferred.Deferred<void, E> | undefined

    /** Imports the usable keys of `set`, reusing the import of a key already held (same `kid`, `n` and `e`). */
    const importSet = (set: JsonWebKeySet) =>
      Effect.promise(async () => {
        const next = new Map<string, Imported>()
        for (const jwk of set.keys) {
          if (next.size >= maxKeys) break
          if (!usable(jwk) || next.has(jwk.kid)) continue
          const held = keys.get(jwk.kid)
          if (held !== undefined && held.jwk.n === jwk.n && held.jwk.e === jwk.e) {
            next.set(jwk.kid, held)
            continue
          }
          // a key that does not import (malformed, under 2048 bits) is left out: tokens naming it are unknown-key
          const key = await importJwk(jwk, options.backend).catch(() => undefined)
          if (key !== undefined) next.set(jwk.kid, { jwk, key })
        }
        return next
      })

    /** Starts a fetch unless one is in flight; the fetch's outcome. */
    const start = (now: number): Effect.Effect<Deferred.Deferred<void, E>> =>
      Effect.suspend(() => {
        if (inflight !== undefined) return Effect.succeed(inflight)
        // eslint-disable-next-line no-restricted-syntax -- this file is being replaced (issue 17, item 5)
        const deferred = Deferred.unsafeMake<void, E>(FiberId.none)
        inflight = deferred
        fetchStartedAt = now
        const run = options.fetch.pipe(
          Effect.flatMap(importSet),
          Effect.flatMap((next) =>
            Effect.map(Clock.currentTimeMillis, (at) => {
              keys = next
              fetchedAt = at
            })
          ),
          // the waiters get the error; only a refetch behind held keys (which nobody waits for) is logged
          Effect.tapErrorCause((cause) =>
            keys.size > 0
              ? Effect.logWarning("effect-clerk: refetching the JWKS failed; keeping the keys held", cause)
              : Effect.void
          ),
          Effect.ensuring(Effect.sync(() => {
            inflight = undefined
          })),
          // completes the waiters whatever happens, interruption included (the layer released mid-fetch)
          Effect.intoDeferred(deferred)
        )
        return Effect.as(Effect.forkIn(run, scope), deferred)
      })

    const refresh = (now: number) => Effect.flatMap(start(now), Deferred.await)
    const lookup = (kid: string) => Effect.sync(() => keys.get(kid)?.key)
    const fresh = (now: number) => now - fetchedAt < ttl
    const mayRefetch = (now: number) => now - fetchStartedAt >= minInterval

    const peek = (kid: string, now: number) => fresh(now) ? keys.get(kid)?.key : undefined

    const get = (kid: string): Effect.Effect<RsaKey | undefined, E> =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const held = keys.get(kid)
        if (held !== undefined) {
          // past the TTL: answer with the key held while a refetch runs behind (a failed one keeps the old keys)
          if (fresh(now) || inflight !== undefined || !mayRefetch(now)) return Effect.succeed(held.key)
          return Effect.as(start(now), held.key)
        }
        // never fetched: every verification waits for the one fetch in flight
        if (fetchedAt === Number.NEGATIVE_INFINITY) return Effect.zipRight(refresh(now), lookup(kid))
        // an unknown kid (rotation, or forged): refetch at most once per interval, or wait for the fetch in flight
        if (inflight !== undefined || mayRefetch(now)) return Effect.zipRight(refresh(now), lookup(kid))
        return Effect.succeed(undefined)
      })

    return { peek, get }
  })
