/**
 * Every way a Clerk call can fail, as `Schema.TaggedError`s. Match them with `Effect.catchTag(s)`.
 * None of them holds the secret key, request headers or a response body that could carry a token.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import { ClerkErrorDetail } from "../schemas/ClerkErrorBody.js"

const apiErrorFields = {
  /** HTTP method of the failed request. */
  method: Schema.String,
  /** Path of the failed request, e.g. `/v1/sessions/sess_123` (no query string). */
  path: Schema.String,
  /** HTTP status Clerk answered with. */
  status: Schema.Number,
  /** Clerk's `errors[]`; empty when the body was not a Clerk error body. */
  errors: Schema.Array(ClerkErrorDetail),
  /** Clerk's `clerk_trace_id`, for support requests. */
  clerkTraceId: Schema.optional(Schema.String)
}

interface ApiErrorLike {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly errors: ReadonlyArray<ClerkErrorDetail>
  readonly clerkTraceId?: string | undefined
}

/** Messages are one line: Clerk's long messages (and network error texts) may contain line breaks. */
const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ")

const describe = (title: string, e: ApiErrorLike): string => {
  const first = e.errors[0]
  const detail = first === undefined ? "" : `: ${first.code}: ${first.longMessage ?? first.message}`
  const more = e.errors.length > 1 ? ` (+${e.errors.length - 1} more)` : ""
  const trace = e.clerkTraceId === undefined ? "" : ` [clerk_trace_id ${e.clerkTraceId}]`
  return oneLine(`${title}: ${e.method} ${e.path} answered ${e.status}${detail}${more}${trace}`)
}

/**
 * 401: the secret key is missing, malformed or not valid for this instance.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("effect-clerk/Unauthorized")(
  "Unauthorized",
  apiErrorFields
) {
  override get message(): string {
    return describe("Unauthorized", this)
  }
}

/**
 * 404: the session, user, template or sign-in token does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("effect-clerk/NotFound")("NotFound", apiErrorFields) {
  override get message(): string {
    return describe("Not found", this)
  }
}

/**
 * 410: the endpoint is gone for the configured API version (`Sessions.verify` from `2025-04-10` on).
 *
 * @since 0.1.0
 * @category errors
 */
export class Gone extends Schema.TaggedError<Gone>("effect-clerk/Gone")("Gone", apiErrorFields) {
  override get message(): string {
    return describe("Gone", this)
  }
}

/** `errors[0].code` of a call the client-side rate limit did not send (`ClerkRateLimit.queueCode`). */
const notSentCode = "client_rate_limited"

/**
 * 429: rate limited. `retryAfter` is Clerk's `Retry-After` header (seconds or HTTP date) when it was sent.
 * A call the client-side rate limit refused was not sent at all: `errors[0].code` is `"client_rate_limited"`,
 * `retryAfter` the wait it would have had, and its message says "not sent".
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("effect-clerk/RateLimited")("RateLimited", {
  ...apiErrorFields,
  retryAfter: Schema.optional(Schema.Duration)
}) {
  override get message(): string {
    const wait = this.retryAfter === undefined ? "" : ` (retry after ${Duration.format(this.retryAfter)})`
    const first = this.errors[0]
    return first?.code === notSentCode
      ? oneLine(`Rate limited: ${this.method} ${this.path} ${first.longMessage ?? first.message}`) + wait
      : describe("Rate limited", this) + wait
  }
}

/**
 * Any other Clerk error body: 400, 403, 422, 5xx, or a status the operation does not document.
 *
 * @since 0.1.0
 * @category errors
 */
export class ClerkApiError extends Schema.TaggedError<ClerkApiError>("effect-clerk/ClerkApiError")(
  "ClerkApiError",
  apiErrorFields
) {
  override get message(): string {
    return describe("Clerk error", this)
  }
}

/**
 * A response that is not what the contract says: an HTML or empty error page, malformed JSON, or a 2xx body that
 * fails its schema. `detail` is the parse message (it names the offending field); the body itself is not kept.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>("effect-clerk/UnexpectedResponse")(
  "UnexpectedResponse",
  {
    method: Schema.String,
    path: Schema.String,
    status: Schema.Number,
    detail: Schema.String
  }
) {
  override get message(): string {
    return oneLine(`Unexpected response: ${this.method} ${this.path} answered ${this.status}: ${this.detail}`)
  }
}

/**
 * What went wrong below HTTP: the per-attempt timeout, a refused or reset connection, or another network failure.
 *
 * @since 0.1.0
 * @category models
 */
export const TransportFailure = Schema.Literal("Timeout", "ConnectionRefused", "ConnectionReset", "Network")

/**
 * @since 0.1.0
 * @category models
 */
export type TransportFailure = typeof TransportFailure.Type

/**
 * No HTTP response: network failure, refused or reset connection, or the per-attempt timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("effect-clerk/TransportError")(
  "TransportError",
  {
    method: Schema.String,
    path: Schema.String,
    failure: TransportFailure,
    detail: Schema.String
  }
) {
  override get message(): string {
    return oneLine(`Transport error (${this.failure}): ${this.method} ${this.path}: ${this.detail}`)
  }
}

/**
 * Input rejected before any request was sent (blank id, `limit` outside 1..500, bad expiry…).
 * `detail` never repeats the value of a token field.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>("effect-clerk/InvalidInput")("InvalidInput", {
  operation: Schema.String,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return oneLine(`Invalid input to ${this.operation}: ${this.field} ${this.detail}`)
  }
}

/**
 * Errors every operation can produce.
 *
 * @since 0.1.0
 * @category errors
 */
export type CommonError =
  | InvalidInput
  | Unauthorized
  | RateLimited
  | ClerkApiError
  | UnexpectedResponse
  | TransportError

/**
 * Any effect-clerk error.
 *
 * @since 0.1.0
 * @category errors
 */
export type ClerkError = CommonError | NotFound | Gone

/**
 * Schema of any effect-clerk error (e.g. to send errors across an RPC boundary).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClerkError = Schema.Union(
  InvalidInput,
  Unauthorized,
  NotFound,
  Gone,
  RateLimited,
  ClerkApiError,
  UnexpectedResponse,
  TransportError
)
