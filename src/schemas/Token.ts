/**
 * Session tokens (JWTs) and the cookies `Sessions.refresh` can answer with.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Wire from "./Wire.js"

const tokenFields = {
  object: Wire.required(Schema.Literal("token")),
  jwt: Wire.required(Schema.String)
}

/**
 * A session token: `{ object: "token", jwt }`.
 *
 * @since 0.1.0
 * @category models
 */
export class Token extends Schema.Class<Token>("effect-clerk/Token")(Wire.typeFields(tokenFields)) {}

/**
 * `Token` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const TokenFromWire = Wire.fromWire(Token, tokenFields)

const cookiesFields = {
  object: Wire.required(Schema.Literal("cookies")),
  cookies: Wire.required(Schema.Array(Schema.String))
}

/**
 * The `Set-Cookie` values a refresh with `format: "cookie"` answers with.
 *
 * @since 0.1.0
 * @category models
 */
export class Cookies extends Schema.Class<Cookies>("effect-clerk/Cookies")(Wire.typeFields(cookiesFields)) {}

/**
 * `Cookies` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const CookiesFromWire = Wire.fromWire(Cookies, cookiesFields)
