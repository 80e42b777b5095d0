/**
 * The emulator's HTTP responses: JSON bodies, Clerk error bodies, the answers of faults and the
 * JSON rewrites of contract-drift faults.
 *
 * @since 0.1.0
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import type * as Fault from "./Fault.js"
import * as Ids from "./Ids.js"
import type { Problem } from "./Problem.js"
import type { WireClerkError, WireClerkErrors } from "./Wire.js"

/**
 * A JSON response (`Content-Type: application/json`, exactly: @clerk/backend compares it verbatim).
 *
 * @since 0.1.0
 * @category constructors
 */
export const json = (body: unknown, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(body, { status })

/**
 * A Clerk error body `{ errors, clerk_trace_id }` with a fresh trace id.
 *
 * @since 0.1.0
 * @category constructors
 */
export const problem = (problem: Problem): HttpServerResponse.HttpServerResponse => {
  const body: WireClerkErrors = { errors: problem.errors, clerk_trace_id: Ids.traceId() }
  return HttpServerResponse.unsafeJson(body, { status: problem.status, headers: problem.headers ?? {} })
}

const statusErrors: Readonly<Record<number, WireClerkError>> = {
  400: { message: "Bad request", long_message: "The request was rejected.", code: "bad_request" },
  401: {
    message: "Invalid authentication",
    long_message: "Unable to authenticate the request, you need to supply an active API key",
    code: "authentication_invalid"
  },
  403: { message: "Forbidden", long_message: "The request is not authorized.", code: "authorization_invalid" },
  404: { message: "not found", long_message: "Resource not found", code: "resource_not_found" },
  409: { message: "Conflict", long_message: "The request conflicts with the current state.", code: "conflict" },
  429: {
    message: "Too Many Requests",
    long_message: "Too many requests, please try again later.",
    code: "too_many_requests"
  },
  500: {
    message: "Oops, an unexpected error occurred",
    long_message: "There was an internal error on our servers. We've been notified and are working on fixing it.",
    code: "internal_clerk_error"
  },
  502: { message: "Bad gateway", long_message: "The upstream service answered badly.", code: "bad_gateway" },
  503: {
    message: "Service unavailable",
    long_message: "The service is temporarily unavailable, please try again later.",
    code: "service_unavailable"
  },
  504: { message: "Gateway timeout", long_message: "The upstream service timed out.", code: "gateway_timeout" }
}

/**
 * The Clerk error body of a `Status` fault: its own code and messages, else the usual ones for the status.
 *
 * @since 0.1.0
 * @category faults
 */
export const statusFaultError = (fault: Fault.Status): WireClerkError => {
  const base = statusErrors[fault.status] ??
    { message: "Injected fault", long_message: `The emulator answered ${fault.status}.`, code: "emulator_fault" }
  return {
    message: fault.message ?? base.message,
    long_message: fault.longMessage ?? base.long_message,
    code: fault.code ?? base.code
  }
}

/**
 * The default page of an `Html` fault.
 *
 * @since 0.1.0
 * @category faults
 */
export const badGatewayPage =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

/**
 * The answer of a fault that replies without processing the request (a `Reset` gives an empty 500
 * that the transport never sends).
 *
 * @since 0.1.0
 * @category faults
 */
export const faultAnswer = (fault: Fault.Answering): HttpServerResponse.HttpServerResponse => {
  switch (fault._tag) {
    case "Status": {
      const body: WireClerkErrors = { errors: [statusFaultError(fault)], clerk_trace_id: Ids.traceId() }
      return HttpServerResponse.unsafeJson(body, {
        status: fault.status,
        headers: fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) }
      })
    }
    case "MalformedJson":
      return HttpServerResponse.text(`{"object":"session","id":"sess_`, {
        status: fault.status ?? 200,
        contentType: "application/json"
      })
    case "Html":
      return HttpServerResponse.text(fault.body ?? badGatewayPage, {
        status: fault.status ?? 502,
        contentType: "text/html"
      })
    case "EmptyBody":
      return HttpServerResponse.empty({
        status: fault.status ?? 200,
        headers: { "content-type": "application/json", "content-length": "0" }
      })
    case "Reset":
      return HttpServerResponse.empty({ status: 500 })
  }
}

type Json = unknown

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const rewriteObject = (value: Record<string, Json>, fault: Fault.Rewriting): Record<string, Json> => {
  switch (fault._tag) {
    case "ExtraFields":
      return { ...value, ...(fault.fields ?? defaultExtraFields) }
    case "UnknownEnum": {
      const field = fault.field ?? "status"
      return field in value ? { ...value, [field]: fault.value ?? "emulator_unknown_value" } : value
    }
    case "DropField": {
      const { [fault.field]: _dropped, ...rest } = value
      return rest
    }
  }
}

/**
 * Fields an `ExtraFields` fault adds when it names none.
 *
 * @since 0.1.0
 * @category faults
 */
export const defaultExtraFields: Readonly<Record<string, unknown>> = {
  emulator_extra_string: "surprise",
  emulator_extra_object: { nested: true, list: [1, 2, 3] }
}

/**
 * Applies a rewriting fault to a JSON body: to a top-level object, and to every object of a top-level
 * array or of a `data` array (a paginated list).
 *
 * @since 0.1.0
 * @category faults
 */
export const rewriteJson = (body: Json, fault: Fault.Rewriting): Json => {
  if (Array.isArray(body)) {
    return body.map((item) => isObject(item) ? rewriteObject(item, fault) : item)
  }
  if (!isObject(body)) {
    return body
  }
  const rewritten = rewriteObject(body, fault)
  const data = rewritten.data
  return Array.isArray(data)
    ? { ...rewritten, data: data.map((item) => isObject(item) ? rewriteObject(item, fault) : item) }
    : rewritten
}

/**
 * Applies a rewriting fault to a 2xx JSON response; other responses are returned unchanged.
 *
 * @since 0.1.0
 * @category faults
 */
export const rewrite = (
  response: HttpServerResponse.HttpServerResponse,
  fault: Fault.Rewriting
): HttpServerResponse.HttpServerResponse => {
  if (response.status < 200 || response.status >= 300 || response.body._tag !== "Uint8Array") {
    return response
  }
  try {
    const body: Json = JSON.parse(new TextDecoder().decode(response.body.body))
    return HttpServerResponse.unsafeJson(rewriteJson(body, fault), {
      status: response.status,
      headers: response.headers
    })
  } catch {
    return response
  }
}
