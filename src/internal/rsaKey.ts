/**
 * RS256 public keys, imported once and used to check signatures: with `node:crypto` where the runtime has it
 * (Node ≥ 20.16, Bun, Deno: found through `process.getBuiltinModule`, so bundlers never see a `node:` import), else
 * with WebCrypto (edge runtimes, browsers). Both are the platform's own RSA code; nothing here is hand-written
 * cryptography.
 *
 * @internal
 */
import * as Jose from "jose"
import type * as NodeCrypto from "node:crypto"

/** A public key that checks RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures. */
export interface RsaKey {
  /** `true` when `signature` is a valid signature of `data`; synchronous with `node:crypto`. */
  readonly verify: (data: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>
}

/** Which implementation imports and verifies: `node:crypto` when available, else WebCrypto. */
export type Backend = "node" | "web"

/** The RSA fields of a JWK. */
export interface RsaJwk {
  readonly kty: string
  readonly n?: string | undefined
  readonly e?: string | undefined
}

/** Clerk's keys are 2048-bit; shorter RSA keys are refused, as jose does. */
const minimumModulusBits = 2048

const nodeCrypto: typeof NodeCrypto | undefined = (() => {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return process?.getBuiltinModule?.("node:crypto") as typeof NodeCrypto | undefined
  } catch {
    return undefined
  }
})()

/** The backend used unless one is asked for: `node` when the runtime has `node:crypto`. */
export const defaultBackend: Backend = nodeCrypto === undefined ? "web" : "node"

const fromNodeKey = (crypto: typeof NodeCrypto, key: NodeCrypto.KeyObject): RsaKey => {
  if (key.asymmetricKeyType !== "rsa") throw new Error(`not an RSA key (${key.asymmetricKeyType})`)
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < minimumModulusBits) throw new Error("RSA key under 2048 bits")
  return {
    verify: (data, signature) => {
      try {
        return crypto.verify("sha256", data, key, signature)
      } catch {
        return false
      }
    }
  }
}

const fromCryptoKey = (key: CryptoKey): RsaKey => {
  const modulus = (key.algorithm as { modulusLength?: number }).modulusLength ?? 0
  if (modulus < minimumModulusBits) throw new Error("RSA key under 2048 bits")
  return {
    verify: (data, signature) =>
      globalThis.crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature as BufferSource, data as BufferSource)
        .catch(() => false)
  }
}

const nodeOrFail = (): typeof NodeCrypto => {
  if (nodeCrypto === undefined) throw new Error("node:crypto is not available in this runtime")
  return nodeCrypto
}

/** Imports an RSA JWK (`kty`, `n`, `e`). Rejects anything else. */
export const importJwk = async (jwk: RsaJwk, backend: Backend = defaultBackend): Promise<RsaKey> => {
  if (jwk.kty !== "RSA" || jwk.n === undefined || jwk.e === undefined) throw new Error("not an RSA public key")
  const publicJwk = { kty: "RSA", n: jwk.n, e: jwk.e }
  if (backend === "node") {
    const crypto = nodeOrFail()
    return fromNodeKey(crypto, crypto.createPublicKey({ key: publicJwk, format: "jwk" }))
  }
  return fromCryptoKey(await Jose.importJWK(publicJwk, "RS256", { extractable: false }) as CryptoKey)
}

/** Imports a PEM public key (`-----BEGIN PUBLIC KEY-----`, as the Clerk dashboard shows it). */
export const importPem = async (pem: string, backend: Backend = defaultBackend): Promise<RsaKey> => {
  const text = pem.trim()
  if (!text.startsWith("-----BEGIN PUBLIC KEY-----")) {
    throw new Error("not a PEM public key (-----BEGIN PUBLIC KEY-----)")
  }
  if (backend === "node") {
    const crypto = nodeOrFail()
    return fromNodeKey(crypto, crypto.createPublicKey({ key: text, format: "pem" }))
  }
  return fromCryptoKey(await Jose.importSPKI(text, "RS256", { extractable: false }) as CryptoKey)
}
