/**
 * What a session token says (claims) and how a refresh answers in cookie form.
 *
 * @since 0.1.0
 */
import * as Model from "./Model.js"
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
 * The `azp` of an emulator-minted session token when its options give none: a local app's origin.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultAuthorizedParty = "http://localhost:3000"

/**
 * Clerk starts a token's `nbf` this many seconds before `iat`, for clock skew.
 *
 * @since 0.1.0
 * @category constants
 */
export const notBeforeSkewSeconds = 10

/**
 * The claims of a template token for `session` issued at `now` (unix ms): the template's claims, then
 * the reserved ones, which a template cannot override (`sid`, `sub`, `iss`, `iat`, `nbf`, `exp`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const claims = (input: {
  readonly session: WireSession
  readonly issuer: string
  readonly now: number
  readonly lifetimeSeconds: number
  readonly template: Model.JwtTemplate
}): Claims => {
  const iat = Math.floor(input.now / 1000)
  return {
    ...input.template.claims,
    sid: input.session.id,
    sub: input.session.user_id,
    iss: input.issuer,
    iat,
    nbf: iat - notBeforeSkewSeconds,
    exp: iat + input.lifetimeSeconds
  }
}

/**
 * The organization claims of a version 2 token: `o` (`id`, `rol` without its `org:` prefix, `slg`,
 * `per`, `fpm`) and the top-level `fea` (`o:<feature>`, comma-separated), as Clerk's "Session tokens"
 * doc describes them. `per` lists the actions of the role's feature permissions, sorted and
 * comma-separated; `fpm` has one integer per feature of `fea`, whose bit `i` (least significant first)
 * says whether the role has action `i` of `per` on that feature. System permissions are left out.
 * An organization the model does not know, or the user is not a member of, gives `o: { id }` only.
 *
 * @since 0.3.0
 * @category constructors
 */
export const organizationClaims = (state: Model.State, organizationId: string, userId: string): Claims => {
  const found = Model.membership(state, organizationId, userId)
  if (found === undefined) {
    return { o: { id: organizationId } }
  }
  const { organization, role } = found
  const granted = role.permissions.flatMap((permission) => Model.permissionParts(permission) ?? [])
  const actions = [...new Set(granted.map((permission) => permission.action))].sort()
  const features = [...new Set([...organization.features, ...granted.map((permission) => permission.feature)])]
  const fpm = features.map((feature) =>
    actions.reduce(
      (bits, action, index) =>
        granted.some((permission) => permission.feature === feature && permission.action === action)
          ? bits | (1 << index)
          : bits,
      0
    )
  )
  return {
    ...(features.length === 0 ? {} : { fea: features.map((feature) => `o:${feature}`).join(",") }),
    o: {
      id: organization.id,
      rol: role.key.startsWith("org:") ? role.key.slice(4) : role.key,
      slg: organization.slug,
      ...(actions.length === 0 ? {} : { per: actions.join(","), fpm: fpm.join(",") })
    }
  }
}

/**
 * The claims of a version 2 session token, as Clerk's Frontend API issues them for an active session
 * (and the Backend API's `POST /v1/sessions/{id}/tokens`): `azp` (when given), `exp`, `fea` and `o`
 * (with an active organization), `fva`, `iat`, `iss`, `nbf` (`iat` − 10 s), `sid`, `sts`, `sub`, `v: 2`,
 * and `act` for an impersonated session. `extra` claims come first; the default ones win over them.
 * `fva` is `[minutes since the session was created, -1]` unless given: the emulator models one first
 * factor at sign-in and no second factor.
 *
 * @since 0.3.0
 * @category constructors
 */
export const sessionClaims = (input: {
  readonly state: Model.State
  readonly session: WireSession
  readonly issuer: string
  readonly now: number
  readonly lifetimeSeconds: number
  readonly azp?: string | undefined
  readonly factorVerificationAge?: readonly [number, number] | undefined
  readonly extra?: Claims | undefined
}): Claims => {
  const { session } = input
  const iat = Math.floor(input.now / 1000)
  const organization = session.last_active_organization_id
  const firstFactorAge = Math.max(0, Math.floor((input.now - session.created_at) / 60_000))
  return {
    ...input.extra,
    ...(session.actor === null ? {} : { act: session.actor }),
    ...(input.azp === undefined ? {} : { azp: input.azp }),
    exp: iat + input.lifetimeSeconds,
    ...(organization === null ? {} : organizationClaims(input.state, organization, session.user_id)),
    fva: input.factorVerificationAge === undefined ? [firstFactorAge, -1] : [...input.factorVerificationAge],
    iat,
    iss: input.issuer,
    nbf: iat - notBeforeSkewSeconds,
    sid: session.id,
    sts: "active",
    sub: session.user_id,
    v: 2
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
