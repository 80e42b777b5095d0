/**
 * The records of the emulator's stateful Backend API resources, named and cased as Clerk's objects
 * (snake_case, unix-ms timestamps). What an object derives from others (a user's email addresses, a membership's
 * organization) is not stored: `BapiWire` composes it when answering.
 *
 * @since 0.4.0
 */

/**
 * Arbitrary JSON metadata (`public_metadata`, …).
 *
 * @since 0.4.0
 * @category models
 */
export type Metadata = Readonly<Record<string, unknown>>

/**
 * A user.
 *
 * @since 0.4.0
 * @category models
 */
export interface UserRecord {
  readonly id: string
  readonly external_id: string | null
  readonly username: string | null
  readonly first_name: string | null
  readonly last_name: string | null
  readonly primary_email_address_id: string | null
  readonly primary_phone_number_id: string | null
  readonly public_metadata: Metadata
  readonly private_metadata: Metadata
  readonly unsafe_metadata: Metadata
  readonly password_enabled: boolean
  readonly banned: boolean
  readonly locked: boolean
  readonly delete_self_enabled: boolean
  readonly create_organization_enabled: boolean
  readonly create_organizations_limit: number | null
  readonly last_sign_in_at: number | null
  readonly last_active_at: number | null
  readonly legal_accepted_at: number | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * An email address or phone number of a user (Clerk calls both identifications).
 *
 * @since 0.4.0
 * @category models
 */
export interface IdentificationRecord {
  readonly id: string
  readonly user_id: string
  /** The address or the number. */
  readonly value: string
  readonly verified: boolean
  readonly reserved: boolean
  readonly created_at: number
  readonly updated_at: number
}

/**
 * A user's membership of an organization.
 *
 * @since 0.4.0
 * @category models
 */
export interface MembershipRecord {
  readonly id: string
  readonly organization_id: string
  readonly user_id: string
  readonly role: string
  readonly public_metadata: Metadata
  readonly private_metadata: Metadata
  readonly created_at: number
  readonly updated_at: number
}

/**
 * An invitation to the instance (`/invitations`).
 *
 * @since 0.4.0
 * @category models
 */
export interface InvitationRecord {
  readonly id: string
  readonly email_address: string
  readonly public_metadata: Metadata
  readonly status: "pending" | "accepted" | "revoked" | "expired"
  readonly url: string
  readonly expires_at: number | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * An invitation to an organization.
 *
 * @since 0.4.0
 * @category models
 */
export interface OrganizationInvitationRecord {
  readonly id: string
  readonly organization_id: string
  readonly email_address: string
  readonly role: string
  readonly inviter_id: string | null
  readonly status: "pending" | "accepted" | "revoked" | "expired"
  readonly public_metadata: Metadata
  readonly private_metadata: Metadata
  readonly url: string | null
  readonly expires_at: number | null
  readonly created_at: number
  readonly updated_at: number
}

/**
 * An allow-list or block-list identifier.
 *
 * @since 0.4.0
 * @category models
 */
export interface ListIdentifierRecord {
  readonly id: string
  readonly identifier: string
  readonly identifier_type: "email_address" | "phone_number" | "web3_wallet"
  readonly created_at: number
  readonly updated_at: number
}
