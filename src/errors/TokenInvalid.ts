/**
 * `TokenInvalid`: a token (a session JWT, or a machine token: M2M token, OAuth access token, API key) that does not
 * verify. One tag, with the `reason` as a literal, so a server can answer 401 for all of them and still log why.
 * Neither the token nor any part of it is kept.
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a token was rejected:
 * - `malformed`: not three base64url parts of JSON, longer than 16 KiB, or a header effect-clerk cannot honour
 *   (`crit`, a `typ` other than `JWT`);
 * - `algorithm`: any `alg` but `RS256` (`none` and `HS256` included);
 * - `unknown-key`: no key with the token's `kid`, even after refetching the JWKS;
 * - `signature`: the signature does not match the key;
 * - `expired`: `exp` is past, beyond the clock skew;
 * - `not-yet-valid`: `nbf` (or `iat`) is ahead, beyond the clock skew;
 * - `unauthorized-party`: `azp` is not one of the configured `authorizedParties`;
 * - `invalid-claims`: signed, but not a session token (no `sid`, `sub`, `exp`, `iat` or `iss`, a claim of the
 *   wrong type, an unsupported version `v`), or not the machine token its type says;
 * - `token-type-mismatch`: a token of a type that is not accepted here (a machine token where a session token is
 *   expected, or the reverse, a JWT template token, a machine token in the cookie), by Clerk's `cat`/`typ` rules;
 * - `invalid-audience`: an OAuth access token whose `aud` is not one of the configured audiences;
 * - `revoked`: a machine token or API key that Clerk says was revoked;
 * - `not-found`: an opaque machine token or API key that Clerk does not know (another instance's, or made up).
 *
 * @since 0.3.0
 * @category models
 */
export const TokenInvalidReason = Schema.Literal(
  "malformed",
  "algorithm",
  "unknown-key",
  "signature",
  "expired",
  "not-yet-valid",
  "unauthorized-party",
  "invalid-claims",
  "token-type-mismatch",
  "invalid-audience",
  "revoked",
  "not-found"
)

/**
 * @since 0.3.0
 * @category models
 */
export type TokenInvalidReason = typeof TokenInvalidReason.Type

/**
 * The token does not verify. `detail` says why in a few words and never quotes the token.
 *
 * @since 0.3.0
 * @category errors
 */
export class TokenInvalid extends Schema.TaggedError<TokenInvalid>("effect-clerk/TokenInvalid")("TokenInvalid", {
  reason: TokenInvalidReason,
  detail: Schema.String
}) {
  override get message(): string {
    return `Token rejected (${this.reason}): ${this.detail}`
  }
}
