import { createHmac, randomBytes } from "node:crypto"

/** A new secret, as the Clerk dashboard shows one: `whsec_` + base64 of 24 random bytes. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString("base64")}`

/** The `v1,<base64>` signature Svix sends for this message. */
export const signature = (secret: string, id: string, timestamp: number | string, body: Uint8Array | string) =>
  `v1,${
    createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64")).update(`${id}.${timestamp}.`).update(
      body
    ).digest("base64")
  }`

/** The three Svix headers of a delivery signed with `secret` at `timestamp` (unix seconds). */
export const headers = (
  secret: string,
  body: Uint8Array | string,
  options: { readonly id?: string; readonly timestamp?: number } = {}
): Record<string, string> => {
  const id = options.id ?? `msg_${randomBytes(12).toString("hex")}`
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  return {
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": signature(secret, id, timestamp, body)
  }
}

/** A `user.created` event as Clerk sends it, about 2 KiB of JSON. */
export const userCreated = (userId = "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S") => ({
  data: {
    object: "user",
    id: userId,
    external_id: null,
    primary_email_address_id: "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: "Ada",
    last_name: "Lovelace",
    image_url: "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yZzducDdIcmswU042a2o1RURNTERhS05MMFMifQ",
    has_image: false,
    public_metadata: { plan: "pro" },
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: [{
      object: "email_address",
      id: "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
      email_address: "ada@example.com",
      reserved: false,
      verification: {
        object: "verification_otp",
        status: "verified",
        strategy: "email_code",
        attempts: 1,
        expire_at: 1716883800000
      },
      linked_to: [],
      created_at: 1716883200000,
      updated_at: 1716883200000
    }],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: true,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: 1716883200000,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    created_at: 1716883200000,
    updated_at: 1716883200000,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: 1716883200000,
    legal_accepted_at: null
  },
  event_attributes: {
    http_request: {
      client_ip: "192.168.1.100",
      user_agent:
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
    }
  },
  instance_id: "ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
  object: "event",
  timestamp: 1716883200000,
  type: "user.created"
})
