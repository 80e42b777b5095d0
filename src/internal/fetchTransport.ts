import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as Context from "effect/Context"
import { asyncAttempt } from "./asyncAttempt.js"
import type { Transport, WireRequest } from "./wire.js"

const fetchKey = FetchHttpClient.Fetch.key
const initKey = FetchHttpClient.RequestInit.key

/** The `fetch` options of a request, over the caller's `FetchHttpClient.RequestInit` if any (our headers win). */
const requestInit = (base: RequestInit | undefined, request: WireRequest, signal: AbortSignal): RequestInit =>
  base === undefined
    ? { method: request.method, headers: request.headers, body: request.body ?? null, signal }
    : {
      ...base,
      method: request.method,
      headers: base.headers === undefined
        ? request.headers
        : { ...Object.fromEntries(new Headers(base.headers)), ...request.headers },
      body: request.body ?? null,
      signal
    }

/**
 * `fetch` itself, without `@effect/platform`'s `HttpClient` between (which costs more CPU per request than the rest
 * of effect-clerk, bench/RESULTS.md). Like `FetchHttpClient`, it uses `FetchHttpClient.Fetch` and
 * `FetchHttpClient.RequestInit` from the caller's context, else from `built` (the context the layer was built in),
 * else `globalThis.fetch` as it is at call time. Each attempt is one `asyncAttempt`: the whole answer, or a
 * `TransportError`; an `AbortController` aborts it on interruption and timeout.
 *
 * @internal
 */
export const fetchTransport = (built: Context.Context<never>): Transport => (request, attempt, onResponse) => {
  const context = attempt.context.unsafeMap
  const fetch: typeof globalThis.fetch = context.get(fetchKey) ?? built.unsafeMap.get(fetchKey) ?? globalThis.fetch
  const base: RequestInit | undefined = context.get(initKey) ?? built.unsafeMap.get(initKey)
  return asyncAttempt(request, attempt, ({ done, failed }) => {
    const controller = new AbortController()
    fetch(request.url, requestInit(base, request, controller.signal)).then(
      (response) =>
        response.text().then(
          (text) =>
            done(onResponse({
              status: response.status,
              header: (name: string) => response.headers.get(name) ?? undefined,
              text
            })),
          failed
        ),
      failed
    )
    return () => controller.abort()
  })
}
