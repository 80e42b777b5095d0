/**
 * The instance's JSON Web Key Set, as `GET /v1/jwks` answers it: the public keys Clerk signs session tokens with.
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"

/**
 * One key of the set. Session tokens are signed with RSA keys (`kty: "RSA"`, `alg: "RS256"`, `use: "sig"`, `n`,
 * `e`); other key types the contract allows decode too, and are never used to verify a session token.
 *
 * @since 0.3.0
 * @category models
 */
export class JsonWebKey extends Schema.Class<JsonWebKey>("effect-clerk/JsonWebKey")({
  kty: Schema.String,
  kid: Schema.String,
  alg: Schema.optional(Schema.String),
  use: Schema.optional(Schema.String),
  /** RSA modulus (base64url). */
  n: Schema.optional(Schema.String),
  /** RSA public exponent (base64url). */
  e: Schema.optional(Schema.String),
  /** Curve of an EC or OKP key. */
  crv: Schema.optional(Schema.String),
  x: Schema.optional(Schema.String),
  y: Schema.optional(Schema.String)
}) {}

/**
 * The key set.
 *
 * @since 0.3.0
 * @category models
 */
export class JsonWebKeySet extends Schema.Class<JsonWebKeySet>("effect-clerk/JsonWebKeySet")({
  keys: Schema.Array(JsonWebKey)
}) {}
