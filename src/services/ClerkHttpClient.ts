/**
 * The one place Clerk requests are made: base URL + `/v1`, bearer secret, `Clerk-API-Version`, `User-Agent`,
 * JSON bodies, percent-encoded path segments, a per-attempt timeout, retries, and the mapping of every answer to
 * a value or a typed error. Transports under it: `fetch` itself (`layerFetch`, what `ClerkLive` uses), any
 * `@effect/platform` `HttpClient` (`layer`), and `node:http` (the `effect-clerk/ClerkLiveNode` entry point).
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import type * as Tracer from "effect/Tracer"
import { TransportError, UnexpectedResponse } from "../errors/ClerkError.js"
import type * as Errors from "../errors/ClerkError.js"
import { makeCoalescer } from "../internal/coalesce.js"
import { errorFromResponse, type OptionalError, type ResponseError } from "../internal/errorFromResponse.js"
import { fetchTransport } from "../internal/fetchTransport.js"
import { describeParseError } from "../internal/parseIssues.js"
import { platformTransport } from "../internal/platformTransport.js"
import { originOf } from "../internal/redirect.js"
import { parseRetryAfter } from "../internal/retryAfter.js"
import { retrying } from "../internal/retrying.js"
import type { Attempt, Transport, WireRequest, WireResponse } from "../internal/wire.js"
import { version } from "../version.js"
import { ClerkConfig } from "./ClerkConfig.js"
import * as ClerkRateLimit from "./ClerkRateLimit.js"
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
  /** Which status-specific errors this operation documents; other 404/410 answers become `ClerkApiError`. */
  readonly allow: ReadonlyArray<Allow>
  /** The operation's span, if it has one: gets `http.response.status_code` and `clerk.attempts`. */
  readonly span?: Tracer.Span | undefined
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

/** `?a=1&b=x` (as `URLSearchParams` encodes it) without the `undefined` values; `""` when none is left. */
const queryString = (params: Readonly<Record<string, string | number | boolean | undefined>>): string => {
  const search = new URLSearchParams()
  for (const key in params) {
    const value = params[key]
    if (value !== undefined) search.append(key, String(value))
  }
  const query = search.toString()
  return query.length === 0 ? "" : `?${query}`
}

/** Clerk's Backend API never redirects; a 3xx (or the opaque redirect a browser's `fetch` shows as 0) is refused. */
const isRedirect = (status: number) => status === 0 || (status >= 300 && status < 400)

/** The error of a redirect: its status and where it pointed (the origin only, never a path or query). */
const redirected = (info: { readonly method: string; readonly path: string }, response: WireResponse, url: string) =>
  new UnexpectedResponse({
    method: info.method,
    path: info.path,
    status: response.status,
    detail: response.status === 0
      ? "a redirect (opaque to fetch), not followed: Clerk's API never redirects"
      : `a redirect to ${originOf(response.header("location"), url)}, not followed: Clerk's API never redirects`
  })

/** The limiter in the context (e.g. `layerRedis`), else an in-process one for the configured quota, if any. */
const limiterOf: Effect.Effect<ClerkRateLimit.Service | undefined, never, ClerkConfig> = Effect.flatMap(
  Effect.zip(ClerkConfig, Effect.serviceOption(ClerkRateLimit.ClerkRateLimit)),
  ([config, provided]) =>
    Option.isSome(provided)
      ? Effect.succeed(provided.value)
      : config.rateLimit === undefined
      ? Effect.succeed(undefined)
      : ClerkRateLimit.make(config.rateLimit)
)

/**
 * Builds the client over a transport (the fetch, platform and Node layers are this over their own).
 *
 * @internal
 */
