/**
 * The one place Clerk requests are made: base URL + `/v1`, bearer secret, `Clerk-API-Version`, `User-Agent`,
 * JSON bodies, percent-encoded path segments, a per-attempt timeout, retries, and the mapping of every answer to
 * a value or a typed error. Built on `@effect/platform`'s `HttpClient` (fetch-based in `ClerkLive`).
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import { TransportError, UnexpectedResponse } from "../errors/ClerkError.js"
import type * as Errors from "../errors/ClerkError.js"
import { errorFromResponse, type OptionalError, type ResponseError } from "../internal/errorFromResponse.js"
import { describeParseError } from "../internal/parseIssues.js"
import { retrying } from "../internal/retrying.js"
import { timeoutFail } from "../internal/timeout.js"
import { classifyTransportFailure } from "../internal/transport.js"
import { version } from "../version.js"
import { ClerkConfig } from "./ClerkConfig.js"
import { currentSchedule } from "./ClerkRetry.js"

/**
 * Errors any request can end with, before the operation adds `NotFound` or `Gone`.
 *
 * @since 0.1.0
 * @category errors
 */
export type RequestError =
  | Errors.Unauthorized
  | Errors.RateLimited
  | Errors.ClerkErrors
  | Errors.UnexpectedResponse
  | Errors.TransportError

/**
 * The error type of a request that opts into the status-specific tags `Allow` (`"NotFound"`, `"Gone"`).
 *
 * @since 0.1.0
 * @category errors
 */
export type ErrorFor<Allow extends OptionalError["_tag"]> = RequestError | Extract<OptionalError, { _tag: Allow }>

/**
 * One Clerk request.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request<A, Allow extends OptionalError["_tag"]> {
  readonly method: "GET" | "POST"
  /** Path segments after `/v1`, raw: each one is percent-encoded here. */
  readonly path: ReadonlyArray<string>
  readonly urlParams?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  /** JSON body (already in the wire's snake_case). */
  readonly body?: Readonly<Record<string, unknown>> | undefined
  /** Whether repeating the request is harmless (every operation but the creations). */
  readonly idempotent: boolean
  /** Decoder of the 2xx body; build it once (`Schema.decodeUnknown(S)`), not per call. */
  readonly decode: (body: unknown) => Effect.Effect<A, ParseResult.ParseError>
  /** Which status-specific errors this operation documents; other 404/410 answers become `ClerkErrors`. */
  readonly allow: ReadonlyArray<Allow>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly execute: <A, Allow extends OptionalError["_tag"] = never>(
    request: Request<A, Allow>
  ) => Effect.Effect<A, ErrorFor<Allow>>
}

/**
 * The Clerk HTTP client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClerkHttpClient extends Context.Tag("effect-clerk/ClerkHttpClient")<ClerkHttpClient, Service>() {}

/**
 * The `User-Agent` effect-clerk sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent = `effect-clerk/${version}`

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/**
 * Builds the client from `ClerkConfig` and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkConfig | HttpClient.HttpClient> = Effect.gen(function*() {
  const config = yield* ClerkConfig
  const baseUrl = `${config.apiUrl}/v1`
  // Built once, not per request: the headers every request carries.
  const headers = Headers.fromInput({
    authorization: `Bearer ${Redacted.value(config.secretKey)}`,
    "clerk-api-version": config.apiVersion,
    "user-agent": userAgent,
    accept: "application/json"
  })
  const client = (yield* HttpClient.HttpClient).pipe(
    // Clerk does not read trace headers: keep the caller's trace ids inside their own system.
    HttpClient.withTracerPropagation(false),
    // The platform's `http.client` span ends with the response, whose request holds the `authorization` header in
    // clear (it is redacted only in attributes): an exporter rendering exits would leak the key. Each operation's
    // own span (`Sessions.get`…) carries the status code and the attempt count instead.
    HttpClient.withTracerDisabledWhen(() => true)
  )
  const schedule = Effect.map(FiberRef.get(currentSchedule), Option.getOrElse(() => config.retry))

  const execute = <A, Allow extends OptionalError["_tag"] = never>(
    request: Request<A, Allow>
  ): Effect.Effect<A, ErrorFor<Allow>> => {
    const path = "/" + request.path.map(encodeURIComponent).join("/")
    const info = { method: request.method, path: `/v1${path}`, allow: request.allow }
    let httpRequest = HttpClientRequest.make(request.method)(baseUrl + path, { urlParams: request.urlParams })
    if (request.body !== undefined) httpRequest = HttpClientRequest.bodyUnsafeJson(httpRequest, request.body)
    httpRequest = HttpClientRequest.setHeaders(httpRequest, headers)

    const onTransport = (error: HttpClientError.HttpClientError) =>
      Effect.fail(
        new TransportError({ method: info.method, path: info.path, ...classifyTransportFailure(error.cause) })
      )

    const onResponse = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<A, ResponseError> =>
      Effect.flatMap(
        Effect.zipRight(
          Effect.annotateCurrentSpan("http.response.status_code", response.status),
          Effect.orElseSucceed(response.text, () => "")
        ),
        (text): Effect.Effect<A, ResponseError> => {
          if (response.status < 200 || response.status >= 300) {
            return errorFromResponse(info, response.status, response.headers, text)
          }
          const unexpected = (detail: string) =>
            new UnexpectedResponse({ method: info.method, path: info.path, status: response.status, detail })
          return Option.match(parseJson(text), {
            onNone: () => Effect.fail(unexpected(text.length === 0 ? "empty body" : "body is not valid JSON")),
            onSome: (json) => Effect.mapError(request.decode(json), (e) => unexpected(describeParseError(e)))
          })
        }
      )

    const onTimeout = () =>
      new TransportError({
        method: info.method,
        path: info.path,
        failure: "Timeout",
        detail: `no complete answer within ${Duration.format(config.timeout)}`
      })

    return Effect.suspend(() => {
      let attempts = 0
      const attempt = Effect.suspend(() => Effect.annotateCurrentSpan("clerk.attempts", ++attempts)).pipe(
        Effect.zipRight(client.execute(httpRequest)),
        Effect.catchAll(onTransport),
        Effect.flatMap(onResponse)
      )
      return retrying(timeoutFail(attempt, config.timeout, onTimeout), {
        schedule,
        maxRetryTime: config.maxRetryTime,
        idempotent: request.idempotent
      })
    }) as Effect.Effect<A, ErrorFor<Allow>>
  }

  return ClerkHttpClient.of({ execute })
})

/**
 * The client as a layer; needs `ClerkConfig` and an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ClerkHttpClient, never, ClerkConfig | HttpClient.HttpClient> = Layer.effect(
  ClerkHttpClient,
  make
)
