/**
 * The production layer for Node: the client services over `@effect/platform-node`'s `NodeHttpClient` on an undici
 * pool (keep-alive) that asks for and decodes compressed answers as `fetch` does. Same behaviour as `ClerkLive` in
 * every other respect. Its own entry point, so browser and edge bundles of `effect-clerk` never see
 * `@effect/platform-node` (an optional peer dependency, `^0.108`).
 *
 * ```ts
 * import { ClerkLiveNode } from "effect-clerk/ClerkLiveNode"
 * const MainLive = ClerkLiveNode.pipe(Layer.provide(ClerkConfig.fromEnv))
 * ```
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ClerkConfig } from "../services/ClerkConfig.js"
import { ClerkLiveFromHttpClient, type Services } from "./ClerkLive.js"

/**
 * `NodeHttpClient` over its own undici pool, closed with the layer, with gzip, deflate and brotli answers asked for
 * and decoded (undici's `decompress` interceptor) as `fetch` does.
 *
 * @since 0.4.0
 * @category layers
 */
export const layerNodeHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(Effect.sync(() => new Undici.Agent()), (agent) => Effect.promise(() => agent.destroy())),
    (agent) =>
      NodeHttpClient.makeUndici(agent.compose(Undici.interceptors.decompress())).pipe(
        HttpClient.mapRequest(HttpClientRequest.setHeader("accept-encoding", "gzip, deflate, br"))
      )
  )
)

/**
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over {@link layerNodeHttpClient}; needs `ClerkConfig` (e.g.
 * `ClerkConfig.fromEnv`). Its connections close when the layer is released.
 *
 * @since 0.2.0
 * @category layers
 */
export const ClerkLiveNode: Layer.Layer<Services, never, ClerkConfig> = ClerkLiveFromHttpClient.pipe(
  Layer.provide(layerNodeHttpClient)
)
