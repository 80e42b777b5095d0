/**
 * Splits and decodes a compact JWS (`header.payload.signature`, base64url) before any cryptography: the length cap,
 * the three parts, JSON objects, and the header rules a session token must follow. Nothing of the token goes into an
 * error.
 *
 * @internal
 */
import * as Jose from "jose"
import { TokenInvalid } from "../errors/TokenInvalid.js"

/** Tokens longer than this are refused before any work (Clerk's session tokens are well under 4 KiB). */
export const maxTokenLength = 16 * 1024

/** A token split and decoded, not yet verified. */
export interface DecodedJws {
  readonly kid: string | undefined
  /** The header's `typ`: absent, `JWT`, or (OAuth access tokens, RFC 9068) `at+jwt` / `application/at+jwt`. */
  readonly typ: string | undefined
  /** The header's `cat`: Clerk's token category (session, JWT template, M2M), when set. */
  readonly cat: string | undefined
  readonly payload: Record<string, unknown>
  /** The ASCII bytes of `header.payload`, what the signature covers. */
  readonly signingInput: Uint8Array
  readonly signature: Uint8Array
}

const base64url = /^[A-Za-z0-9_-]+$/

const hasBuffer = typeof (globalThis as { Buffer?: unknown }).Buffer === "function"
const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { fatal: true })

const decodeBase64url = (part: string): Uint8Array | undefined => {
  // a length of 4n+1 cannot be base64; Buffer would silently drop the last character
  if (!base64url.test(part) || part.length % 4 === 1) return undefined
  return hasBuffer ? Buffer.from(part, "base64url") : Jose.base64url.decode(part)
}

const jsonObject = (part: string): Record<string, unknown> | undefined => {
  const bytes = decodeBase64url(part)
  if (bytes === undefined) return undefined
  try {
    const value: unknown = JSON.parse(hasBuffer ? (bytes as Buffer).toString("utf8") : decoder.decode(bytes))
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined
  } catch {
    return undefined
  }
}

/** The `typ`s of Clerk's tokens: session, template and M2M tokens say `JWT`, OAuth access tokens `at+jwt`. */
const typs = new Set(["JWT", "at+jwt", "application/at+jwt"])

const malformed = (detail: string) => new TokenInvalid({ reason: "malformed", detail })

/**
 * Decodes `token`, or says why it cannot be a Clerk token. Only `RS256` is accepted: `none`, `HS256` (the
 * public-key-as-HMAC-secret confusion) and every other algorithm are refused here, before a key is looked up.
 */
export const decode = (token: string): DecodedJws | TokenInvalid => {
  if (token.length > maxTokenLength) return malformed(`longer than ${maxTokenLength} characters`)
  const first = token.indexOf(".")
  const second = first === -1 ? -1 : token.indexOf(".", first + 1)
  if (second === -1 || token.indexOf(".", second + 1) !== -1) return malformed("not three dot-separated parts")
  const header = jsonObject(token.slice(0, first))
  if (header === undefined) return malformed("the header is not base64url-encoded JSON")
  if (header.alg !== "RS256") {
    return new TokenInvalid({
      reason: "algorithm",
      detail: typeof header.alg === "string" && /^[A-Za-z0-9]{1,16}$/.test(header.alg)
        ? `alg ${header.alg} is not RS256`
        : "alg is not RS256"
    })
  }
  if (header.typ !== undefined && !typs.has(header.typ as string)) return malformed("typ is not JWT or at+jwt")
  if (header.cat !== undefined && typeof header.cat !== "string") return malformed("cat is not a string")
  if (header.crit !== undefined) return malformed("crit header parameters are not supported")
  if (header.kid !== undefined && typeof header.kid !== "string") return malformed("kid is not a string")
  const payload = jsonObject(token.slice(first + 1, second))
  if (payload === undefined) return malformed("the payload is not base64url-encoded JSON")
  const signature = decodeBase64url(token.slice(second + 1))
  if (signature === undefined) return malformed("the signature is not base64url")
  return {
    kid: header.kid,
    typ: header.typ as string | undefined,
    cat: header.cat as string | undefined,
    payload,
    // the header and payload are base64url (checked above), so their Latin-1 bytes are their ASCII bytes
    signingInput: hasBuffer ? Buffer.from(token.slice(0, second), "latin1") : encoder.encode(token.slice(0, second)),
    signature
  }
}
