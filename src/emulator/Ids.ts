/**
 * Deterministic identifiers that look like Clerk's (`user_3…`, `sess_3…`): a prefix, then
 * 27 base62 characters. The first 7 grow with the sequence number, so a later id sorts after
 * an earlier one (as Clerk's KSUID-based ids do); the remaining 20 are pseudo-random.
 *
 * @since 0.1.0
 */

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const SEQUENCE_BASE = 3 * 62 ** 6 + 9_173_302_117
const SEQUENCE_STEP = 7_919

const fnv1a = (input: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

const mulberry32 = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const base62 = (value: number, width: number): string => {
  let out = ""
  let rest = Math.floor(value)
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out
    rest = Math.floor(rest / 62)
  }
  return out
}

/**
 * `length` pseudo-random base62 characters, always the same for the same `key`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const noise = (key: string, length: number): string => {
  const next = mulberry32(fnv1a(key))
  let out = ""
  for (let i = 0; i < length; i++) {
    out += ALPHABET[Math.floor(next() * 62)]
  }
  return out
}

/**
 * The id with the given prefix and sequence number, e.g. `make("sess", 4)`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (prefix: string, sequence: number): string =>
  `${prefix}_${base62(SEQUENCE_BASE + sequence * SEQUENCE_STEP, 7)}${noise(`${prefix}:${sequence}`, 20)}`

/**
 * A random (not deterministic) base62 string, for secret keys and trace ids.
 *
 * @since 0.1.0
 * @category constructors
 */
export const random = (length: number): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length))
  let out = ""
  for (const byte of bytes) {
    out += ALPHABET[byte % 62]
  }
  return out
}

/**
 * A fresh Clerk-like trace id (32 lower-case hex characters), unique per response.
 *
 * @since 0.1.0
 * @category constructors
 */
export const traceId = (): string => globalThis.crypto.randomUUID().replaceAll("-", "")
