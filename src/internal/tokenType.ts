/**
 * What kind of Clerk token a string is, before it is verified: opaque machine tokens by their prefix (`mt_`,
 * `oat_`, `ak_`), JWTs by Clerk's rules (`@clerk/backend` 3.25 `tokens/machine.ts`, `jwtCategories.ts`): `typ`
 * `at+jwt` is an OAuth access token, a `cat` of M2M or a `sub` starting with `mch_` an M2M token, a `cat` of
 * another category (JWT templates) none of the accepted kinds, and the rest a session token.
 *
 * @internal
 */
import type { DecodedJws } from "./compactJws.js"

/** The kinds of token a request can carry. */
export type TokenType = "session_token" | MachineTokenType

/** The machine kinds: M2M tokens, OAuth access tokens, API keys. */
export type MachineTokenType = "m2m_token" | "oauth_token" | "api_key"

/** Clerk's JWT categories (`cat` header). */
export const category = {
  session: "cl_B7d4PD111AAA",
  template: "cl_B7d4PD222AAA",
  m2m: "cl_B7d4PD333AAA",
  /** Said by tokens that every category accepts. */
  ignore: "cl_I7d4PD111III"
} as const

/** The type of an opaque machine token, by prefix; `undefined` for anything else (a JWT, garbage). */
export const opaqueType = (token: string): MachineTokenType | undefined => {
  if (token.startsWith("mt_")) return "m2m_token"
  if (token.startsWith("oat_")) return "oauth_token"
  if (token.startsWith("ak_")) return "api_key"
  return undefined
}

/** The type of a decoded JWT; `undefined` when its category is none Clerk accepts on a request (a template's). */
export const jwtType = (jws: DecodedJws): Exclude<TokenType, "api_key"> | undefined => {
  if (jws.typ === "at+jwt" || jws.typ === "application/at+jwt") return "oauth_token"
  const sub = jws.payload.sub
  if (jws.cat === category.m2m || (typeof sub === "string" && sub.startsWith("mch_"))) {
    return jws.cat === undefined || jws.cat === category.m2m || jws.cat === category.ignore ? "m2m_token" : undefined
  }
  return jws.cat === undefined || jws.cat === category.session || jws.cat === category.ignore
    ? "session_token"
    : undefined
}

/** What `authenticateRequest` accepts: one kind, a list of kinds, or `"any"`. */
export type AcceptsToken = TokenType | ReadonlyArray<TokenType> | "any"

/** Whether `acceptsToken` accepts `type`. */
export const accepts = (acceptsToken: AcceptsToken, type: TokenType): boolean =>
  acceptsToken === "any" || acceptsToken === type || (Array.isArray(acceptsToken) && acceptsToken.includes(type))

/** Whether `acceptsToken` accepts some machine kind. */
export const acceptsMachines = (acceptsToken: AcceptsToken): boolean =>
  accepts(acceptsToken, "m2m_token") || accepts(acceptsToken, "oauth_token") || accepts(acceptsToken, "api_key")
