import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { TransportError, UnexpectedResponse } from "../errors/ClerkError.js"
import { bodyText } from "./body.js"
import { originOf } from "./redirect.js"
import { timeoutFail } from "./timeout.js"
import { classifyTransportFailure } from "./transport.js"
import type { Transport, WireResponse } from "./wire.js"

const initKey = FetchHttpClient.RequestInit.key

/** Reads a body to its end, failing with `tooLarge` as soon as it passes `max` bytes (the stream is then cancelled). */
const readBody = <E>(
  stream: Stream.Stream<Uint8Array, E>,
  max: number,
  tooLarge: () => UnexpectedResponse
): Effect.Effect<string, E | UnexpectedResponse> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return Effect.map(
      Stream.runForEach(stream, (chunk) => {
        size += chunk.byteLength
        if (size > max) return Effect.fail(tooLarge())
        chunks.push(chunk)
        return Effect.void
      }),
      () => bodyText(chunks, size)
    )
  })

/**
 * A transport over any `@effect/platform` `HttpClient` (what `ClerkLiveFromHttpClient` runs on). Trace
 * propagation and the platform's `http.client` span are off: Clerk does not read trace headers, and that span's
 * exit holds the request, whose `authorization` header is in clear there (it is redacted only in attributes).
 *
 * Redirects: under `FetchHttpClient`, requests carry `redirect: "manual"` (set in the `FetchHttpClient.RequestInit`
 * of the caller's context, over its own if any), so a 3xx comes back as it is; an `HttpClient` that follows
 * redirects itself (`HttpClient.followRedirects`) ends with an `UnexpectedResponse` when its answer came from
 * another origin. The body is read as a stream and cancelled past `maxResponseBytes`.
 *
 * @internal
 */
export const platformTransport = (httpClient: HttpClient.HttpClient): Transport => {
  const client = httpClient.pipe(HttpClient.withTracerPropagation(false), HttpClient.withTracerDisabledWhen(() => true))
  // The client passes one of two constant header records: convert each once.
  const converted = new WeakMap<object, Headers.Headers>()
  const headersOf = (record: Readonly<Record<string, string>>) => {
    let headers = converted.get(record)
    if (headers === undefined) converted.set(record, headers = Headers.fromInput(record))
    return headers
  }
  const manual: RequestInit = { redirect: "manual" }
  return (request, attempt, onResponse) => {
    let httpRequest = HttpClientRequest.make(request.method)(request.url)
    if (request.body !== undefined) {
      httpRequest = HttpClientRequest.bodyText(httpRequest, request.body, "application/json")
    }
    httpRequest = HttpClientRequest.setHeaders(httpRequest, headersOf(request.headers))
    const failed = (error: HttpClientError.HttpClientError) =>
      new TransportError({ method: request.method, path: request.path, ...classifyTransportFailure(error.cause) })
    const base: RequestInit | undefined = attempt.context.unsafeMap.get(initKey)
    const execute = Effect.provideService(
      client.execute(httpRequest),
      FetchHttpClient.RequestInit,
      base === undefined ? manual : { ...base, redirect: "manual" }
    )
    const read = (response: HttpClientResponse.HttpClientResponse) => {
      if (response.request.url !== httpRequest.url && originOf(response.request.url) !== originOf(request.url)) {
        return Effect.fail(
          new UnexpectedResponse({
            method: request.method,
            path: request.path,
            status: response.status,
            detail: `the HttpClient followed a redirect to ${originOf(response.request.url)}`
          })
        )
      }
      return Effect.map(
        Effect.catchAll(
          readBody(response.stream, attempt.maxResponseBytes, () => attempt.onTooLarge(response.status)),
          (e): Effect.Effect<string, UnexpectedResponse | TransportError> =>
            e._tag === "UnexpectedResponse"
              ? Effect.fail(e)
              // a `fetch` response without a body (`new Response(null)`) has no stream: an empty body
              : e.reason === "EmptyBody"
              ? Effect.succeed("")
              : Effect.fail(failed(e))
        ),
        (text): WireResponse => ({
          status: response.status,
          header: (name) => Option.getOrUndefined(Headers.get(response.headers, name)),
          text
        })
      )
    }
    const answer = Effect.flatMap(Effect.mapError(execute, failed), read)
    return Effect.flatMap(timeoutFail(answer, attempt.timeout, attempt.onTimeout), onResponse)
  }
}
