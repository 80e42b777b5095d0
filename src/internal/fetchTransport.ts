import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { TransportError } from "../errors/ClerkError.js"
import { timerMillis } from "./timeout.js"
import { classifyTransportFailure } from "./transport.js"
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
 * else `globalThis.fetch` as it is at call time. One `Effect.async` per attempt, resumed with `onResponse` of the
 * whole answer or with a `TransportError`. On the live clock the deadline is a timer in that same callback (it
 * aborts the request); on any other clock (`TestClock`) it is `Effect.timeoutFail`. Interruption aborts the request.
 *
 * @internal
 */
export const fetchTransport = (built: Context.Context<never>): Transport => (request, attempt, onResponse) => {
  const context = attempt.context.unsafeMap
  const fetch: typeof globalThis.fetch = context.get(fetchKey) ?? built.unsafeMap.get(fetchKey) ?? globalThis.fetch
  const base: RequestInit | undefined = context.get(initKey) ?? built.unsafeMap.get(initKey)
  const millis = timerMillis(attempt.clock, attempt.timeout)
  type Out = Effect.Effect.Success<ReturnType<typeof onResponse>>
  type Err = Effect.Effect.Error<ReturnType<typeof onResponse>> | TransportError
  const send = Effect.async<Out, Err>((resume) => {
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let settled = false
    const settle = (effect: Effect.Effect<Out, Err>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(effect)
    }
    const failed = (cause: unknown) =>
      settle(
        Effect.fail(
          new TransportError({ method: request.method, path: request.path, ...classifyTransportFailure(cause) })
        )
      )
    if (millis !== undefined) {
      timer = setTimeout(() => {
        settle(Effect.fail(attempt.onTimeout()))
        controller.abort()
      }, millis)
    }
    try {
      fetch(request.url, requestInit(base, request, controller.signal)).then(
        (response) =>
          response.text().then(
            (text) =>
              settle(onResponse({
                status: response.status,
                header: (name: string) => response.headers.get(name) ?? undefined,
                text
              })),
            failed
          ),
        failed
      )
    } catch (cause) {
      failed(cause)
    }
    return Effect.sync(() => {
      settled = true
      clearTimeout(timer)
      controller.abort()
    })
  })
  return millis === undefined
    ? Effect.timeoutFail(send, { duration: attempt.timeout, onTimeout: attempt.onTimeout })
    : send
}
