/**
 * The verified-token cache of one `ClerkAuth` instance: what was kept of each verified JWT, by the whole token, at
 * most `capacity` tokens (the oldest dropped first; `0` keeps none).
 *
 * Entries are found by the token's last 22 characters (132 bits of its signature) and a hit must be the very same
 * token, compared whole: a session token is about 1 KiB, and hashing all of it for a `Map` lookup (a new string on
 * every request) costs more than the rest of a cache hit. A token forged to end like a remembered one is not that
 * token: it misses, and is verified (and refused) like any other.
 *
 * @internal
 */

/** The length of the index: the end of the signature (RS256 signatures are 342 base64url characters). */
const indexLength = 22

/** A bounded cache of values by token. */
export interface VerifiedTokens<A> {
  /** The value kept for exactly `token`, if any. */
  readonly get: (token: string) => A | undefined
  /** Keeps `value` for `token` (dropping the oldest entry when full). */
  readonly set: (token: string, value: A) => void
  /** Forgets `token`. */
  readonly delete: (token: string) => void
}

interface Entry<A> {
  readonly token: string
  readonly value: A
}

/** A new, empty cache of at most `capacity` tokens. */
export const make = <A>(capacity: number): VerifiedTokens<A> => {
  const entries = new Map<string, Entry<A>>()
  const indexOf = (token: string) => token.slice(-indexLength)
  return {
    get: (token) => {
      if (capacity <= 0) return undefined
      const entry = entries.get(indexOf(token))
      return entry !== undefined && entry.token === token ? entry.value : undefined
    },
    set: (token, value) => {
      if (capacity <= 0) return
      const index = indexOf(token)
      entries.delete(index)
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!)
      entries.set(index, { token, value })
    },
    delete: (token) => {
      const index = indexOf(token)
      if (entries.get(index)?.token === token) entries.delete(index)
    }
  }
}
