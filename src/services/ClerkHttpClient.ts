/**
 * The one place Clerk requests are made, over any `@effect/platform` `HttpClient`: base URL + `/v1`, bearer secret,
 * `Clerk-API-Version`, `User-Agent`, JSON or multipart bodies, percent-encoded path segments, the rate limit, a
 * per-attempt timeout inside one total budget, declarative retries, coalescing of identical reads, a bounded body,
 * Schema decoding, and the mapping of every answer to a value or a typed error.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import type * as Scope from "effect/Scope"
import { TransportError, UnexpectedResponse } from "../errors/ClerkError.js"
import type * as Errors from "../errors/ClerkError.js"
import { makeCoalesce } from "../internal/coalesce.js"
import { errorFromResponse, type OptionalError, type ResponseError } from "../internal/errorFromResponse.js"
import { describeParseError } from "../internal/parseIssues.js"
import { readBody } from "../internal/readBody.js"
import { originOf } from "../internal/redirect.js"
import { parseRetryAfter } from "../internal/retryAfter.js"
import { isRetryable, retrying, retryPolicy, startBudget } from "../internal/retryPolicy.js"
import { classifyTransportFailure } from "../internal/transport.js"
import { version } from "../version.js"
import { ClerkConfig } from "./ClerkConfig.js"
import { ClerkRateLimit, make as makeRateLimit } from "./ClerkRateLimit.js"
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
  | Errors.ClerkApiError
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
 * A query parameter's value: arrays are sent as repeated keys (`email_address=a&email_address=b`).
 *
 * @since 0.4.0
 * @category models
 */
export type UrlParam = string | number | boolean | ReadonlyArray<string | number | boolean> | undefined

