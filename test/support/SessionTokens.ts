/**
 * Crafted session tokens for the verification tests: RS256 tokens from key pairs the tests own, and the classic
 * forgeries (alg none, HS256 keyed with the public key's bytes, a foreign key under a known kid).
 */
import { Effect } from "effect"
import * as Jose from "jose"
import type { JsonWebKeySet } from "../../src/index.js"

/** An RSA key pair with its kid, the public JWK and PEM. */
export interface TestKey {
  readonly kid: string
  readonly privateKey: CryptoKey
  readonly jwk: {
    readonly kty: "RSA"
    readonly kid: string
    readonly alg: "RS256"
    readonly use: "sig"
    n: string
    e: string
  }
  readonly pem: string
}

/** A fresh 2048-bit RS256 key pair. */
export const makeKey = (kid: string, modulusLength = 2048): Effect.Effect<TestKey> =>
  Effect.promise(async () => {
    // WebCrypto itself, not jose (which refuses keys under 2048 bits, and the tests need one)
    const { privateKey, publicKey } = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"]
    )
    const jwk = await Jose.exportJWK(publicKey)
    return {
      kid,
      privateKey,
      jwk: { kty: "RSA", kid, alg: "RS256", use: "sig", n: jwk.n!, e: jwk.e! },
      pem: await Jose.exportSPKI(publicKey)
    }
  })

/** The key set Clerk would serve for `keys`. */
export const jwksOf = (...keys: ReadonlyArray<TestKey>): typeof JsonWebKeySet.Encoded => ({
  keys: keys.map((key) => key.jwk)
})

/** The time every crafted token is issued at (and the TestClock is set to), unix seconds. */
export const issuedAt = 1_796_083_200 // 2026-12-01T00:00:00Z

/** The claims every version carries: the session, the user, the instance, the times, `azp`, `sts`, `fva`. */
const sessionClaims = {
  sid: "sess_123",
  sub: "user_123",
  iss: "https://clerk.example.test",
  azp: "https://app.example.test",
  iat: issuedAt,
  nbf: issuedAt - 10,
  exp: issuedAt + 60,
  sts: "active",
  fva: [3, -1]
}

/** Version 2 claims of a session in an organization (as Clerk's Frontend API mints them). */
export const v2Claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  v: 2,
  ...sessionClaims,
  fea: "o:billing,o:members,u:profile",
  o: { id: "org_123", rol: "admin", slg: "acme", per: "read,manage", fpm: "1,3" },
  ...overrides
})

/** The same session as a version 1 token. */
export const v1Claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...sessionClaims,
  org_id: "org_123",
  org_role: "org:admin",
  org_slug: "acme",
  org_permissions: ["org:billing:read", "org:members:read", "org:members:manage"],
  ...overrides
})

const b64 = (value: unknown) => Jose.base64url.encode(JSON.stringify(value))

/** Signs `claims` with `key` (RS256, `kid` of the key unless `header` says otherwise). */
export const sign = (
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {}
): Effect.Effect<string> =>
  Effect.promise(async () => {
    const input = `${b64({ alg: "RS256", kid: key.kid, typ: "JWT", ...header })}.${b64(claims)}`
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key.privateKey, new TextEncoder().encode(input))
    return `${input}.${Jose.base64url.encode(new Uint8Array(signature))}`
  })

/** An unsigned token (`alg: none`). */
export const unsigned = (kid: string, claims: Record<string, unknown>): string =>
  `${b64({ alg: "none", kid, typ: "JWT" })}.${b64(claims)}.`

/** HS256 keyed with the bytes of the RSA public key's PEM: the algorithm-confusion forgery. */
export const hs256WithPublicKey = (key: TestKey, claims: Record<string, unknown>): Effect.Effect<string> =>
  Effect.promise(() =>
    new Jose.CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
      .sign(new TextEncoder().encode(key.pem))
  )

/** `token` with its payload replaced by `claims`, the signature kept. */
export const withPayload = (token: string, claims: Record<string, unknown>): string => {
  const [header, , signature] = token.split(".")
  return `${header}.${b64(claims)}.${signature}`
}
