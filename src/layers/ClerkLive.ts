/**
 * The production layers: `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over `fetch` (Node, Bun, Deno, edge), or
 * over any `HttpClient`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as ClerkAuth from "../services/ClerkAuth.js"
import type { ClerkConfig } from "../services/ClerkConfig.js"
import * as ClerkHttpClient from "../services/ClerkHttpClient.js"
import * as Jwks from "../services/Jwks.js"
import * as Sessions from "../services/Sessions.js"
import * as SignInTokens from "../services/SignInTokens.js"
import * as BackendApi from "./BackendApi.js"

/**
 * What every client layer provides: the Backend API services and request authentication.
 *
 * @since 0.3.0
 * @category models
 */
export type Services =
  | Sessions.Sessions
  | SignInTokens.SignInTokens
  | Jwks.Jwks
  | ClerkAuth.ClerkAuth
  | BackendApi.Services

/**
 * The services over a `ClerkHttpClient`: what `ClerkLive`, `ClerkLiveNode` and `ClerkLiveFromHttpClient` are
 * with their own transport. `ClerkAuth` keeps its JWKS cache for the life of the layer.
 *
 * @since 0.3.0
 * @category layers
 */
export const servicesOver: <E, R>(
  client: Layer.Layer<ClerkHttpClient.ClerkHttpClient, E, R>
) => Layer.Layer<Services, E, R | ClerkConfig> = (client) =>
  ClerkAuth.layer().pipe(
    Layer.provideMerge(Layer.mergeAll(Sessions.layer, SignInTokens.layer, Jwks.layer, BackendApi.layer)),
    Layer.provide(client)
  )

/**
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over any `HttpClient` you provide (e.g. `NodeHttpClient.layerUndici`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLiveFromHttpClient: Layer.Layer<Services, never, ClerkConfig | HttpClient.HttpClient> = servicesOver(
  ClerkHttpClient.layer
)

/**
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over `fetch` itself; needs `ClerkConfig` (e.g. `ClerkConfig.fromEnv`). The `fetch`
 * is `FetchHttpClient.Fetch` from the context when provided (with `FetchHttpClient.RequestInit`), else
 * `globalThis.fetch`.
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLive: Layer.Layer<Services, never, ClerkConfig> = servicesOver(ClerkHttpClient.layerFetch)
