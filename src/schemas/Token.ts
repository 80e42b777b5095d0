/**
 * Session tokens (JWTs) and the cookies `Sessions.refresh` can answer with.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A session token: `{ object: "token", jwt }`.
 *
 * @since 0.1.0
 * @category models
 */
export class Token extends Schema.Class<Token>("effect-clerk/Token")({
  object: Schema.Literal("token"),
  jwt: Schema.String
}) {}

/**
 * The `Set-Cookie` values a refresh with `format: "cookie"` answers with.
 *
 * @since 0.1.0
 * @category models
 */
export class Cookies extends Schema.Class<Cookies>("effect-clerk/Cookies")({
  object: Schema.Literal("cookies"),
  cookies: Schema.Array(Schema.String)
}) {}
