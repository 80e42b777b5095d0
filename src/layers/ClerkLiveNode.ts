/**
 * The fastest production layer on Node: the client services over `node:http` / `node:https` with
 * keep-alive agents, instead of `fetch` (Node's `fetch` costs about twice the client CPU per request; see
 * bench/RESULTS.md). Same behaviour as `ClerkLive` in every other respect: timeouts, retries, interruption,
 * errors, spans. Node only (Bun and Deno run it too); its own entry point, so browser and edge bundles of
 * `effect-clerk` never see `node:http`.
 *
 * ```ts
 * import { ClerkLiveNode } from "effect-clerk/ClerkLiveNode"
 * const MainLive = ClerkLiveNode.pipe(Layer.provide(ClerkConfig.fromEnv))
 * ```
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { makeAgents, nodeTransport } from "../internal/nodeTransport.js"
import type { ClerkConfig } from "../services/ClerkConfig.js"
import * as ClerkHttpClient from "../services/ClerkHttpClient.js"
import { type Services, servicesOver } from "./ClerkLive.js"

/**
 * The client over `node:http`; its keep-alive sockets close when the layer is released.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<ClerkHttpClient.ClerkHttpClient, never, ClerkConfig> = Layer.scoped(
  ClerkHttpClient.ClerkHttpClient,
  Effect.flatMap(
    Effect.acquireRelease(Effect.sync(makeAgents), (agents) =>
      Effect.sync(() => {
        agents.http.destroy()
        agents.https.destroy()
      })),
    (agents) => ClerkHttpClient.makeWith(nodeTransport(agents))
  )
)

/**
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over `node:http`; needs `ClerkConfig` (e.g. `ClerkConfig.fromEnv`).
 *
 * @since 0.2.0
 * @category layers
 */
export const ClerkLiveNode: Layer.Layer<Services, never, ClerkConfig> = servicesOver(layerHttpClient)