/**
 * One Clerk request, as an operation describes it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request<A, Allow extends OptionalError["_tag"] = never> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** Path segments after `/v1`, raw: each one is percent-encoded here. */
  readonly path: ReadonlyArray<string>
  /** Query parameters in the wire's names; `undefined` ones are left out. */
  readonly urlParams?: Readonly<Record<string, UrlParam>> | undefined
  /** JSON body, already in the wire's snake_case. */
  readonly body?: unknown
  /** A multipart body instead (uploads). */
  readonly formData?: FormData | undefined
  /** Whether repeating the request is harmless (every operation but the creations). */
  readonly idempotent: boolean
  /** Decoder of the 2xx body (`undefined` when it is empty); build it once (`Schema.decodeUnknown(S)`). */
  readonly decode: (body: unknown) => Effect.Effect<A, ParseResult.ParseError>
  /** Which status-specific errors the operation documents; other 404/410 answers become `ClerkApiError`. */
  readonly allow: ReadonlyArray<Allow>
  /** Whether the request counts against the rate limit (default `true`; Clerk does not limit `GET /v1/jwks`). */
  readonly rateLimited?: boolean | undefined
  /** Whether identical concurrent calls (same method and URL) share one request in flight (reads only). */
  readonly coalesce?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Sends `request` (retried by its idempotency, within the call's budget) and decodes the answer. The current span
   * (the operation's) gets `http.response.status_code`, `clerk.attempts` and, when it waited for the rate limit,
   * `clerk.rate_limit.queued_ms`.
   */
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

/** Clerk's Backend API never redirects; a 3xx (or the opaque redirect a browser's `fetch` shows as 0) is refused. */
const isRedirect = (status: number) => status === 0 || (status >= 300 && status < 400)

/** What an error names of the request: its method and path (never the query, where an email could be). */
interface Target {
  readonly method: string
  readonly path: string
  readonly allow: ReadonlyArray<OptionalError["_tag"]>
}

/** A failure of the `HttpClient` itself, in our words (never the library's message: some quote the request). */
const transportError = (target: Target) => (error: HttpClientError.HttpClientError) =>
  new TransportError({ method: target.method, path: target.path, ...classifyTransportFailure(error.cause) })

/** JSON text → value, or `undefined` for an empty body; a body that is not JSON is an `UnexpectedResponse`. */
const parseJson = (target: Target, status: number, text: string): Effect.Effect<unknown, UnexpectedResponse> =>
  text.length === 0 ? Effect.succeed(undefined) : Effect.try({
    try: () => JSON.parse(text),
    catch: () => new UnexpectedResponse({ ...target, status, detail: "body is not valid JSON" })
  })

/**
 * Builds the client over the `HttpClient` in the context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkConfig | HttpClient.HttpClient | Scope.Scope> = Effect.gen(
  function*() {
    const config = yield* ClerkConfig
    const provided = yield* Effect.serviceOption(ClerkRateLimit)
    // the limiter in the context (e.g. `layerRedis`), else an in-process one for the configured quota
    const limiter = Option.isSome(provided)
      ? provided.value
      : config.rateLimit === undefined
      ? undefined
      : yield* makeRateLimit(config.rateLimit)
    const coalesce = yield* makeCoalesce
    const apiOrigin = originOf(config.apiUrl)
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest(flow(
        HttpClientRequest.bearerToken(config.secretKey),
        HttpClientRequest.setHeaders({ "clerk-api-version": config.apiVersion, "user-agent": userAgent }),
        HttpClientRequest.acceptJson
      )),
      // no platform span (it would end holding the request's headers), and so no trace headers: Clerk reads none
      HttpClient.withTracerDisabledWhen(() => true)
    )
    // under `fetch`, a 3xx comes back as it is instead of being followed (over the caller's `RequestInit`, if any)
    const noRedirects = Effect.map(
      Effect.serviceOption(FetchHttpClient.RequestInit),
      Option.match({ onNone: () => manualRedirect, onSome: (init): RequestInit => ({ ...init, redirect: "manual" }) })
    )
    const tooLarge = (target: Target, status: number) => () =>
      new UnexpectedResponse({
        ...target,
        status,
        detail: `body larger than maxResponseBytes (${config.maxResponseBytes} bytes decoded); request aborted`
      })

    /** One answer → the decoded value or the error the operation documents. */
    const answer = <A>(
      target: Target,
      decode: Request<A, any>["decode"],
      response: HttpClientResponse.HttpClientResponse
    ): Effect.Effect<A, ResponseError | TransportError> => {
      const status = response.status
      const header = (name: string) => Option.getOrUndefined(Headers.get(response.headers, name))
      if (isRedirect(status)) {
        return Effect.fail(
          new UnexpectedResponse({
            ...target,
            status,
            detail: status === 0
              ? "a redirect (opaque to fetch), not followed: Clerk's API never redirects"
              : `a redirect to ${
                originOf(header("location"), response.request.url)
              }, not followed: Clerk's API never redirects`
          })
        )
      }
      // an `HttpClient` that follows redirects itself (`HttpClient.followRedirects`) answers from elsewhere
      if (originOf(response.request.url) !== apiOrigin) {
        return Effect.fail(
          new UnexpectedResponse({
            ...target,
            status,
            detail: `the HttpClient followed a redirect to ${originOf(response.request.url)}`
          })
        )
      }
      // An uncompressed body whose length is declared, and within the limit, is read whole (HTTP/1.1 framing stops
      // at that length); any other is counted as it streams, decoded bytes included, and cut past the limit.
      const length = Number(header("content-length") ?? Number.NaN)
      const encoding = header("content-encoding")
      const body = (encoding === undefined || encoding === "identity") && length <= config.maxResponseBytes
        ? response.text
        : readBody(response.stream, config.maxResponseBytes, tooLarge(target, status))
      return Effect.flatMap(
        Effect.catchTag(
          body,
          "ResponseError",
          (error) => error.reason === "EmptyBody" ? Effect.succeed("") : Effect.fail(transportError(target)(error))
        ),
        (text): Effect.Effect<A, ResponseError> => {
          if (status < 200 || status >= 300) {
            const error = errorFromResponse(target, status, header, text)
            const retryAfter = status === 429 ? header("retry-after") : undefined
            return limiter === undefined || retryAfter === undefined ? error : Effect.zipRight(
              Effect.flatMap(
                Clock.currentTimeMillis,
                (now) =>
                  Option.match(parseRetryAfter(retryAfter, now), { onNone: () => Effect.void, onSome: limiter.learn })
              ),
              error
            )
          }
          return Effect.flatMap(parseJson(target, status, text), (json) =>
            Effect.mapError(
              decode(json),
              (error) =>
                new UnexpectedResponse({
                  ...target,
                  status,
                  detail: json === undefined ? "empty body" : describeParseError(error)
                })
            ))
        }
      )
    }

    const execute = <A, Allow extends OptionalError["_tag"] = never>(
      request: Request<A, Allow>
    ): Effect.Effect<A, ErrorFor<Allow>> => {
      const path = `/v1/${request.path.map(encodeURIComponent).join("/")}`
      const target: Target = { method: request.method, path, allow: request.allow }
      let httpRequest = HttpClientRequest.make(request.method)(config.apiUrl + path, {
        urlParams: request.urlParams ?? {}
      })
      if (request.formData !== undefined) httpRequest = HttpClientRequest.bodyFormData(httpRequest, request.formData)
      else if (request.body !== undefined) httpRequest = HttpClientRequest.bodyUnsafeJson(httpRequest, request.body)
      const limit = request.rateLimited === false ? undefined : limiter

      const send = (timeout: { readonly duration: Duration.Duration; readonly detail: string }) =>
        client.execute(httpRequest).pipe(
          Effect.mapError(transportError(target)),
          Effect.flatMap((response) =>
            Effect.zipRight(
              Effect.annotateCurrentSpan("http.response.status_code", response.status),
              answer(target, request.decode, response)
            )
          ),
          Effect.timeoutFail({
            duration: timeout.duration,
            onTimeout: () =>
              new TransportError({ method: target.method, path, failure: "Timeout", detail: timeout.detail })
          }),
          // outside the timeout's race: its fibers inherit it and have no changed context to merge back
          Effect.provideServiceEffect(FetchHttpClient.RequestInit, noRedirects)
        )

      const call = Effect.gen(function*() {
        const budget = yield* startBudget(config.timeout, config.maxRetryTime)
        const schedule = Option.getOrElse(yield* FiberRef.get(currentSchedule), () => config.retry)
        let attempts = 0
        let queued = 0
        const attempt = Effect.gen(function*() {
          if (limit !== undefined) {
            const waited = yield* limit.acquire({ method: request.method, path, deadline: budget.latestQueued })
            if (waited > 0) yield* Effect.annotateCurrentSpan("clerk.rate_limit.queued_ms", queued += waited)
          }
          yield* Effect.annotateCurrentSpan("clerk.attempts", ++attempts)
          return yield* send(yield* budget.attemptTimeout)
        })
        return yield* retrying(
          attempt,
          () => retryPolicy(schedule, budget),
          (error) => isRetryable(error, request.idempotent)
        )
      }) as Effect.Effect<A, ErrorFor<Allow>>

      return request.coalesce === true
        ? coalesce(`${request.method} ${httpRequest.url}?${UrlParams.toString(httpRequest.urlParams)}`, call)
        : call
    }

    return ClerkHttpClient.of({ execute })
  }
)

const manualRedirect: RequestInit = { redirect: "manual" }

/**
 * The client as a layer over the `HttpClient` in the context (any: `FetchHttpClient`, `NodeHttpClient`, yours).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ClerkHttpClient, never, ClerkConfig | HttpClient.HttpClient> = Layer.scoped(
  ClerkHttpClient,
  make
)
