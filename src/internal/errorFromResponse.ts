import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { ClerkApiError, Gone, NotFound, RateLimited, Unauthorized, UnexpectedResponse } from "../errors/ClerkError.js"
import { ClerkErrorBody } from "../schemas/ClerkErrorBody.js"
import { boundedErrors } from "./boundedDetail.js"
import { parseRetryAfter } from "./retryAfter.js"
/** A case-insensitive header lookup. */
export type HeaderLookup = (name: string) => string | undefined

/**
 * The status-specific errors an operation may opt into; without them, 404 and 410 become `ClerkApiError`.
 *
 * @internal
 */
export type OptionalError = NotFound | Gone

/**
 * Errors any non-2xx response can become.
 *
 * @internal
 */
export type ResponseError = Unauthorized | RateLimited | ClerkApiError | UnexpectedResponse | OptionalError

const decodeBody = Schema.decodeUnknownOption(ClerkErrorBody)

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

const describeBody = (text: string, header: HeaderLookup): string => {
  const type = header("content-type") ?? "no content-type"
  return text.length === 0 ? `empty body (${type})` : `not a Clerk error body (${type}, ${text.length} chars)`
}

/**
 * Where a failed request went, for the error.
 *
 * @internal
 */
export interface RequestInfo {
  readonly method: string
  readonly path: string
  readonly allow: ReadonlyArray<OptionalError["_tag"]>
}

/**
 * Turns a non-2xx response (its status, headers and body text) into the error the operation documents.
 * 401, 404, 410 and 429 keep their tag whatever the body; any other status needs a Clerk error body to be
 * `ClerkApiError`, else it is `UnexpectedResponse` (an HTML 502 page, an empty 503…). The body itself is never kept.
 *
 * @internal
 */
export const errorFromResponse = (
  info: RequestInfo,
  status: number,
  header: HeaderLookup,
  text: string
): Effect.Effect<never, ResponseError> => {
  const body = Option.flatMap(parseJson(text), decodeBody)
  const errors = Option.match(body, { onNone: () => [], onSome: (b) => boundedErrors(b.errors) })
  const traceId = Option.flatMap(body, (b) => Option.fromNullable(b.clerkTraceId)).pipe(
    Option.getOrUndefined
  ) ?? header("clerk-trace-id") ?? header("cf-ray")
  const clerkTraceId = traceId === undefined ? undefined : traceId.slice(0, 200)
  const fields = { method: info.method, path: info.path, status, errors, clerkTraceId }
  switch (status) {
    case 401:
      return Effect.fail(new Unauthorized(fields))
    case 404:
      if (info.allow.includes("NotFound")) return Effect.fail(new NotFound(fields))
      break
    case 410:
      if (info.allow.includes("Gone")) return Effect.fail(new Gone(fields))
      break
    case 429:
      return Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.fail(
          new RateLimited({
            ...fields,
            retryAfter: Option.getOrUndefined(
              Option.flatMap(Option.fromNullable(header("retry-after")), (v) => parseRetryAfter(v, now))
            )
          })
        ))
  }
  return Option.isSome(body)
    ? Effect.fail(new ClerkApiError(fields))
    : Effect.fail(
      new UnexpectedResponse({ method: info.method, path: info.path, status, detail: describeBody(text, header) })
    )
}
