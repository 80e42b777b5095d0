/**
 * Organizations, their memberships and invitations: Clerk's defaults and the JSON Clerk answers for them.
 *
 * @since 0.4.0
 */
import type * as Model from "./Model.js"
import type * as Records from "./Records.js"
import * as UserModel from "./UserModel.js"

/**
 * An organization with Clerk's defaults: no members limit (0), admin deletion enabled, empty metadata.
 *
 * @since 0.4.0
 * @category constructors
 */
export const newOrganization = (id: string, now: number): Model.OrganizationRecord => ({
  id,
  name: "",
  slug: "",
  features: [],
  maxAllowedMemberships: 0,
  adminDeleteEnabled: true,
  publicMetadata: {},
  privateMetadata: {},
  createdBy: null,
  createdAt: now,
  updatedAt: now
})

/**
 * A slug from a name, as Clerk derives one: lower case, runs of other characters as one `-`.
 *
 * @since 0.4.0
 * @category organizations
 */
export const slugify = (name: string): string =>
  name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "organization"

/**
 * The organization with this id, or else this slug (`/organizations/{id or slug}`).
 *
 * @since 0.4.0
 * @category organizations
 */
export const findOrganization = (state: Model.State, idOrSlug: string): Model.OrganizationRecord | undefined =>
  state.organizations.get(idOrSlug) ?? [...state.organizations.values()].find((o) => o.slug === idOrSlug)

/**
 * The memberships of an organization.
 *
 * @since 0.4.0
 * @category memberships
 */
export const membersOf = (state: Model.State, organizationId: string): ReadonlyArray<Records.MembershipRecord> =>
  [...state.memberships.values()].filter((membership) => membership.organization_id === organizationId)

/**
 * Deletes an organization with its memberships and invitations.
 *
 * @since 0.4.0
 * @category organizations
 */
export const deleteOrganization = (state: Model.State, organizationId: string): Model.State => ({
  ...state,
  organizations: new Map([...state.organizations].filter(([id]) => id !== organizationId)),
  memberships: new Map([...state.memberships].filter(([, m]) => m.organization_id !== organizationId)),
  organizationInvitations: new Map(
    [...state.organizationInvitations].filter(([, invitation]) => invitation.organization_id !== organizationId)
  )
})

/**
 * Clerk's `Organization` object (`members_count` and the pending invitations count only when asked for).
 *
 * @since 0.4.0
 * @category wire
 */
export const wireOrganization = (
  state: Model.State,
  organization: Model.OrganizationRecord,
  counts = false
) => ({
  object: "organization",
  id: organization.id,
  name: organization.name,
  slug: organization.slug,
  image_url: `https://img.clerk.com/${organization.id}`,
  has_image: false,
  ...(counts
    ? {
      members_count: membersOf(state, organization.id).length,
      pending_invitations_count:
        [...state.organizationInvitations.values()].filter((invitation) =>
          invitation.organization_id === organization.id && invitation.status === "pending"
        ).length
    }
    : {}),
  max_allowed_memberships: organization.maxAllowedMemberships,
  admin_delete_enabled: organization.adminDeleteEnabled,
  public_metadata: organization.publicMetadata,
  private_metadata: organization.privateMetadata,
  ...(organization.createdBy === null ? {} : { created_by: organization.createdBy }),
  created_at: organization.createdAt,
  updated_at: organization.updatedAt
})

const roleName = (role: string): string => {
  const key = role.startsWith("org:") ? role.slice(4) : role
  return key.charAt(0).toUpperCase() + key.slice(1)
}

/**
 * Clerk's `OrganizationMembership` object, with its organization and the member's `public_user_data`.
 *
 * @since 0.4.0
 * @category wire
 */
export const wireMembership = (state: Model.State, membership: Records.MembershipRecord) => {
  const organization = state.organizations.get(membership.organization_id)
  const user = state.users.get(membership.user_id)
  const email = user?.primary_email_address_id == null
    ? undefined
    : state.emailAddresses.get(user.primary_email_address_id)?.value
  return {
    id: membership.id,
    object: "organization_membership",
    role: membership.role,
    role_name: roleName(membership.role),
    permissions: state.roles.get(membership.role)?.permissions ?? [],
    public_metadata: membership.public_metadata,
    private_metadata: membership.private_metadata,
    organization: organization === undefined ? {} : wireOrganization(state, organization),
    public_user_data: {
      user_id: membership.user_id,
      first_name: user?.first_name ?? null,
      last_name: user?.last_name ?? null,
      profile_image_url: `https://img.clerk.com/${membership.user_id}`,
      image_url: `https://img.clerk.com/${membership.user_id}`,
      has_image: false,
      identifier: email ?? user?.username ?? "",
      username: user?.username ?? null,
      banned: user?.banned ?? false,
      deprovisioned: false
    },
    created_at: membership.created_at,
    updated_at: membership.updated_at
  }
}

/**
 * Clerk's `Invitation` object.
 *
 * @since 0.4.0
 * @category wire
 */
export const wireInvitation = (invitation: Records.InvitationRecord) => ({
  object: "invitation",
  id: invitation.id,
  email_address: invitation.email_address,
  public_metadata: invitation.public_metadata,
  revoked: invitation.status === "revoked",
  status: invitation.status,
  url: invitation.url,
  expires_at: invitation.expires_at,
  created_at: invitation.created_at,
  updated_at: invitation.updated_at
})

/**
 * Clerk's `OrganizationInvitation` object, with the inviter's public data.
 *
 * @since 0.4.0
 * @category wire
 */
export const wireOrganizationInvitation = (
  state: Model.State,
  invitation: Records.OrganizationInvitationRecord
) => {
  const inviter = invitation.inviter_id === null ? undefined : state.users.get(invitation.inviter_id)
  return {
    object: "organization_invitation",
    id: invitation.id,
    email_address: invitation.email_address,
    role: invitation.role,
    role_name: roleName(invitation.role),
    organization_id: invitation.organization_id,
    inviter_id: invitation.inviter_id,
    public_inviter_data: inviter === undefined ? null : {
      user_id: inviter.id,
      first_name: inviter.first_name,
      last_name: inviter.last_name,
      image_url: `https://img.clerk.com/${inviter.id}`,
      has_image: false,
      identifier: UserModel.identifiersOf(state, "emailAddresses", inviter.id)[0]?.value ?? inviter.username ?? ""
    },
    status: invitation.status,
    public_metadata: invitation.public_metadata,
    private_metadata: invitation.private_metadata,
    url: invitation.url,
    expires_at: invitation.expires_at,
    created_at: invitation.created_at,
    updated_at: invitation.updated_at
  }
}
