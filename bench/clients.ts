/**
 * The contenders for `GET /v1/sessions/:id`, each built once, as their users would: raw `fetch` + `JSON.parse`,
 * `@clerk/backend`'s `sessions.getSession`, and effect-clerk's `Sessions.get` on a `ManagedRuntime`, over `fetch`
 * (`ClerkLive`) and over `node:http` (`ClerkLiveNode`). Plus floors that are no contenders: the raw call run by the
 * Effect runtime (`runPromise(Effect.tryPromise(raw))`: what the runtime alone costs), the same request through
 * `@effect/platform`'s `FetchHttpClient` set up as `ClerkLiveFromHttpClient` sets it up (no trace propagation, no
 * http.client span) + `text` + `JSON.parse`, and raw `node:http` with a keep-alive agent + `JSON.parse` (what
 * `ClerkLiveNode` is built on).
 */
import { createClerkClient } from "@clerk/backend"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Http from "node:http"
import { ClerkConfig, ClerkLive, Sessions } from "../src/index.js"
import { ClerkLiveNode } from "../src/layers/ClerkLiveNode.js"

export const secretKey = "sk_test_bench"

/** The `HttpClient` as effect-clerk's `ClerkHttpClient` sets it up: no trace propagation, no http.client span. */
export const asEffectClerkDoes = (client: HttpClient.HttpClient) =>
  client.pipe(HttpClient.withTracerPropagation(false), HttpClient.withTracerDisabledWhen(() => true))

export const makeClients = (apiUrl: string) => {
  const headers = {
    authorization: `Bearer ${secretKey}`,
    "clerk-api-version": "2026-05-12",
    "user-agent": "bench",
    accept: "application/json"
  }
  const raw = async (id: string): Promise<unknown> => {
    const response = await fetch(`${apiUrl}/v1/sessions/${id}`, { headers })
    const text = await response.text()
    if (!response.ok) throw new Error(`status ${response.status}`)
    return JSON.parse(text)
  }

  const clerk = createClerkClient({ secretKey, apiUrl, telemetry: { disabled: true } })
  const clerkBackend = (id: string): Promise<unknown> => clerk.sessions.getSession(id)

  const agent = new Http.Agent({ keepAlive: true })
  const rawNode = (id: string) =>
    new Promise<unknown>((resolve, reject) => {
      const request = Http.request(`${apiUrl}/v1/sessions/${id}`, { headers, agent }, (response) => {
        response.setEncoding("utf8")
        let text = ""
        response.on("data", (chunk: string) => (text += chunk))
        response.on("end", () =>
          response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`status ${response.statusCode}`)))
        response.on("error", reject)
      })
      request.on("error", reject)
      request.end()
    })

  // no client-side rate limit: these sections measure the client at full speed (the quota section measures it)
  const config = ClerkConfig.layer({ secretKey: Redacted.make(secretKey), apiUrl, rateLimit: false })
  const runtime = ManagedRuntime.make(ClerkLive.pipe(Layer.provide(config)))
  const effectClerk = (id: string): Promise<unknown> => runtime.runPromise(Sessions.get(id))
  const nodeRuntime = ManagedRuntime.make(ClerkLiveNode.pipe(Layer.provide(config)))
  const effectClerkNode = (id: string): Promise<unknown> => nodeRuntime.runPromise(Sessions.get(id))

  const platformRuntime = ManagedRuntime.make(FetchHttpClient.layer)
  const runtimeFloor = (id: string): Promise<unknown> => platformRuntime.runPromise(Effect.tryPromise(() => raw(id)))
  const platformFloor = (id: string): Promise<unknown> =>
    platformRuntime.runPromise(
      Effect.flatMap(
        HttpClient.HttpClient,
        (client) =>
          Effect.flatMap(
            asEffectClerkDoes(client).get(`${apiUrl}/v1/sessions/${id}`, { headers }),
            (response) => Effect.map(response.text, (text) => JSON.parse(text) as unknown)
          )
      )
    )

  /** `n` sequential `Sessions.get` inside one Effect program; answers each call's duration (ms). */
  const effectNative = (ids: ReadonlyArray<string>): Promise<Array<number>> =>
    runtime.runPromise(Effect.forEach(ids, (id) =>
      Effect.suspend(() => {
        const start = performance.now()
        return Effect.map(Sessions.get(id), () => performance.now() - start)
      })))

  const dispose = async () => {
    await Promise.all([runtime.dispose(), nodeRuntime.dispose(), platformRuntime.dispose()])
    agent.destroy()
  }

  return {
    raw,
    clerkBackend,
    runtimeFloor,
    platformFloor,
    effectClerk,
    effectNative,
    rawNode,
    effectClerkNode,
    runtime,
    nodeRuntime,
    clerk,
    dispose
  }
}

export type Clients = ReturnType<typeof makeClients>

/** The sides tables 1 and 2 compare, in their order. */
export type Side =
  | "raw"
  | "clerkBackend"
  | "runtimeFloor"
  | "platformFloor"
  | "effectClerk"
  | "effectNative"
  | "rawNode"
  | "effectClerkNode"

/** @see Side */
export const sides: ReadonlyArray<Side> = [
  "raw",
  "clerkBackend",
  "runtimeFloor",
  "platformFloor",
  "effectClerk",
  "effectNative",
  "rawNode",
  "effectClerkNode"
]
