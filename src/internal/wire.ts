import type * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type { TransportError, UnexpectedResponse } from "../errors/ClerkError.js"

/**
 * One request as it goes on the wire: the full URL (query included), the headers and the JSON body text.
 *
 * @internal
 */
export interface WireRequest {
  readonly method: "GET" | "POST"
  readonly url: string
  /** `/v1/…` without the query: what errors name. */
  readonly path: string
  /** The constant headers of every request, plus `content-type` when there is a body. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/**
 * A case-insensitive header lookup.
 *
 * @internal
 */
export type HeaderLookup = (name: string) => string | undefined

/**
 * A whole answer: status, a header lookup and the body read to its end.
 *
 * @internal
 */
export interface WireResponse {
  readonly status: number
  readonly header: HeaderLookup
  readonly text: string
}

/**
 * What one attempt runs with: the caller's clock and context, and its deadline.
 *
 * @internal
 */
export interface Attempt {
  /** The caller's clock: a timer may stand in for its `sleep` only when it is the live clock. */
  readonly clock: Clock.Clock
  /** The caller's context (where `FetchHttpClient.Fetch` may be). */
  readonly context: Context.Context<never>
  readonly timeout: Duration.Duration
  readonly onTimeout: () => TransportError
  /** Most bytes of the body, counted decoded as they arrive: past it the request is aborted. */
  readonly maxResponseBytes: number
  /** The error of a body past `maxResponseBytes` (answered with `status`). */
  readonly onTooLarge: (status: number) => UnexpectedResponse
}

/**
 * Sends one attempt, reads the whole answer within the deadline (at most `maxResponseBytes` of it), and continues
 * with `onResponse` of it. Never follows a redirect: a 3xx is answered as it is. Interrupting the effect aborts
 * the request.
 *
 * @internal
 */
export type Transport = <A, E>(
  request: WireRequest,
  attempt: Attempt,
  onResponse: (response: WireResponse) => Effect.Effect<A, E>
) => Effect.Effect<A, E | TransportError | UnexpectedResponse>
