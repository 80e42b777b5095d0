/**
 * The production layers: `Sessions` and `SignInTokens` over `fetch` (Node, Bun, Deno, edge), or over any `HttpClient`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import type { ClerkConfig } from "../services/ClerkConfig.js"
import * as ClerkHttpClient from "../services/ClerkHttpClient.js"
import * as Sessions from "../services/Sessions.js"
import * as SignInTokens from "../services/SignInTokens.js"

/**
 * `Sessions` and `SignInTokens` over any `HttpClient` you provide (e.g. `NodeHttpClient.layerUndici`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLiveWithoutHttpClient: Layer.Layer<
  Sessions.Sessions | SignInTokens.SignInTokens,
  never,
  ClerkConfig | HttpClient.HttpClient
> = Layer.mergeAll(Sessions.layer, SignInTokens.layer).pipe(Layer.provide(ClerkHttpClient.layer))

/**
 * `Sessions` and `SignInTokens` over `fetch` itself; needs `ClerkConfig` (e.g. `ClerkConfig.fromEnv`). The `fetch`
 * is `FetchHttpClient.Fetch` from the context when provided (with `FetchHttpClient.RequestInit`), else
 * `globalThis.fetch`.
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLive: Layer.Layer<Sessions.Sessions | SignInTokens.SignInTokens, never, ClerkConfig> = Layer
  .mergeAll(Sessions.layer, SignInTokens.layer).pipe(Layer.provide(ClerkHttpClient.layerFetch))
