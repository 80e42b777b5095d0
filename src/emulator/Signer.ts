/**
 * RS256 signing for the emulator's tokens (jose, WebCrypto). A signer holds a key ring: the current
 * key signs, every key of the ring is served by `GET /v1/jwks` and accepted by `read`. Rotation adds
 * a new current key and keeps or drops the others.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Jose from "jose"
import type { WireJwk, WireJwks } from "./Wire.js"

/**
 * Claims of a JWT the emulator signs or reads back.
 *
 * @since 0.1.0
 * @category models
 */
export type Claims = Readonly<Record<string, unknown>>

/**
 * Header fields a token may set besides `alg` and `kid`: its `typ` (default `JWT`; OAuth access tokens `at+jwt`)
 * and Clerk's category `cat`.
 *
 * @since 0.4.0
 * @category models
 */
export interface Header {
  readonly typ?: string | undefined
  readonly cat?: string | undefined
}

/**
 * Clerk's JWT categories, the `cat` header of the tokens it signs (`@clerk/backend` `tokens/jwtCategories.ts`):
 * session tokens, JWT template tokens, M2M tokens. OAuth access tokens are told apart by `typ` `at+jwt` instead.
 *
 * @since 0.4.0
 * @category constants
 */
export const category = {
  session: { cat: "cl_B7d4PD111AAA" },
  template: { cat: "cl_B7d4PD222AAA" },
  m2m: { cat: "cl_B7d4PD333AAA" }
} as const satisfies Record<string, Header>

/**
 * One signing key: its `kid`, its public JWK and the key pair.
 *
 * @since 0.3.0
 * @category models
 */
export interface SigningKey {
  readonly kid: string
  readonly jwk: WireJwk
  readonly privateKey: CryptoKey
  readonly publicKey: CryptoKey
}

/**
 * What a rotation did: the new current `kid`, the `kid`s dropped from the JWKS, and the JWKS now.
 *
 * @since 0.3.0
 * @category models
 */
export interface Rotation {
  readonly kid: string
  readonly droppedKids: ReadonlyArray<string>
  readonly jwks: WireJwks
}

/**
 * Signs JWTs with its current key and checks the ones signed by any key of its ring.
 *
 * @since 0.1.0
 * @category models
 */
export interface Signer {
  /** The `kid` of the current key (the one that signs). */
  readonly kid: Effect.Effect<string>
  /** The public keys, current first, as served by `GET /v1/jwks`. */
  readonly jwks: Effect.Effect<WireJwks>
  /** The same, read synchronously (for the handle's `jwks` property). */
  readonly unsafeJwks: () => WireJwks
  /** Signs the claims with the current key (header `{ alg: "RS256", kid, typ: "JWT" }`, plus `header`). */
  readonly sign: (claims: Claims, header?: Header) => Effect.Effect<string>
  /**
   * The claims of a token signed by a key still in the ring, or `undefined` when the `kid`, the
   * signature, the format or (with `now`) the `exp`/`nbf` window is wrong.
   */
  readonly read: (token: string, options: { readonly now?: number }) => Effect.Effect<Claims | undefined>
  /** A new current key; the previous ones stay in the ring with `keepPrevious`, else are dropped. */
  readonly rotate: (options: { readonly keepPrevious: boolean }) => Effect.Effect<Rotation>
}

/**
 * A new RSA-2048 key pair, its `kid` derived from the public key's thumbprint (`ins_…`, like Clerk's).
 *
 * @since 0.3.0
 * @category constructors
 */
export const generateKey: Effect.Effect<SigningKey> = Effect.promise(async () => {
  const { privateKey, publicKey } = await Jose.generateKeyPair("RS256", { extractable: true, modulusLength: 2048 })
  const jwk = await Jose.exportJWK(publicKey)
  const thumbprint = await Jose.calculateJwkThumbprint(jwk)
  const kid = `ins_${thumbprint.replace(/[-_]/g, "").slice(0, 27)}`
  return {
    kid,
    jwk: { kty: "RSA", kid, alg: "RS256", use: "sig", n: jwk.n ?? "", e: jwk.e ?? "" },
    privateKey,
    publicKey
  }
})

interface Ring {
  readonly current: SigningKey
  readonly previous: ReadonlyArray<SigningKey>
}

const jwksOf = (ring: Ring): WireJwks => ({ keys: [ring.current.jwk, ...ring.previous.map((key) => key.jwk)] })

const parseClaims = (payload: Uint8Array): Claims | undefined => {
  const claims: unknown = JSON.parse(new TextDecoder().decode(payload))
  return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? claims as Claims : undefined
}

/**
 * A signer with a fresh RSA key pair.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Signer> = Effect.gen(function*() {
  const ring = yield* Ref.make<Ring>({ current: yield* generateKey, previous: [] })
  // `Ref.get` never suspends: running it synchronously is safe and gives the handle a plain property.
  const unsafeJwks = () => jwksOf(Effect.runSync(Ref.get(ring)))

  const sign = (claims: Claims, header: Header = {}) =>
    Effect.flatMap(Ref.get(ring), ({ current }) =>
      Effect.promise(() =>
        new Jose.SignJWT({ ...claims })
          .setProtectedHeader({
            alg: "RS256",
            kid: current.kid,
            typ: header.typ ?? "JWT",
            ...(header.cat === undefined ? {} : { cat: header.cat })
          })
          .sign(current.privateKey)
      ))

  const read = (token: string, options: { readonly now?: number }) =>
    Effect.flatMap(Ref.get(ring), ({ current, previous }) =>
      Effect.promise(async (): Promise<Claims | undefined> => {
        const keys = [current, ...previous]
        const keyFor = (header: Jose.JWSHeaderParameters) => {
          const key = keys.find((key) => key.kid === header.kid)
          if (key === undefined) {
            throw new Error("unknown kid")
          }
          return key.publicKey
        }
        try {
          if (options.now === undefined) {
            const { payload } = await Jose.compactVerify(token, keyFor, { algorithms: ["RS256"] })
            return parseClaims(payload)
          }
          const { payload } = await Jose.jwtVerify(token, keyFor, {
            algorithms: ["RS256"],
            currentDate: new Date(options.now)
          })
          return payload
        } catch {
          return undefined
        }
      }))

  const rotate = (options: { readonly keepPrevious: boolean }) =>
    Effect.flatMap(generateKey, (key) =>
      Ref.modify(ring, (before): readonly [Rotation, Ring] => {
        const kept = options.keepPrevious ? [before.current, ...before.previous] : []
        const dropped = options.keepPrevious ? [] : [before.current, ...before.previous]
        const after: Ring = { current: key, previous: kept }
        return [{ kid: key.kid, droppedKids: dropped.map((key) => key.kid), jwks: jwksOf(after) }, after]
      }))

  return {
    kid: Effect.map(Ref.get(ring), (ring) => ring.current.kid),
    jwks: Effect.map(Ref.get(ring), jwksOf),
    unsafeJwks,
    sign,
    read,
    rotate
  }
})
