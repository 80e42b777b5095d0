/**
 * The contenders for `GET /v1/sessions/:id`, each built once, as their users would: raw `fetch` + `JSON.parse`,
 * `@clerk/backend`'s `sessions.getSession`, and effect-clerk's `Sessions.get` on a `ManagedRuntime` over
 * `ClerkLive` (`FetchHttpClient`), `ClerkLiveNode` (`NodeHttpClient` on undici) and, to weigh the choice of
 * `ClerkLiveNode`'s transport, `ClerkLiveFromHttpClient` over `NodeHttpClient` on `node:http`. Plus floors that are
 * no contenders: the raw call run by the Effect runtime (`runPromise(Effect.tryPromise(raw))`: what the runtime
 * alone costs), and the same request through each `HttpClient` set up as effect-clerk sets it up (no trace
 * propagation, no http.client span) + `text` + `JSON.parse`: `FetchHttpClient`, the undici client of `ClerkLiveNode`
 * (`layerNodeHttpClient`: its own pool, decompress interceptor) and `NodeHttpClient` on `node:http` with a
 * keep-alive agent (`NodeHttpClient.layer`'s own agent has none on Node 20; nor does it decode gzip).
 */
import { createClerkClient } from "@clerk/backend"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { ClerkConfig, ClerkLive, ClerkLiveFromHttpClient, Sessions } from "../src/index.js"
import { ClerkLiveNode, layerNodeHttpClient } from "../src/layers/ClerkLiveNode.js"

export const secretKey = "sk_test_bench"

/** `NodeHttpClient` on `node:http` with a keep-alive agent (as undici and `fetch` keep connections alive). */
export const layerNodeHttp = NodeHttpClient.layerWithoutAgent.pipe(
  Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true }))
)

/** `GET url` + `text` + `JSON.parse` over the `HttpClient` as effect-clerk's `ClerkHttpClient` sets it up. */
export const floorCall = (url: string, headers?: Record<string, string>) =>
  Effect.flatMap(
    HttpClient.HttpClient,
    (client) =>
      client.pipe(HttpClient.withTracerPropagation(false), HttpClient.withTracerDisabledWhen(() => true))
        .get(url, { headers })
        .pipe(Effect.flatMap((response) => Effect.map(response.text, (text) => JSON.parse(text) as unknown)))
  )

export const makeClients = (apiUrl: string) => {
  const headers = {
    authorization: `Bearer ${secretKey}`,
    "clerk-api-version": "2026-05-12",
    "user-agent": "bench",
    accept: "application/json"
  }
  const url = (id: string) => `${apiUrl}/v1/sessions/${id}`
  const raw = async (id: string): Promise<unknown> => {
    const response = await fetch(url(id), { headers })
    const text = await response.text()
    if (!response.ok) throw new Error(`status ${response.status}`)
    return JSON.parse(text)
  }

  const clerk = createClerkClient({ secretKey, apiUrl, telemetry: { disabled: true } })
  const clerkBackend = (id: string): Promise<unknown> => clerk.sessions.getSession(id)

  /** A floor: `floorCall` on a runtime of `layer`. */
  const floor = (layer: Layer.Layer<HttpClient.HttpClient>) => {
    const runtime = ManagedRuntime.make(layer)
    return { runtime, call: (id: string): Promise<unknown> => runtime.runPromise(floorCall(url(id), headers)) }
  }
  const fetchFloor = floor(FetchHttpClient.layer)
  const undiciFloor = floor(layerNodeHttpClient)
  const nodeHttpFloor = floor(layerNodeHttp)
  const runtimeFloor = (id: string): Promise<unknown> => fetchFloor.runtime.runPromise(Effect.tryPromise(() => raw(id)))

  // no client-side rate limit: these sections measure the client at full speed (the quota section measures it)
  const config = ClerkConfig.layer({ secretKey: Redacted.make(secretKey), apiUrl, rateLimit: false })
  /** effect-clerk's `Sessions.get` on a runtime of `layer`. */
  const effectClerkOver = (layer: typeof ClerkLive) => {
    const runtime = ManagedRuntime.make(layer.pipe(Layer.provide(config)))
    return { runtime, call: (id: string): Promise<unknown> => runtime.runPromise(Sessions.get(id)) }
  }
  const effectClerk = effectClerkOver(ClerkLive)
  const effectClerkNode = effectClerkOver(ClerkLiveNode)
  const effectClerkNodeHttp = effectClerkOver(ClerkLiveFromHttpClient.pipe(Layer.provide(layerNodeHttp)))

  const runtimes = [fetchFloor, undiciFloor, nodeHttpFloor, effectClerk, effectClerkNode, effectClerkNodeHttp]
  return {
    calls: {
      raw,
      clerkBackend,
      runtimeFloor,
      fetchFloor: fetchFloor.call,
      undiciFloor: undiciFloor.call,
      nodeHttpFloor: nodeHttpFloor.call,
      effectClerk: effectClerk.call,
      effectClerkNode: effectClerkNode.call,
      effectClerkNodeHttp: effectClerkNodeHttp.call
    },
    /** `ClerkLive` and `ClerkLiveNode`, for `listAll`. */
    runtime: effectClerk.runtime,
    nodeRuntime: effectClerkNode.runtime,
    clerk,
    dispose: () => Promise.all(runtimes.map((r) => r.runtime.dispose()))
  }
}

export type Clients = ReturnType<typeof makeClients>

/** The sides tables 1 and 2 compare, in their order. */
export type Side = keyof Clients["calls"]

/** @see Side */
export const sides: ReadonlyArray<Side> = [
  "raw",
  "clerkBackend",
  "runtimeFloor",
  "fetchFloor",
  "effectClerk",
  "undiciFloor",
  "effectClerkNode",
  "nodeHttpFloor",
  "effectClerkNodeHttp"
]
