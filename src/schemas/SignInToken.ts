/**
 * Sign-in tokens: one-time tickets that sign a user in (`POST /sign_in_tokens`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as OpenEnum from "./OpenEnum.js"
import * as Wire from "./Wire.js"

/**
 * A sign-in token status; a status Clerk adds later decodes as an `UnknownSignInTokenStatus`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SignInTokenStatus = OpenEnum.make(
  "effect-clerk/UnknownSignInTokenStatus",
  "pending",
  "accepted",
  "revoked"
)

/**
 * @since 0.1.0
 * @category models
 */
export type SignInTokenStatus = typeof SignInTokenStatus.Type

const fields = {
  object: Wire.required(Schema.Literal("sign_in_token")),
  id: Wire.required(Schema.String),
  status: Wire.required(SignInTokenStatus),
  userId: Wire.required(Schema.String, "user_id"),
  token: Wire.optionOf(Schema.String),
  url: Wire.optionOf(Schema.String),
  createdAt: Wire.timestamp("created_at"),
  updatedAt: Wire.timestamp("updated_at")
}

/**
 * A sign-in token. `token` and `url` are only present in the response that created it.
 *
 * @since 0.1.0
 * @category models
 */
export class SignInToken extends Schema.Class<SignInToken>("effect-clerk/SignInToken")(Wire.typeFields(fields)) {}

/**
 * `SignInToken` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const SignInTokenFromWire = Wire.fromWire(SignInToken, fields)
