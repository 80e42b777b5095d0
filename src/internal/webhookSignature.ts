/**
 * HMAC-SHA256 of the Standard Webhooks (Svix) scheme with the platform's own crypto: `node:crypto` where the runtime
 * has it (Node ≥ 20.16, Bun, Deno: found through `process.getBuiltinModule`, so bundlers never see a `node:` import),
 * else WebCrypto (edge runtimes). The signed content is `${id}.${timestamp}.` followed by the body bytes exactly as
 * received; candidate signatures are compared in constant time (`timingSafeEqual`, or WebCrypto's `verify`).
 *
 * @internal
 */
import type * as NodeCrypto from "node:crypto"

/**
 * A signing secret made into a key: `matches` tells whether one of the `v1` signatures of a `svix-signature` header
 * signs `prefix` followed by the body.
 */
export interface WebhookKey {
  readonly matches: (prefix: string, body: Uint8Array, header: string) => boolean | Promise<boolean>
}

/** Which implementation computes the HMAC: `node:crypto` when available, else WebCrypto. */
export type Backend = "node" | "web"

const nodeCrypto: typeof NodeCrypto | undefined = (() => {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    return process?.getBuiltinModule?.("node:crypto") as typeof NodeCrypto | undefined
  } catch {
    return undefined
  }
})()

/** The backend used unless one is asked for. */
export const defaultBackend: Backend = nodeCrypto === undefined ? "web" : "node"

/** SHA-256 output size: a `v1` signature of any other length cannot match. */
const macLength = 32

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes standard base64, `undefined` when the text is not base64. */
export const decodeBase64 = (text: string): Uint8Array | undefined => {
  if (text.length % 4 !== 0 || !base64Pattern.test(text)) return undefined
  try {
    return Uint8Array.from(globalThis.atob(text), (char) => char.charCodeAt(0))
  } catch {
    return undefined
  }
}

/** The key bytes of a `whsec_…` secret (base64 after the prefix); `undefined` when it is not one. */
export const secretBytes = (secret: string): Uint8Array | undefined => {
  if (!secret.startsWith("whsec_")) return undefined
  const bytes = decodeBase64(secret.slice("whsec_".length))
  return bytes === undefined || bytes.length === 0 ? undefined : bytes
}

/** The base64 text of a 32-byte MAC is 44 characters. */
const macBase64Length = 44

/** The `v1` signatures of a `svix-signature` header (`v1,<base64>` entries separated by spaces), as base64 text. */
const v1Signatures = (header: string): Array<string> => {
  // one signature, the common case: nothing to split
  if (header.length === 3 + macBase64Length) return header.startsWith("v1,") ? [header.slice(3)] : []
  const signatures: Array<string> = []
  for (const entry of header.split(" ")) {
    if (entry.length === 3 + macBase64Length && entry.startsWith("v1,")) signatures.push(entry.slice(3))
  }
  return signatures
}

/** The `v1` signatures of a `svix-signature` header, decoded (those that are 32 bytes of base64). */
export const parseSignatures = (header: string): Array<Uint8Array> =>
  v1Signatures(header).flatMap((text) => {
    const bytes = decodeBase64(text)
    return bytes !== undefined && bytes.length === macLength ? [bytes] : []
  })

const nodeKey = (crypto: typeof NodeCrypto, key: Uint8Array): WebhookKey => {
  const keyObject = crypto.createSecretKey(key)
  return {
    matches: (prefix, body, header) => {
      const signatures = v1Signatures(header)
      if (signatures.length === 0) return false
      // the MAC's base64 text against each candidate's, byte for byte in constant time: no decoding of what the
      // sender wrote, and every candidate is compared, so the time does not tell which one matched
      const mac = Buffer.from(crypto.createHmac("sha256", keyObject).update(prefix).update(body).digest("base64"))
      let found = false
      for (const signature of signatures) {
        if (crypto.timingSafeEqual(mac, Buffer.from(signature, "latin1"))) found = true
      }
      return found
    }
  }
}

const webKey = async (key: Uint8Array): Promise<WebhookKey> => {
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"]
  )
  const encoder = new TextEncoder()
  return {
    matches: async (prefix, body, header) => {
      const signatures = parseSignatures(header)
      if (signatures.length === 0) return false
      const head = encoder.encode(prefix)
      const content = new Uint8Array(head.length + body.length)
      content.set(head)
      content.set(body, head.length)
      const results = await Promise.all(
        signatures.map((signature) =>
          globalThis.crypto.subtle.verify("HMAC", cryptoKey, signature as Uint8Array<ArrayBuffer>, content)
        )
      )
      return results.includes(true)
    }
  }
}

/** Imports a key (its raw bytes) for the backend. */
export const importKey = async (key: Uint8Array, backend: Backend = defaultBackend): Promise<WebhookKey> => {
  if (backend === "node") {
    if (nodeCrypto === undefined) throw new Error("node:crypto is not available in this runtime")
    return nodeKey(nodeCrypto, key)
  }
  return webKey(key)
}
