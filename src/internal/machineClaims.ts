/**
 * The claims of a verified machine JWT (an M2M token, an OAuth access token), read as `@clerk/backend` 3.25 reads
 * them (`M2MToken.fromJwtPayload`, `IdPOAuthAccessToken.fromJwtPayload`), or why they are not acceptable; and the
 * same fields from the Backend API's verify answers of opaque tokens. Checked by hand, like the session claims.
 *
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import type { MachineTokenType } from "./tokenType.js"

/** What a verified machine token says, whatever its format. */
export interface MachineFields {
  readonly tokenType: MachineTokenType
  /** `mt_…`, `oat_…`, `ak_…` (the `jti` of a JWT; empty when it has none). */
  readonly id: string
  /** `mch_…` for M2M tokens, `user_…` for OAuth tokens, `user_…`/`org_…`/`mch_…` for API keys. */
  readonly subject: string
  readonly scopes: ReadonlyArray<string>
  readonly claims: Readonly<Record<string, unknown>>
  readonly expiresAt: Option.Option<DateTime.Utc>
  /** The API key's name. */
  readonly name: Option.Option<string>
  /** The OAuth application's client id. */
  readonly clientId: Option.Option<string>
}

/** A problem with a payload: the `TokenInvalid` reason and detail. */
export interface Problem {
  readonly reason: "invalid-claims" | "invalid-audience"
  readonly detail: string
}

const isStrings = (value: unknown): value is ReadonlyArray<string> =>
  Array.isArray(value) && value.every((item) => typeof item === "string")

const words = (value: string) => value.split(" ").filter((word) => word.length > 0)

const optionalString = (value: unknown) => typeof value === "string" ? Option.some(value) : Option.none()

/** The expiry of a payload whose `exp` was checked to be a number. */
const expiry = (payload: Record<string, unknown>) => Option.some(DateTime.unsafeMake((payload.exp as number) * 1000))

const invalid = (detail: string): Problem => ({ reason: "invalid-claims", detail })

/** The fields of an M2M JWT (`sub` `mch_…`, `scopes` a space-separated list, else `aud`). */
export const fromM2MPayload = (payload: Record<string, unknown>): MachineFields | Problem => {
  const { aud, jti, scopes, sub } = payload
  if (typeof sub !== "string" || !sub.startsWith("mch_")) return invalid("not an M2M token: sub is not a machine")
  if (scopes !== undefined && typeof scopes !== "string") return invalid("claim scopes has the wrong type")
  return {
    tokenType: "m2m_token",
    id: typeof jti === "string" ? jti : "",
    subject: sub,
    scopes: typeof scopes === "string" ? words(scopes) : isStrings(aud) ? aud : [],
    claims: payload,
    expiresAt: expiry(payload),
    name: Option.none(),
    clientId: Option.none()
  }
}

/** The `aud` of a token as a list, or `undefined` when it is neither a non-empty string nor a list of them. */
const audiences = (aud: unknown): ReadonlyArray<string> | undefined => {
  const list = typeof aud === "string" ? [aud] : aud
  return isStrings(list) && list.length > 0 && list.every((a) => a.length > 0) ? list : undefined
}

/**
 * The fields of an OAuth access token JWT (RFC 9068: `scp` a list, or `scope` space-separated). With `audience`
 * set, its `aud` must name one of them.
 */
export const fromOAuthPayload = (
  payload: Record<string, unknown>,
  audience: ReadonlyArray<string>
): MachineFields | Problem => {
  const { client_id, jti, scope, scp, sub } = payload
  if (typeof sub !== "string" || sub.length === 0) return invalid("claim sub is missing")
  if (scp !== undefined && !isStrings(scp)) return invalid("claim scp has the wrong type")
  if (scope !== undefined && typeof scope !== "string") return invalid("claim scope has the wrong type")
  if (audience.length > 0) {
    const aud = audiences(payload.aud)
    if (aud === undefined || !aud.some((a) => audience.includes(a))) {
      return { reason: "invalid-audience", detail: "aud is not one of the accepted audiences" }
    }
  }
  return {
    tokenType: "oauth_token",
    id: typeof jti === "string" ? jti : "",
    subject: sub,
    scopes: isStrings(scp) ? scp : typeof scope === "string" ? words(scope) : [],
    claims: payload,
    expiresAt: expiry(payload),
    name: Option.none(),
    clientId: optionalString(client_id)
  }
}

/** Whether a value is a `Problem` rather than fields. */
export const isProblem = (value: MachineFields | Problem): value is Problem => "reason" in value
