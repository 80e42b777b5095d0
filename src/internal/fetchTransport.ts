import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as Context from "effect/Context"
import { asyncAttempt } from "./asyncAttempt.js"
import { bodyText } from "./body.js"
import type { Transport, WireRequest } from "./wire.js"

const fetchKey = FetchHttpClient.Fetch.key
const initKey = FetchHttpClient.RequestInit.key

/**
 * The `fetch` options of a request, over the caller's `FetchHttpClient.RequestInit` if any (ours win). Redirects
 * are never followed: a 3xx comes back as it is (an opaque one, status 0, where the runtime hides it).
 */
const requestInit = (base: RequestInit | undefined, request: WireRequest, signal: AbortSignal): RequestInit =>
  base === undefined
    ? { method: request.method, headers: request.headers, body: request.body ?? null, redirect: "manual", signal }
    : {
      ...base,
      method: request.method,
      headers: base.headers === undefined
        ? request.headers
        : { ...Object.fromEntries(new Headers(base.headers)), ...request.headers },
      body: request.body ?? null,
      redirect: "manual",
      signal
    }

/**
 * `fetch` itself, without `@effect/platform`'s `HttpClient` between (which costs more CPU per request than the rest
 * of effect-clerk, bench/RESULTS.md). Like `FetchHttpClient`, it uses `FetchHttpClient.Fetch` and
 * `FetchHttpClient.RequestInit` from the caller's context, else from `built` (the context the layer was built in),
 * else `globalThis.fetch` as it is at call time. Each attempt is one `asyncAttempt`: the whole answer, or a
 * `TransportError`; an `AbortController` aborts it on interruption, timeout, and a body past `maxResponseBytes`
 * (counted on the decoded bytes as they arrive, so a gzip bomb stops there).
 *
 * @internal
 */
export const fetchTransport = (built: Context.Context<never>): Transport => (request, attempt, onResponse) => {
  const context = attempt.context.unsafeMap
  const fetch: typeof globalThis.fetch = context.get(fetchKey) ?? built.unsafeMap.get(fetchKey) ?? globalThis.fetch
  const base: RequestInit | undefined = context.get(initKey) ?? built.unsafeMap.get(initKey)
  const max = attempt.maxResponseBytes
  return asyncAttempt(request, attempt, ({ done, failed, tooLarge }) => {
    const controller = new AbortController()
    fetch(request.url, requestInit(base, request, controller.signal)).then(
      (response) => {
        const status = response.type === "opaqueredirect" ? 0 : response.status
        const header = (name: string) => response.headers.get(name) ?? undefined
        const body = response.body
        if (body === null) return done(onResponse({ status, header, text: "" }))
        const reader = body.getReader()
        const chunks: Array<Uint8Array> = []
        let size = 0
        const next = (): void => {
          reader.read().then(({ done: end, value }) => {
            if (end) return done(onResponse({ status, header, text: bodyText(chunks, size) }))
            size += value.byteLength
            if (size > max) return tooLarge(status)
            chunks.push(value)
            next()
          }, failed)
        }
        next()
      },
      failed
    )
    return () => controller.abort()
  })
}
