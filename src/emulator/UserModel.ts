/**
 * Users, their email addresses and phone numbers: Clerk's rules (an identifier belongs to one user, the first one
 * becomes primary, deleting a user ends its sessions and removes its identifiers and memberships) and the JSON
 * Clerk answers for them.
 *
 * @since 0.4.0
 */
import * as Model from "./Model.js"
import type * as Records from "./Records.js"

/**
 * A user with Clerk's defaults: no names, no identifiers, empty metadata.
 *
 * @since 0.4.0
 * @category constructors
 */
export const newUser = (id: string, now: number): Records.UserRecord => ({
  id,
  external_id: null,
  username: null,
  first_name: null,
  last_name: null,
  primary_email_address_id: null,
  primary_phone_number_id: null,
  public_metadata: {},
  private_metadata: {},
  unsafe_metadata: {},
  password_enabled: false,
  banned: false,
  locked: false,
  delete_self_enabled: true,
  create_organization_enabled: true,
  create_organizations_limit: null,
  last_sign_in_at: null,
  last_active_at: null,
  legal_accepted_at: null,
  created_at: now,
  updated_at: now
})

/**
 * Which identification map: email addresses or phone numbers.
 *
 * @since 0.4.0
 * @category models
 */
export type Kind = "emailAddresses" | "phoneNumbers"

/**
 * An identifier as Clerk compares it: email addresses in lower case, phone numbers as given.
 *
 * @since 0.4.0
 * @category identifiers
 */
export const normalize = (kind: Kind, value: string): string => kind === "emailAddresses" ? value.toLowerCase() : value

/**
 * The identification that holds this email address or phone number, if any.
 *
 * @since 0.4.0
 * @category identifiers
 */
export const findIdentifier = (
  state: Model.State,
  kind: Kind,
  value: string
): Records.IdentificationRecord | undefined =>
  [...state[kind].values()].find((record) => record.value === normalize(kind, value))

/**
 * The identifications of a user, oldest first.
 *
 * @since 0.4.0
 * @category identifiers
 */
export const identifiersOf = (
  state: Model.State,
  kind: Kind,
  userId: string
): ReadonlyArray<Records.IdentificationRecord> =>
  [...state[kind].values()].filter((record) => record.user_id === userId)

/**
 * Adds an identification to a user; the user's first of its kind becomes primary.
 *
 * @since 0.4.0
 * @category identifiers
 */
export const addIdentifier = (
  state: Model.State,
  kind: Kind,
  input: { readonly userId: string; readonly value: string; readonly verified: boolean; readonly primary: boolean },
  now: number
): readonly [Records.IdentificationRecord, Model.State] => {
  const [id, next] = Model.nextId(state, "idn")
  const record: Records.IdentificationRecord = {
    id,
    user_id: input.userId,
    value: normalize(kind, input.value),
    verified: input.verified,
    reserved: false,
    created_at: now,
    updated_at: now
  }
  const user = next.users.get(input.userId)
  const primaryField = kind === "emailAddresses" ? "primary_email_address_id" : "primary_phone_number_id"
  const users = user !== undefined && (input.primary || user[primaryField] === null)
    ? Model.put(next.users, { ...user, [primaryField]: id, updated_at: now })
    : next.users
  return [record, { ...next, users, [kind]: Model.put(next[kind], record) }]
}

/**
 * Removes an identification; when it was its user's primary, the user's oldest remaining one becomes primary.
 *
 * @since 0.4.0
 * @category identifiers
 */
export const removeIdentifier = (state: Model.State, kind: Kind, id: string, now: number): Model.State => {
  const record = state[kind].get(id)
  if (record === undefined) return state
  const remaining = Model.without(state[kind], id)
  const user = state.users.get(record.user_id)
  const primaryField = kind === "emailAddresses" ? "primary_email_address_id" : "primary_phone_number_id"
  if (user === undefined || user[primaryField] !== id) return { ...state, [kind]: remaining }
  const next = [...remaining.values()].find((other) => other.user_id === user.id)
  return {
    ...state,
    [kind]: remaining,
    users: Model.put(state.users, { ...user, [primaryField]: next?.id ?? null, updated_at: now })
  }
}

/**
 * Deletes a user with what depends on it: its identifications, memberships and organization invitations it
 * sent are removed, its active sessions end, its pending sign-in tokens are revoked.
 *
 * @since 0.4.0
 * @category users
 */
