/**
 * RS256 signing for the emulator's session tokens, with a key pair made at start-up (jose, WebCrypto).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Jose from "jose"
import type { WireJwks } from "./Wire.js"

/**
 * Claims of a JWT the emulator signs or reads back.
 *
 * @since 0.1.0
 * @category models
 */
export type Claims = Readonly<Record<string, unknown>>

/**
 * Signs JWTs and checks the ones it signed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Signer {
  /** The `kid` of the key, in every token header and in the JWKS. */
  readonly kid: string
  /** The public key, as served by `GET /v1/jwks`. */
  readonly jwks: WireJwks
  /** Signs the claims (header `{ alg: "RS256", kid, typ: "JWT" }`). */
  readonly sign: (claims: Claims) => Effect.Effect<string>
  /**
   * The claims of a token this signer made, or `undefined` when the signature, the format or
   * (with `now`) the `exp`/`nbf` window is wrong.
   */
  readonly read: (token: string, options: { readonly now?: number }) => Effect.Effect<Claims | undefined>
}

/**
 * A signer with a fresh RSA key pair.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Signer> = Effect.gen(function*() {
  const { privateKey, publicKey } = yield* Effect.promise(() =>
    Jose.generateKeyPair("RS256", { extractable: true, modulusLength: 2048 })
  )
  const jwk = yield* Effect.promise(() => Jose.exportJWK(publicKey))
  const thumbprint = yield* Effect.promise(() => Jose.calculateJwkThumbprint(jwk))
  const kid = `ins_${thumbprint.replace(/[-_]/g, "").slice(0, 27)}`
  const jwks: WireJwks = {
    keys: [{ kty: "RSA", kid, alg: "RS256", use: "sig", n: jwk.n ?? "", e: jwk.e ?? "" }]
  }

  const sign = (claims: Claims) =>
    Effect.promise(() =>
      new Jose.SignJWT({ ...claims }).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(privateKey)
    )

  const read = (token: string, options: { readonly now?: number }) =>
    Effect.promise(async (): Promise<Claims | undefined> => {
      try {
        if (options.now === undefined) {
          const { payload } = await Jose.compactVerify(token, publicKey, { algorithms: ["RS256"] })
          const claims: unknown = JSON.parse(new TextDecoder().decode(payload))
          return typeof claims === "object" && claims !== null ? claims as Claims : undefined
        }
        const { payload } = await Jose.jwtVerify(token, publicKey, {
          algorithms: ["RS256"],
          currentDate: new Date(options.now)
        })
        return payload
      } catch {
        return undefined
      }
    })

  return { kid, jwks, sign, read }
})
