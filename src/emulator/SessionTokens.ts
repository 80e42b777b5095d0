/**
 * What a session token says (claims) and how a refresh answers in cookie form.
 *
 * @since 0.1.0
 */
import type { JwtTemplate } from "./Model.js"
import type { Claims } from "./Signer.js"
import type { WireSession } from "./Wire.js"

/**
 * Lifetime of a session token when neither the request nor a template says otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultLifetimeSeconds = 60

/**
 * Clerk starts a token's `nbf` this many seconds before `iat`, for clock skew.
 *
 * @since 0.1.0
 * @category constants
 */
export const notBeforeSkewSeconds = 10

/**
 * The claims of a token for `session` issued at `now` (unix ms): the template's claims, then the
 * reserved ones, which a template cannot override (`sid`, `sub`, `iss`, `iat`, `nbf`, `exp`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const claims = (input: {
  readonly session: WireSession
  readonly issuer: string
  readonly now: number
  readonly lifetimeSeconds: number
  readonly template?: JwtTemplate | undefined
}): Claims => {
  const iat = Math.floor(input.now / 1000)
  const organization = input.session.last_active_organization_id
  return {
    ...input.template?.claims,
    ...(input.template === undefined && organization !== null ? { org_id: organization } : {}),
    sid: input.session.id,
    sub: input.session.user_id,
    iss: input.issuer,
    iat,
    nbf: iat - notBeforeSkewSeconds,
    exp: iat + input.lifetimeSeconds
  }
}

/**
 * The `Set-Cookie` strings of a cookie-format refresh: `__session` and `__client_uat`, plus their
 * `_<suffix>` twins when suffixed cookies are asked for. `Secure` only for an https origin.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cookies = (input: {
  readonly jwt: string
  readonly now: number
  readonly requestOrigin: string
  readonly suffix: string
  readonly suffixed: boolean
}): Array<string> => {
  const secure = input.requestOrigin.startsWith("https:") ? "; Secure" : ""
  const session = (name: string) => `${name}=${input.jwt}; Path=/; SameSite=Lax${secure}`
  const uat = (name: string) =>
    `${name}=${Math.floor(input.now / 1000)}; Path=/; Max-Age=315360000; SameSite=Lax${secure}`
  const plain = [session("__session"), uat("__client_uat")]
  return input.suffixed
    ? [...plain, session(`__session_${input.suffix}`), uat(`__client_uat_${input.suffix}`)]
    : plain
}
