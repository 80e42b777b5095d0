/**
 * Sign-in tokens: one-time tickets that sign a user in (`POST /sign_in_tokens`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as OpenEnum from "./OpenEnum.js"
import { timestamp } from "./Timestamp.js"

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

/**
 * A sign-in token. `token` and `url` are only present in the response that created it.
 *
 * @since 0.1.0
 * @category models
 */
export class SignInToken extends Schema.Class<SignInToken>("effect-clerk/SignInToken")({
  object: Schema.Literal("sign_in_token"),
  id: Schema.String,
  status: SignInTokenStatus,
  userId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("user_id")),
  token: Schema.optionalWith(Schema.String, { nullable: true, as: "Option" }),
  url: Schema.optionalWith(Schema.String, { nullable: true, as: "Option" }),
  createdAt: timestamp("created_at"),
  updatedAt: timestamp("updated_at")
}) {}