export const deleteUser = (state: Model.State, userId: string, now: number): Model.State => {
  const keep = <A extends { readonly user_id: string }>(map: ReadonlyMap<string, A>) =>
    new Map([...map].filter(([, record]) => record.user_id !== userId))
  return {
    ...state,
    users: Model.without(state.users, userId),
    emailAddresses: keep(state.emailAddresses),
    phoneNumbers: keep(state.phoneNumbers),
    memberships: keep(state.memberships),
    sessions: endSessions(state, userId, "ended", now).sessions,
    signInTokens: new Map(
      [...state.signInTokens].map(([id, token]) => [
        id,
        token.userId === userId && token.status === "pending"
          ? { ...token, status: "revoked" as const, updatedAt: now }
          : token
      ])
    )
  }
}

/**
 * The user's active sessions set to `status` (`ended` when the user is deleted, `revoked` when banned).
 *
 * @since 0.4.0
 * @category users
 */
export const endSessions = (
  state: Model.State,
  userId: string,
  status: "ended" | "revoked",
  now: number
): Model.State => ({
  ...state,
  sessions: new Map(
    [...state.sessions].map(([id, session]) => [
      id,
      session.user_id === userId && session.status === "active" ? { ...session, status, updated_at: now } : session
    ])
  )
})

/** Verified by the Backend API (`admin`), or waiting for the code Clerk would send. */
const verification = (record: Records.IdentificationRecord, strategy: "email_code" | "phone_code") =>
  record.verified
    ? { object: "verification_admin", status: "verified", strategy: "admin", attempts: null, expire_at: null }
    : { object: "verification_otp", status: "unverified", strategy, attempts: 0, expire_at: null }

/**
 * Clerk's `EmailAddress` object.
 *
 * @since 0.4.0
 * @category wire
 */
export const wireEmailAddress = (record: Records.IdentificationRecord) => ({
  id: record.id,
  object: "email_address",
  email_address: record.value,
  reserved: record.reserved,
  verification: verification(record, "email_code"),
  linked_to: [],
  matches_sso_connection: false,
  created_at: record.created_at,
  updated_at: record.updated_at
})

/**
 * Clerk's `PhoneNumber` object.
 *
 * @since 0.4.0
 * @category wire
 */
export const wirePhoneNumber = (record: Records.IdentificationRecord) => ({
  id: record.id,
  object: "phone_number",
  phone_number: record.value,
  reserved_for_second_factor: false,
  default_second_factor: false,
  reserved: record.reserved,
  verification: verification(record, "phone_code"),
  linked_to: [],
  backup_codes: null,
  created_at: record.created_at,
  updated_at: record.updated_at
})

/**
 * Clerk's `User` object, with its email addresses and phone numbers.
 *
 * @since 0.4.0
 * @category wire
 */
export const wireUser = (state: Model.State, user: Records.UserRecord) => ({
  id: user.id,
  object: "user",
  external_id: user.external_id,
  primary_email_address_id: user.primary_email_address_id,
  primary_phone_number_id: user.primary_phone_number_id,
  primary_web3_wallet_id: null,
  username: user.username,
  first_name: user.first_name,
  last_name: user.last_name,
  profile_image_url: `https://img.clerk.com/${user.id}`,
  image_url: `https://img.clerk.com/${user.id}`,
  has_image: false,
  public_metadata: user.public_metadata,
  private_metadata: user.private_metadata,
  unsafe_metadata: user.unsafe_metadata,
  email_addresses: identifiersOf(state, "emailAddresses", user.id).map(wireEmailAddress),
  phone_numbers: identifiersOf(state, "phoneNumbers", user.id).map(wirePhoneNumber),
  web3_wallets: [],
  passkeys: [],
  password_enabled: user.password_enabled,
  two_factor_enabled: false,
  totp_enabled: false,
  backup_code_enabled: false,
  mfa_enabled_at: null,
  mfa_disabled_at: null,
  password_last_updated_at: user.password_enabled ? user.created_at : null,
  external_accounts: [],
  saml_accounts: [],
  enterprise_accounts: [],
  last_sign_in_at: user.last_sign_in_at,
  banned: user.banned,
  locked: user.locked,
  lockout_expires_in_seconds: null,
  verification_attempts_remaining: 100,
  created_at: user.created_at,
  updated_at: user.updated_at,
  delete_self_enabled: user.delete_self_enabled,
  create_organization_enabled: user.create_organization_enabled,
  create_organizations_limit: user.create_organizations_limit,
  last_active_at: user.last_active_at,
  legal_accepted_at: user.legal_accepted_at
})
