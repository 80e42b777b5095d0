/**
 * The `data` of the webhook events the emulator sends, shaped as `spec/clerk-webhooks-2025-04-15.yml` describes
 * them (snake_case, unix-ms timestamps), built from the model's records.
 *
 * @since 0.4.0
 */
import * as Ids from "./Ids.js"
import type * as Model from "./Model.js"
import type { WireSession, WireUser } from "./Wire.js"

/**
 * The id of a user's primary email address (`idn_…`, derived from the user id: the model keeps one address per user).
 *
 * @since 0.4.0
 * @category ids
 */
export const emailAddressId = (userId: string): string => `idn_${Ids.noise(`email:${userId}`, 27)}`

/**
 * The `User` payload (`user.*` events, and the `user` of `session.*` events): a user with one verified email
 * address, no phone, no password, no second factor.
 *
 * @since 0.4.0
 * @category payloads
 */
export const user = (record: WireUser): Record<string, unknown> => {
  const addressId = emailAddressId(record.id)
  return {
    object: "user",
    id: record.id,
    external_id: null,
    primary_email_address_id: addressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: record.first_name,
    last_name: record.last_name,
    image_url: "https://img.clerk.com/emulator",
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: [{
      object: "email_address",
      id: addressId,
      email_address: record.email_address,
      reserved: false,
      verification: {
        object: "verification_admin",
        status: "verified",
        strategy: "admin",
        attempts: null,
        expire_at: null
      },
      linked_to: [],
      created_at: record.created_at,
      updated_at: record.updated_at
    }],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: record.created_at,
    updated_at: record.updated_at,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: null,
    legal_accepted_at: null
  }
}

/**
 * The `SessionEventPayload` (`session.*` events): the session with its user. `undefined` when the user is gone.
 *
 * @since 0.4.0
 * @category payloads
 */
export const session = (state: Model.State, record: WireSession): Record<string, unknown> | undefined => {
  const owner = state.users.get(record.user_id)
  return owner === undefined ? undefined : { ...record, user: user(owner) }
}

/**
 * The `Organization` payload (`organization.*` events).
 *
 * @since 0.4.0
 * @category payloads
 */
export const organization = (record: Model.OrganizationRecord): Record<string, unknown> => ({
  object: "organization",
  id: record.id,
  name: record.name,
  slug: record.slug,
  image_url: "https://img.clerk.com/emulator",
  has_image: false,
  members_count: record.memberships.size,
  max_allowed_memberships: 5,
  admin_delete_enabled: true,
  public_metadata: {},
  private_metadata: {},
  created_at: record.createdAt,
  updated_at: record.createdAt
})
