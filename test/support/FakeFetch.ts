import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert } from "@effect/vitest"
import { Layer, Redacted, Schedule } from "effect"
import { readFileSync } from "node:fs"
import { ClerkConfig } from "../../src/index.js"
import { liveLayer } from "./Transport.js"

/** The secret key every fake-transport test uses; tests assert it never leaks. */
export const secretKey = "sk_test_FAKE_SECRET_0123456789"

/** The version in package.json. */
export const packageVersion: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8")
).version

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

/** One scripted answer, or a function of the call that gives it. */
export type Script = Answer | ((call: Call) => Answer)

/**
 * A recording fake `fetch`: answers each call with the next scripted answer (the last one repeats).
 * `script(...answers)` clears the calls and replaces the answers, so one layer can serve many tests.
 */
export const makeFakeFetch = (...initial: ReadonlyArray<Script>) => {
  const calls: Array<Call> = []
  let answers = initial
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
  const script = (...next: ReadonlyArray<Script>) => {
    calls.length = 0
    answers = next
  }
  return { calls, fetch: fetch as typeof globalThis.fetch, script }
}

/** A fake fetch. */
export type FakeFetch = ReturnType<typeof makeFakeFetch>

/**
 * The production layer (`ClerkLive`, or another fetch-based transport: see Transport.ts) over a fake fetch,
 * configured with {@link secretKey}; also exposes the `ClerkConfig` it built.
 */
export const fakeClerkLayer = (
  fetch: typeof globalThis.fetch,
  options: Partial<ClerkConfig.Options> = {}
) =>
  liveLayer.pipe(
    Layer.provideMerge(
      ClerkConfig.layer({
        secretKey: Redacted.make(secretKey),
        apiUrl: "https://api.clerk.test",
        rateLimit: false, // these suites run under TestClock; the limit has its own (test/services/ClerkRateLimit)
        ...options
      })
    ),
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch))
  )

/** Config overrides that turn retries off, for tests of single answers (429, 5xx…). */
export const noRetry: Partial<ClerkConfig.Options> = { retry: Schedule.stop }

/** Headers every Clerk request must carry, and none that leak the caller's trace. */
export const assertClerkHeaders = (
  call: Call,
  options: { readonly json: boolean; readonly apiVersion?: string } = { json: false }
) => {
  assert.strictEqual(call.headers.authorization, `Bearer ${secretKey}`)
  assert.strictEqual(call.headers["clerk-api-version"], options.apiVersion ?? "2026-05-12")
  assert.strictEqual(call.headers["user-agent"], `effect-clerk/${packageVersion}`)
  assert.strictEqual(call.headers.accept, "application/json")
  if (options.json) assert.match(call.headers["content-type"] ?? "", /^application\/json\b/)
  else assert.isUndefined(call.headers["content-type"])
  const tracing = Object.keys(call.headers).filter((name) =>
    name === "traceparent" || name === "tracestate" || name === "b3" || name.startsWith("x-b3-")
  )
  assert.deepStrictEqual(tracing, [])
}
