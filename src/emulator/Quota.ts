/**
 * The emulator's per-key quota, like Clerk's (100 or 1000 requests per 10 s per instance): once `limit` requests
 * were accepted within the last `window`, requests are answered 429 with `Retry-After` (whole seconds, as Clerk
 * sends it) until the oldest of them leaves the window. A sliding window: at most `limit` accepted in any
 * window-long span, the strictest reading of Clerk's rule, so a client that passes here passes a fixed-window
 * server too. Refused requests are not counted. Memory: `limit` timestamps.
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"

/**
 * The quota option: `{ limit: 100, window: "10 seconds" }`.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  readonly limit: number
  /** Default 10 seconds. */
  readonly window?: Duration.DurationInput | undefined
}

/**
 * What the quota counted.
 *
 * @since 0.3.0
 * @category models
 */
export interface Stats {
  readonly limit: number
  readonly windowMillis: number
  /** Requests accepted (counted against the quota). */
  readonly accepted: number
  /** Requests answered 429 by the quota. */
  readonly limited: number
}

/**
 * A quota's state.
 *
 * @since 0.3.0
 * @category models
 */
export interface Quota {
  /** Counts a request at `now` (unix ms): `undefined` when accepted, else the `Retry-After` in seconds. */
  readonly take: (now: number) => number | undefined
  readonly stats: () => Stats
  readonly reset: () => void
}

/**
 * A new quota; throws a `RangeError` for a limit that is not a positive integer or a window that is not positive.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: Options): Quota => {
  const limit = options.limit
  const windowMillis = Duration.toMillis(Duration.decode(options.window ?? "10 seconds"))
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rateLimit.limit must be a positive integer`)
  if (!(windowMillis > 0) || !Number.isFinite(windowMillis)) throw new RangeError(`rateLimit.window must be positive`)
  // ring of the accepted requests' times within the window
  let times = new Array<number>(limit).fill(-Infinity)
  let next = 0
  let accepted = 0
  let limited = 0
  return {
    take: (now) => {
      const oldest = times[next]!
      if (oldest > now - windowMillis) {
        limited++
        return Math.max(1, Math.ceil((oldest + windowMillis - now) / 1000))
      }
      times[next] = now
      next = (next + 1) % limit
      accepted++
      return undefined
    },
    stats: () => ({ limit, windowMillis, accepted, limited }),
    reset: () => {
      times = new Array<number>(limit).fill(-Infinity)
      next = 0
      accepted = 0
      limited = 0
    }
  }
}

/**
 * Parses the CLI's `--rate-limit` value: `100` (per 10 s), `100/10s`, `1000/10` (seconds) or `5/500ms`.
 *
 * @since 0.3.0
 * @category parsing
 */
export const parse = (text: string): Options => {
  const match = /^\s*(\d+)\s*(?:\/\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*)?$/.exec(text)
  if (match === null || Number(match[1]) < 1) {
    throw new Error(`--rate-limit must look like 100/10s (requests per window), got ${JSON.stringify(text)}`)
  }
  const amount = match[2] === undefined ? 10 : Number(match[2])
  if (!(amount > 0)) throw new Error(`--rate-limit's window must be positive, got ${JSON.stringify(text)}`)
  return {
    limit: Number(match[1]),
    window: match[3] === "ms" ? Duration.millis(amount) : Duration.seconds(amount)
  }
}

/**
 * A web handler answering 429 (Clerk's body, `Retry-After`) for requests bearing `secretKey` once `quota` is spent
 * (live clock; `GET /v1/jwks` is not counted), and passing everything else to `handler`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const guard = (
  quota: Quota,
  secretKey: string,
  handler: (request: Request) => Promise<Response>
) =>
(request: Request): Promise<Response> => {
  const counted = new URL(request.url).pathname !== "/v1/jwks" &&
    request.headers.get("authorization")?.trim() === `Bearer ${secretKey}`
  const retryAfter = counted ? quota.take(Date.now()) : undefined
  if (retryAfter === undefined) return handler(request)
  const body = {
    errors: [{
      message: "Too Many Requests",
      long_message: "Too many requests, please try again later.",
      code: "too_many_requests"
    }],
    clerk_trace_id: globalThis.crypto.randomUUID().replaceAll("-", "")
  }
  return Promise.resolve(
    new Response(JSON.stringify(body), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": String(retryAfter) }
    })
  )
}
