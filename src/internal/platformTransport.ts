import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { TransportError } from "../errors/ClerkError.js"
import { timeoutFail } from "./timeout.js"
import { classifyTransportFailure } from "./transport.js"
import type { Transport, WireResponse } from "./wire.js"

/**
 * A transport over any `@effect/platform` `HttpClient` (what `ClerkLiveWithoutHttpClient` runs on). Trace
 * propagation and the platform's `http.client` span are off: Clerk does not read trace headers, and that span's
 * exit holds the request, whose `authorization` header is in clear there (it is redacted only in attributes).
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
  return (request, attempt, onResponse) => {
    let httpRequest = HttpClientRequest.make(request.method)(request.url)
    if (request.body !== undefined) {
      httpRequest = HttpClientRequest.bodyText(httpRequest, request.body, "application/json")
    }
    httpRequest = HttpClientRequest.setHeaders(httpRequest, headersOf(request.headers))
    const failed = (error: HttpClientError.HttpClientError) =>
      new TransportError({ method: request.method, path: request.path, ...classifyTransportFailure(error.cause) })
    const answer = Effect.flatMap(
      Effect.mapError(client.execute(httpRequest), failed),
      (response) =>
        Effect.mapBoth(response.text, {
          onFailure: failed,
          onSuccess: (text): WireResponse => ({
            status: response.status,
            header: (name) => Option.getOrUndefined(Headers.get(response.headers, name)),
            text
          })
        })
    )
    return Effect.flatMap(timeoutFail(answer, attempt.timeout, attempt.onTimeout), onResponse)
  }
}
