/**
 * The production layers: `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over `@effect/platform`'s
 * `FetchHttpClient` (Node, Bun, Deno, edge), or over any `HttpClient` you provide.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
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
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over the `HttpClient` you provide: `NodeHttpClient.layerUndici`,
 * `FetchHttpClient.layer` with your own `fetch`, or one wrapped with `HttpClient.mapRequest`, `tapRequest`, a proxy,
 * a test double. Every request goes through it, the JWKS one included. `ClerkAuth` keeps its key cache for the life
 * of the layer.
 *
 * @since 0.4.0
 * @category layers
 */
export const ClerkLiveFromHttpClient: Layer.Layer<Services, never, ClerkConfig | HttpClient.HttpClient> = ClerkAuth
  .layer().pipe(
    Layer.provideMerge(Layer.mergeAll(Sessions.layer, SignInTokens.layer, Jwks.layer, BackendApi.layer)),
    Layer.provide(ClerkHttpClient.layer)
  )

/**
 * `Sessions`, `SignInTokens`, `Jwks` and `ClerkAuth` over `FetchHttpClient`; needs `ClerkConfig` (e.g.
 * `ClerkConfig.fromEnv`). The `fetch` is `FetchHttpClient.Fetch` when provided (with `FetchHttpClient.RequestInit`),
 * else `globalThis.fetch` as it is at call time.
 *
 * @since 0.1.0
 * @category layers
 */
export const ClerkLive: Layer.Layer<Services, never, ClerkConfig> = ClerkLiveFromHttpClient.pipe(
  Layer.provide(FetchHttpClient.layer)
)