export const makeWith = (transport: Transport): Effect.Effect<Service, never, ClerkConfig> =>
  Effect.map(Effect.zip(ClerkConfig, limiterOf), ([config, limiter]) => {
    // Built once, not per request: the headers every request carries.
    const headers: Record<string, string> = {
      authorization: `Bearer ${Redacted.value(config.secretKey)}`,
      "clerk-api-version": config.apiVersion,
      "user-agent": userAgent,
      accept: "application/json"
    }
    const jsonHeaders: Record<string, string> = { ...headers, "content-type": "application/json" }
    const schedule = Effect.map(FiberRef.get(currentSchedule), Option.getOrElse(() => config.retry))
    const coalescer = makeCoalescer()
    const timeoutMillis = Duration.toMillis(config.timeout)
    const maxRetryMillis = Duration.toMillis(config.maxRetryTime)
    const maxRetryText = Duration.format(config.maxRetryTime)

    const execute = <A, Allow extends OptionalError["_tag"] = never>(
      request: Request<A, Allow>
    ): Effect.Effect<A, ErrorFor<Allow>> => {
      const path = `/v1/${request.path.map(encodeURIComponent).join("/")}`
      const wire: WireRequest = {
        method: request.method,
        url: config.apiUrl + path + (request.urlParams === undefined ? "" : queryString(request.urlParams)),
        path,
        headers: request.body === undefined ? headers : jsonHeaders,
        body: request.body === undefined ? undefined : JSON.stringify(request.body)
      }
      const info = { method: request.method, path, allow: request.allow }
      const span = request.span
      const limit = request.rateLimited === false ? undefined : limiter

      const onResponse = (response: WireResponse): Effect.Effect<A, ResponseError> => {
        span?.attribute("http.response.status_code", response.status)
        if (response.status < 200 || response.status >= 300) {
          if (isRedirect(response.status)) return Effect.fail(redirected(info, response, wire.url))
          const error = errorFromResponse(info, response.status, response.header, response.text)
          const retryAfter = response.status === 429 && limit !== undefined ? response.header("retry-after") : undefined
          return retryAfter === undefined ? error : Effect.zipRight(learn(limit!, retryAfter), error)
        }
        const unexpected = (detail: string) =>
          new UnexpectedResponse({ method: info.method, path, status: response.status, detail })
        let json: unknown
        try {
          json = JSON.parse(response.text)
        } catch {
          return Effect.fail(unexpected(response.text.length === 0 ? "empty body" : "body is not valid JSON"))
        }
        const decoded = request.decode(json)
        // a decoded value (the fast path's `Effect.succeed`) goes on as it is, without a `mapError` step
        return Exit.isExit(decoded) && Exit.isSuccess(decoded)
          ? (decoded as unknown as Exit.Exit<A>)
          : Effect.mapError(decoded, (e) => unexpected(describeParseError(e)))
      }

      const timedOut = (detail: string) => () =>
        new TransportError({ method: info.method, path, failure: "Timeout", detail })
      const onTimeout = timedOut(`no complete answer within ${Duration.format(config.timeout)}`)
      const onTooLarge = (status: number) =>
        new UnexpectedResponse({
          method: info.method,
          path,
          status,
          detail: `body larger than maxResponseBytes (${config.maxResponseBytes} bytes decoded); request aborted`
        })

      const call = Effect.withFiberRuntime<A, ErrorFor<Allow>>((fiber) => {
        const clock = Context.get(fiber.getFiberRef(DefaultServices.currentServices), Clock.Clock)
        const context = fiber.getFiberRef(FiberRef.currentContext)
        const attempt: Attempt = {
          clock,
          context,
          timeout: config.timeout,
          onTimeout,
          maxResponseBytes: config.maxResponseBytes,
          onTooLarge
        }
        const start = clock.unsafeCurrentTimeMillis()
        const deadline = start + maxRetryMillis
        let attempts = 0
        const send = () => {
          span?.attribute("clerk.attempts", ++attempts)
          // each attempt ends by the call's deadline: its timeout, or what is left of maxRetryTime if less
          const left = Math.max(0, deadline - clock.unsafeCurrentTimeMillis())
          return transport(
            wire,
            left >= timeoutMillis ? attempt : {
              ...attempt,
              timeout: Duration.millis(left),
              onTimeout: timedOut(
                `no complete answer within ${
                  Duration.format(Duration.millis(left))
                }, the rest of maxRetryTime (${maxRetryText})`
              )
            },
            onResponse
          )
        }
        let queued = 0
        const ticket = limit === undefined ? undefined : { method: request.method, path, deadline }
        return retrying(
          ticket === undefined ? send : () =>
            Effect.flatMap(limit!.acquire(ticket), (waited) => {
              if (waited > 0) span?.attribute("clerk.rate_limit.queued_ms", queued += waited)
              return send()
            }),
          { start, schedule, maxRetryTime: config.maxRetryTime, idempotent: request.idempotent }
        ) as Effect.Effect<A, ErrorFor<Allow>>
      })
      return request.coalesce === true
        ? coalescer(`${request.method} ${wire.url}`, call, () => span?.attribute("clerk.coalesced", true))
        : call
    }

    return ClerkHttpClient.of({ execute })
  })

/** A 429's `Retry-After` pauses the limiter (for the whole process; for the fleet when its store is shared). */
const learn = (limiter: ClerkRateLimit.Service, value: string): Effect.Effect<void> =>
  Effect.clockWith((clock) => {
    const retryAfter = parseRetryAfter(value, clock.unsafeCurrentTimeMillis())
    return Option.isSome(retryAfter) ? limiter.learn(retryAfter.value) : Effect.void
  })

/**
 * Builds the client over `fetch`: `FetchHttpClient.Fetch` from the caller's context, else from the context it is
 * built in, else `globalThis.fetch`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeFetch: Effect.Effect<Service, never, ClerkConfig> = Effect.flatMap(
  Effect.context<never>(),
  (built) => makeWith(fetchTransport(built))
)

/**
 * Builds the client over an `@effect/platform` `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkConfig | HttpClient.HttpClient> = Effect.flatMap(
  HttpClient.HttpClient,
  (client) => makeWith(platformTransport(client))
)

/**
 * The client as a layer over an `@effect/platform` `HttpClient` (any: fetch, undici, a test double).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ClerkHttpClient, never, ClerkConfig | HttpClient.HttpClient> = Layer.effect(
  ClerkHttpClient,
  make
)

/**
 * The client as a layer over `fetch` itself, without an `HttpClient` (what `ClerkLive` uses: less CPU per call).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFetch: Layer.Layer<ClerkHttpClient, never, ClerkConfig> = Layer.effect(ClerkHttpClient, makeFetch)
