import type * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type { TransportError } from "../errors/ClerkError.js"

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
 * A whole answer: status, a header lookup (case-insensitive) and the body read to its end.
 *
 * @internal
 */
export interface WireResponse {
  readonly status: number
  readonly header: (name: string) => string | undefined
  readonly text: string
}

/**
 * The per-attempt deadline a transport keeps, and the error it answers when the deadline passes first.
 *
 * @internal
 */
export interface Deadline {
  readonly duration: Duration.Duration
  /** The caller's clock: a timer may stand in for its `sleep` only when it is the live clock. */
  readonly clock: Clock.Clock
  readonly onTimeout: () => TransportError
}

/**
 * Sends one attempt and reads the whole answer, within the deadline. Interrupting the effect aborts the request.
 *
 * @internal
 */
export type Transport = (request: WireRequest, deadline: Deadline) => Effect.Effect<WireResponse, TransportError>
