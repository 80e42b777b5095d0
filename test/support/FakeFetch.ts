import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Layer, Redacted } from "effect"
import { ClerkConfig, ClerkLive } from "../../src/index.js"

/** The secret key every fake-transport test uses; tests assert it never leaks. */
export const secretKey = "sk_test_FAKE_SECRET_0123456789"

/** One request as the fake transport saw it. */
export interface Call {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly signal: AbortSignal | undefined
}

/** What the fake answers: a Response, or a transport failure like undici's. */
export type Answer = Response | { readonly fail: "ECONNREFUSED" | "ECONNRESET" } | { readonly hang: true }

/** A JSON response. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

/** A Clerk error body response. */
export const clerkError = (status: number, code: string, headers: Record<string, string> = {}): Response =>
  json(status, {
    errors: [{ code, message: `${code} message`, long_message: `${code} long message`, meta: { param_name: "x" } }],
    clerk_trace_id: `trace_${status}`
  }, headers)

/**
 * A recording fake `fetch`: answers each call with the next scripted answer (the last one repeats).
 */
export const makeFakeFetch = (...answers: ReadonlyArray<Answer | ((call: Call) => Answer)>) => {
  const calls: Array<Call> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const text = await request.text()
    const call: Call = {
      method: request.method,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body: text.length === 0 ? undefined : JSON.parse(text),
      signal: init?.signal ?? undefined
    }
    calls.push(call)
    const next = answers[Math.min(calls.length - 1, answers.length - 1)]
    const answer = typeof next === "function" ? next(call) : next
    if (answer === undefined) throw new Error("no scripted answer")
    if (answer instanceof Response) return answer.clone()
    if ("hang" in answer) {
      return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)))
    }
    throw new TypeError("fetch failed", {
      cause: Object.assign(new Error(`connect ${answer.fail} 127.0.0.1:1`), { code: answer.fail })
    })
  }
  return { calls, fetch: fetch as typeof globalThis.fetch }
}

/**
 * `ClerkLive` over a fake fetch, configured with {@link secretKey}.
 */
export const fakeClerkLayer = (
  fetch: typeof globalThis.fetch,
  options: Partial<ClerkConfig.Options> = {}
) =>
  ClerkLive.pipe(
    Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make(secretKey), apiUrl: "https://api.clerk.test", ...options })),
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch))
  )
