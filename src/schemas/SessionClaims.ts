/**
 * The claims of a verified Clerk session token, camelCase with `DateTime.Utc` times. Version 1 tokens (`org_id`,
 * `org_role`, `org_slug`, `org_permissions`) and version 2 tokens (`v: 2`, the organization under `o`, features in
 * `fea`) decode into the same model, as `@clerk/backend` 3.x reads them.
 *
 * @since 0.3.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * Who acts on behalf of the user (`act`, RFC 8693): set when the session is an impersonation.
 *
 * @since 0.3.0
 * @category models
 */
export const Actor = Schema.Struct({ sub: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/**
 * @since 0.3.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * A verified session token's claims.
 *
 * @since 0.3.0
 * @category models
 */
export class SessionClaims extends Schema.Class<SessionClaims>("effect-clerk/SessionClaims")({
  /** `sid`: the session. */
  sessionId: Schema.String,
  /** `sub`: the user. */
  userId: Schema.String,
  /** The active organization (v1 `org_id`, v2 `o.id`). */
  orgId: Schema.OptionFromSelf(Schema.String),
  /** The role in it, prefixed as Clerk's SDKs give it: `org:admin` (v1 `org_role`; v2 `o.rol` `admin`). */
  orgRole: Schema.OptionFromSelf(Schema.String),
  /** v1 `org_slug`, v2 `o.slg`. */
  orgSlug: Schema.OptionFromSelf(Schema.String),
  /** `org:<feature>:<permission>` (v1 `org_permissions`; v2 rebuilt from `fea`, `o.per` and `o.fpm`). */
  orgPermissions: Schema.Array(Schema.String),
  /** `act`: the impersonator, when the session is an impersonation. */
  actor: Schema.OptionFromSelf(Actor),
  /** `azp`: the origin the token was issued to. */
  authorizedParty: Schema.OptionFromSelf(Schema.String),
  /** `iss`: the instance's Frontend API URL. */
  issuer: Schema.String,
  issuedAt: Schema.DateTimeUtcFromSelf,
  /** `nbf`; Clerk sets it a few seconds before `iat`. */
  notBefore: Schema.OptionFromSelf(Schema.DateTimeUtcFromSelf),
  expiresAt: Schema.DateTimeUtcFromSelf,
  /** 1 (no `v` claim) or 2. */
  version: Schema.Literal(1, 2),
  /** `sts`: `active`, or `pending` while the user still has tasks to complete. */
  sessionStatus: Schema.OptionFromSelf(Schema.String),
  /** `fva`: minutes since the first and the second factor were verified (-1: never). */
  factorVerificationAge: Schema.OptionFromSelf(Schema.Tuple(Schema.Number, Schema.Number)),
  /** Every claim as signed, custom template claims included. */
  claims: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}) {}

/** The v2 organization claim. */
interface OrgClaim {
  readonly id: string
  readonly rol?: string
  readonly slg?: string
  readonly per?: string
  readonly fpm?: string
}

/** What a payload must hold to be a session token, typed. */
interface Payload {
  readonly sid: string
  readonly sub: string
  readonly iss: string
  readonly exp: number
  readonly iat: number
  readonly nbf?: number
  readonly azp?: string
  readonly v?: 1 | 2
  readonly act?: Actor
  readonly sts?: string
  readonly fva?: readonly [number, number]
  readonly org_id?: string
  readonly org_role?: string
  readonly org_slug?: string
  readonly org_permissions?: ReadonlyArray<string>
  readonly fea?: string
  readonly o?: OrgClaim
}

type Check = (value: unknown) => boolean

const isString: Check = (value) => typeof value === "string"
const isNonEmptyString: Check = (value) => typeof value === "string" && value.length > 0
const isNumericDate: Check = (value) => typeof value === "number" && Number.isFinite(value)
const isVersion: Check = (value) => value === 1 || value === 2
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
const isActor: Check = (value) => isObject(value) && typeof value.sub === "string"
const isAges: Check = (value) =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === "number" && typeof value[1] === "number"
const isStrings: Check = (value) => Array.isArray(value) && value.every(isString)

/** Why a required claim is not acceptable, or `undefined`. */
const required = (name: string, value: unknown, check: Check): string | undefined =>
  value === undefined ? `claim ${name} is missing` : check(value) ? undefined : `claim ${name} has the wrong type`

/** Why an optional claim is not acceptable, or `undefined`. */
const optional = (name: string, value: unknown, check: Check): string | undefined =>
  value === undefined || check(value) ? undefined : `claim ${name} has the wrong type`

/**
 * Why `payload` is not a session token's, or `undefined` when it is: each read claim's type, required claims first.
 * Checked by hand, each claim read by name: this runs on every verification.
 */
const payloadProblem = (payload: Record<string, unknown>): string | undefined => {
  const problem = required("sid", payload.sid, isNonEmptyString) ??
    required("sub", payload.sub, isNonEmptyString) ??
    required("iss", payload.iss, isString) ??
    required("exp", payload.exp, isNumericDate) ??
    required("iat", payload.iat, isNumericDate) ??
    optional("nbf", payload.nbf, isNumericDate) ??
    optional("azp", payload.azp, isString) ??
    optional("v", payload.v, isVersion) ??
    optional("act", payload.act, isActor) ??
    optional("sts", payload.sts, isString) ??
    optional("fva", payload.fva, isAges) ??
    optional("org_id", payload.org_id, isString) ??
    optional("org_role", payload.org_role, isString) ??
    optional("org_slug", payload.org_slug, isString) ??
    optional("org_permissions", payload.org_permissions, isStrings) ??
    optional("fea", payload.fea, isString)
  if (problem !== undefined) return problem
  const o = payload.o
  if (o === undefined) return undefined
  if (!isObject(o) || typeof o.id !== "string") return "claim o has the wrong type"
  return optional("o.rol", o.rol, isString) ??
    optional("o.slg", o.slg, isString) ??
    optional("o.per", o.per, isString) ??
    optional("o.fpm", o.fpm, isString)
}

/** The organization features of a v2 `fea` claim (`o:x`, `ou:x`, `uo:x`; `u:x` is a user feature). */
const orgFeatures = (fea: string | undefined): Array<string> => {
  if (fea === undefined || fea === "") return []
  const features: Array<string> = []
  for (const part of fea.split(",")) {
    const element = part.trim()
    const colon = element.indexOf(":")
    if (colon === -1) continue
    const scope = element.slice(0, colon)
    if (scope === "o" || scope === "ou" || scope === "uo") features.push(element.slice(colon + 1))
  }
  return features
}

/** The bits of a decimal bitmap, least significant first (`"5"` → 1, 0, 1); `undefined` when not decimal. */
const bits = (decimal: string): Array<number> | undefined => {
  if (!/^\d{1,300}$/.test(decimal)) return undefined
  const out: Array<number> = []
  if (decimal.length <= 15) {
    // exact as a double (below 2^53): halved without BigInt, the common case (a feature has a few permissions)
    for (let value = Number(decimal); value > 0; value = Math.floor(value / 2)) out.push(value % 2)
    return out
  }
  for (let value = BigInt(decimal); value > 0n; value >>= 1n) out.push(Number(value & 1n))
  return out
}

/**
 * v2 permissions: for each organization feature (in `fea` order), the bitmap of the same index in `o.fpm` says which
 * of the `o.per` permissions it grants: `org:<feature>:<permission>`.
 */
const v2Permissions = (fea: string | undefined, per: string | undefined, fpm: string | undefined) => {
  if (per === undefined || fpm === undefined || per === "" || fpm === "") return []
  const permissions = per.split(",").map((p) => p.trim())
  const maps = fpm.split(",")
  const features = orgFeatures(fea)
  const out: Array<string> = []
  for (let f = 0; f < features.length && f < maps.length; f++) {
    const granted = bits(maps[f]!.trim()) ?? []
    for (let p = 0; p < granted.length && p < permissions.length; p++) {
      if (granted[p] === 1) out.push(`org:${features[f]}:${permissions[p]}`)
    }
  }
  return out
}

const utc = (seconds: number) => DateTime.unsafeMake(seconds * 1000)

/**
 * The claims of a payload whose signature has been checked, or why it is not a session token.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fromPayload = (payload: Record<string, unknown>): Either.Either<SessionClaims, string> => {
  const problem = payloadProblem(payload)
  if (problem !== undefined) return Either.left(`not a session token: ${problem}`)
  const p = payload as unknown as Payload
  const v2 = p.v === 2
  const org = v2 ? p.o : undefined
  return Either.right(
    new SessionClaims({
      sessionId: p.sid,
      userId: p.sub,
      orgId: Option.fromNullable(v2 ? org?.id : p.org_id),
      orgRole: Option.fromNullable(v2 ? (org?.rol === undefined ? undefined : `org:${org.rol}`) : p.org_role),
      orgSlug: Option.fromNullable(v2 ? org?.slg : p.org_slug),
      orgPermissions: v2
        ? (org === undefined ? [] : v2Permissions(p.fea, org.per, org.fpm))
        : (p.org_permissions ?? []),
      actor: Option.fromNullable(p.act),
      authorizedParty: Option.fromNullable(p.azp),
      issuer: p.iss,
      issuedAt: utc(p.iat),
      notBefore: p.nbf === undefined ? Option.none() : Option.some(utc(p.nbf)),
      expiresAt: utc(p.exp),
      version: v2 ? 2 : 1,
      sessionStatus: Option.fromNullable(p.sts),
      factorVerificationAge: Option.fromNullable(p.fva),
      claims: payload
    }, { disableValidation: true })
  )
}
