/**
 * Signs webhook deliveries as Svix does for Clerk (the Standard Webhooks scheme): HMAC-SHA256, keyed with the
 * base64-decoded part of the secret after `whsec_`, over `${svix-id}.${svix-timestamp}.${body}`, sent as
 * `svix-signature: v1,<base64>`. WebCrypto only: the emulator shares no code with the client that verifies it.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"

/**
 * A signing key made from a `whsec_…` secret.
 *
 * @since 0.4.0
 * @category models
 */
export interface WebhookSigner {
  /** The `svix-signature` header value for this message (`v1,<base64>`). */
  readonly sign: (id: string, timestampSeconds: number, body: string) => Effect.Effect<string>
}

/**
 * The secret is not `whsec_` followed by base64.
 *
 * @since 0.4.0
 * @category errors
 */
export class InvalidWebhookSecret extends Error {
  constructor() {
    super("a webhook secret must be whsec_ followed by base64 (as the Clerk dashboard shows it)")
    this.name = "InvalidWebhookSecret"
  }
}

const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/

const decodeSecret = (secret: string): Uint8Array<ArrayBuffer> => {
  const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : ""
  if (encoded.length === 0 || encoded.length % 4 !== 0 || !base64Pattern.test(encoded)) {
    throw new InvalidWebhookSecret()
  }
  return Uint8Array.from(globalThis.atob(encoded), (char) => char.charCodeAt(0))
}

const toBase64 = (bytes: ArrayBuffer): string => globalThis.btoa(String.fromCharCode(...new Uint8Array(bytes)))

/**
 * A new random secret, `whsec_` + base64 of 24 random bytes (the length Svix gives).
 *
 * @since 0.4.0
 * @category constructors
 */
export const randomSecret = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(24))
  return `whsec_${toBase64(bytes.buffer)}`
}

/**
 * `true` when the secret is `whsec_` followed by base64.
 *
 * @since 0.4.0
 * @category predicates
 */
export const isValidSecret = (secret: string): boolean => {
  try {
    decodeSecret(secret)
    return true
  } catch {
    return false
  }
}

/**
 * A signer for this secret; dies with `InvalidWebhookSecret` when the secret is not `whsec_<base64>`.
 *
 * @since 0.4.0
 * @category constructors
 */
export const make = (secret: string): Effect.Effect<WebhookSigner> =>
  Effect.gen(function*() {
    const raw = yield* Effect.try({ try: () => decodeSecret(secret), catch: (error) => error }).pipe(Effect.orDie)
    const key = yield* Effect.promise(() =>
      globalThis.crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
    )
    const encoder = new TextEncoder()
    return {
      sign: (id, timestampSeconds, body) =>
        Effect.promise(() =>
          globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestampSeconds}.${body}`))
        )
          .pipe(Effect.map((mac) => `v1,${toBase64(mac)}`))
    }
  })
