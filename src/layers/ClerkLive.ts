/**
 * The production layer: `Sessions` and `SignInTokens` over the fetch-based `HttpClient` (Node, Bun, Deno, edge).
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
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
 * `Sessions` and `SignInTokens` over `fetch`; needs `ClerkConfig` (e.g. `ClerkConfig.fromEnv`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLive: Layer.Layer<Sessions.Sessions | SignInTokens.SignInTokens, never, ClerkConfig> =
  ClerkLiveWithoutHttpClient.pipe(Layer.provide(FetchHttpClient.layer))
