/**
 * The instance's JSON Web Key Set: `GET /v1/jwks`, the public keys session tokens are signed with (what
 * `@clerk/backend` calls `jwks.getJwks()`). `ClerkAuth` fetches and caches it for you; call it directly to
 * inspect or export the keys.
 *
 * ```ts
 * const { keys } = yield* Jwks.get()
 * ```
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { operationSpan } from "../internal/operationSpan.js"
import { JsonWebKeySet } from "../schemas/JsonWebKeySet.js"
import { ClerkHttpClient, type RequestError } from "./ClerkHttpClient.js"
import * as Generated from "./operations/Jwks.js"

/**
 * The operations generated from Clerk's description (`getJWKS`…): their inputs, errors and accessors.
 *
 * @since 0.4.0
 */
export * from "./operations/Jwks.js"

/**
 * Everything `get` can fail with (it takes no input, so never `InvalidInput`).
 *
 * @since 0.3.0
 * @category errors
 */
export type GetError = RequestError

/**
 * The JWKS API.
 *
 * @since 0.3.0
 * @category models
 */
export interface Service extends Generated.Operations {
  /** `GET /v1/jwks`, decoded. Retried like every read. */
  readonly get: () => Effect.Effect<JsonWebKeySet, GetError>
}

/**
 * The JWKS service.
 *
 * @since 0.3.0
 * @category tags
 */
export class Jwks extends Context.Tag("effect-clerk/Jwks")<Jwks, Service>() {}

const decodeJwks = Schema.decodeUnknown(JsonWebKeySet)

/**
 * Builds the service over `ClerkHttpClient`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ClerkHttpClient> = Effect.map(ClerkHttpClient, (http) =>
  Jwks.of({
    ...Generated.operations(http),
    get: () =>
      http.execute({
        method: "GET",
        path: ["jwks"],
        idempotent: true,
        decode: decodeJwks,
        allow: [],
        rateLimited: false // Clerk does not limit GET /v1/jwks; ClerkAuth's key cache is its single flight
      }).pipe(operationSpan("Jwks.get"))
  }))

/**
 * The service as a layer over `ClerkHttpClient`.
 *
 * @since 0.3.0
 * @category layers
 */
export const layer: Layer.Layer<Jwks, never, ClerkHttpClient> = Layer.effect(Jwks, make)

/**
 * `GET /v1/jwks` with the `Jwks` of the context.
 *
 * @since 0.3.0
 * @category accessors
 */
export const get = (): Effect.Effect<JsonWebKeySet, GetError, Jwks> => Effect.flatMap(Jwks, (jwks) => jwks.get())
