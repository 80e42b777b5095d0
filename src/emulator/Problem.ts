/**
 * A Clerk error answer (status and `errors`), raised by the emulator's handlers and turned into a
 * `{ errors, clerk_trace_id }` body by `Responses.problem`.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { WireClerkError } from "./Wire.js"

/**
 * A request the emulator answers with a Clerk error body.
 *
 * @since 0.1.0
 * @category errors
 */
export class Problem extends Data.TaggedError("Problem")<{
  readonly status: number
  readonly errors: ReadonlyArray<WireClerkError>
  readonly headers?: Readonly<Record<string, string>>
}> {}

const one = (status: number, error: WireClerkError): Problem => new Problem({ status, errors: [error] })

/**
 * The same problem with another status (e.g. 400 where the contract lists no 422).
 *
 * @since 0.1.0
 * @category combinators
 */
export const withStatus = (problem: Problem, status: number): Problem => new Problem({ ...problem, status })

/**
 * 401: no `Authorization: Bearer …` header.
 *
 * @since 0.1.0
 * @category constructors
 */
export const authorizationHeaderInvalid = (): Problem =>
  one(401, {
    message: "Invalid authorization header format",
    long_message: "The Authorization header must be of the form 'Bearer <secret key>'.",
    code: "authorization_header_format_invalid"
  })

/**
 * 401: a bearer token that is not the instance's secret key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const authenticationInvalid = (): Problem =>
  one(401, {
    message: "Invalid authentication",
    long_message: "Unable to authenticate the request, you need to supply an active API key",
    code: "authentication_invalid"
  })

/**
 * 404 for a resource that does not exist.
 *
 * @since 0.1.0
 * @category constructors
 */
export const notFound = (longMessage: string, meta?: Readonly<Record<string, unknown>>): Problem =>
  one(404, {
    message: "not found",
    long_message: longMessage,
    code: "resource_not_found",
    ...(meta === undefined ? {} : { meta })
  })

/**
 * 404 for a path the API does not have.
 *
 * @since 0.1.0
 * @category constructors
 */
export const routeNotFound = (method: string, path: string): Problem =>
  one(404, {
    message: "not found",
    long_message: `The requested resource ${method} ${path} was not found.`,
    code: "resource_not_found"
  })

/**
 * 422: a required parameter is missing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paramMissing = (name: string): Problem =>
  one(422, {
    message: "missing required parameter",
    long_message: `${name} must be included.`,
    code: "form_param_missing",
    meta: { param_name: name }
  })

/**
 * 422: a parameter has an invalid value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paramInvalid = (name: string, longMessage: string): Problem =>
  one(422, {
    message: "is invalid",
    long_message: longMessage,
    code: "form_param_value_invalid",
    meta: { param_name: name }
  })

/**
 * 400: the body is not JSON, or not a JSON object.
 *
 * @since 0.1.0
 * @category constructors
 */
export const requestBodyInvalid = (): Problem =>
  one(400, {
    message: "Request body invalid",
    long_message: "The request body is invalid. Please consult the API documentation for more information.",
    code: "request_body_invalid"
  })

/**
 * 410: `POST /v1/sessions/{id}/verify` from API version 2025-04-10 on.
 *
 * @since 0.1.0
 * @category constructors
 */
export const operationDeprecated = (): Problem =>
  one(410, {
    message: "endpoint is deprecated and pending removal",
    long_message:
      "This endpoint is deprecated and will be removed in future versions. We strongly recommend switching to networkless verification using short-lived session tokens, which is implemented transparently in all recent SDK versions (e.g. NodeJS SDK https://clerk.com/docs/backend-requests/handling/nodejs#clerk-express-require-auth). For more details on how networkless verification works, refer to our Session Tokens documentation https://clerk.com/docs/backend-requests/resources/session-tokens.",
    code: "operation_deprecated"
  })

/**
 * A session token that was not issued by this instance for this session, or has expired.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tokenInvalid = (status: number, longMessage: string): Problem =>
  one(status, { message: "Invalid token", long_message: longMessage, code: "token_invalid" })

/**
 * A session that is not active (e.g. revoked) cannot be refreshed or verified.
 *
 * @since 0.1.0
 * @category constructors
 */
export const sessionNotActive = (status: number, sessionId: string, sessionStatus: string): Problem =>
  one(status, {
    message: "Session is not active",
    long_message: `Session ${sessionId} is ${sessionStatus}, not active.`,
    code: "session_not_active",
    meta: { session_id: sessionId, status: sessionStatus }
  })

/**
 * 429: the per-key quota is spent; `Retry-After` in whole seconds, as Clerk sends it.
 *
 * @since 0.3.0
 * @category constructors
 */
export const rateLimited = (retryAfterSeconds: number): Problem =>
  new Problem({
    status: 429,
    errors: [{
      message: "Too Many Requests",
      long_message: "Too many requests, please try again later.",
      code: "too_many_requests"
    }],
    headers: { "retry-after": String(retryAfterSeconds) }
  })

/**
 * 500: something the emulator did not expect (a bug).
 *
 * @since 0.1.0
 * @category constructors
 */
export const internal = (): Problem =>
  one(500, {
    message: "Oops, an unexpected error occurred",
    long_message: "There was an internal error on our servers. We've been notified and are working on fixing it.",
    code: "internal_clerk_error"
  })

/**
 * 400 with the given error (a request the resource's state does not allow).
 *
 * @since 0.1.0
 * @category constructors
 */
export const badRequest = (error: WireClerkError): Problem => one(400, error)

const issueCodes = {
  missing: ["form_param_missing", "missing required parameter"],
  format: ["form_param_format_invalid", "is invalid"],
  value: ["form_param_value_invalid", "is invalid"],
  unknown: ["form_param_unknown", "is unknown"]
} as const

/**
 * 422 (or `status`) with one Clerk form error per issue: `form_param_missing`, `form_param_format_invalid`,
 * `form_param_value_invalid` or `form_param_unknown`, each with `meta.param_name`.
 *
 * @since 0.4.0
 * @category constructors
 */
export const formErrors = (
  issues: ReadonlyArray<{ readonly param: string; readonly kind: keyof typeof issueCodes; readonly message: string }>,
  status = 422
): Problem =>
  new Problem({
    status,
    errors: issues.map((issue) => ({
      message: issueCodes[issue.kind][1],
      long_message: issue.message,
      code: issueCodes[issue.kind][0],
      meta: { param_name: issue.param }
    }))
  })

/**
 * 422 `form_identifier_exists`: an email address, phone number, username or slug another resource already has.
 *
 * @since 0.4.0
 * @category constructors
 */
export const identifierExists = (param: string, longMessage: string): Problem =>
  one(422, {
    message: "That identifier is taken.",
    long_message: longMessage,
    code: "form_identifier_exists",
    meta: { param_name: param }
  })
