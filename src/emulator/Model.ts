/**
 * The emulator's in-memory model: users, clients, sessions, JWT templates and sign-in tokens,
 * as an immutable value with pure operations. `Store.ts` keeps the current value in a `Ref`.
 *
 * @since 0.1.0
 */
import * as Ids from "./Ids.js"
import type * as Records from "./Records.js"
import type {
  SessionStatus,
  SignInTokenStatus,
  WireClient,
  WireOrganization,
  WireSession,
  WireSignInToken,
  WireUser
} from "./Wire.js"

/**
 * A JWT template: extra claims and a default lifetime for `POST /v1/sessions/{id}/tokens/{name}`.
 *
 * @since 0.1.0
 * @category models
 */
export interface JwtTemplate {
  readonly id: string
  readonly name: string
  readonly claims: Readonly<Record<string, unknown>>
  readonly lifetimeSeconds: number
  readonly allowedClockSkew: number
  readonly customSigningKey: boolean
  readonly signingAlgorithm: string
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * A client (browser or device) owning sessions.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientRecord {
  readonly id: string
  readonly userId: string
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * A sign-in token with what the wire does not show (the ticket, its URL, its lifetime, the organization).
 *
 * @since 0.1.0
 * @category models
 */
export interface SignInTokenRecord {
  readonly id: string
  readonly userId: string
  readonly status: SignInTokenStatus
  readonly token: string
  readonly url: string
  readonly orgId: string | null
  readonly expiresInSeconds: number
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * An organization role: its key (`org:admin`) and its permissions (`org:<feature>:<action>`; system
 * permissions such as `org:sys_memberships:manage` are allowed and, as in Clerk's tokens, not put in them).
 *
 * @since 0.3.0
 * @category models
 */
export interface RoleRecord {
  readonly key: string
  readonly permissions: ReadonlyArray<string>
}

/**
 * An organization: its features (those of its plan, in the order its tokens list them), settings and metadata.
 * Its members are `State.memberships`.
 *
 * @since 0.3.0
 * @category models
 */
export interface OrganizationRecord {
  readonly id: string
  readonly name: string
  readonly slug: string
  readonly features: ReadonlyArray<string>
  readonly maxAllowedMemberships: number
  readonly adminDeleteEnabled: boolean
  readonly publicMetadata: Records.Metadata
  readonly privateMetadata: Records.Metadata
  readonly createdBy: string | null
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * The whole model. `sequence` numbers every id ever made, so ids are deterministic.
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly sequence: number
  readonly accountsUrl: string
  readonly users: ReadonlyMap<string, Records.UserRecord>
  readonly emailAddresses: ReadonlyMap<string, Records.IdentificationRecord>
  readonly phoneNumbers: ReadonlyMap<string, Records.IdentificationRecord>
  readonly clients: ReadonlyMap<string, ClientRecord>
  readonly sessions: ReadonlyMap<string, WireSession>
  readonly templates: ReadonlyMap<string, JwtTemplate>
  readonly signInTokens: ReadonlyMap<string, SignInTokenRecord>
  readonly organizations: ReadonlyMap<string, OrganizationRecord>
  readonly roles: ReadonlyMap<string, RoleRecord>
  readonly memberships: ReadonlyMap<string, Records.MembershipRecord>
  readonly invitations: ReadonlyMap<string, Records.InvitationRecord>
  readonly organizationInvitations: ReadonlyMap<string, Records.OrganizationInvitationRecord>
  readonly allowlist: ReadonlyMap<string, Records.ListIdentifierRecord>
  readonly blocklist: ReadonlyMap<string, Records.ListIdentifierRecord>
  /** What the description-driven responder created or updated, by the path of the item (`/domains/dmn_…`). */
  readonly described: ReadonlyMap<string, Readonly<Record<string, unknown>>>
  /** The paths of the items the responder deleted. */
  readonly deleted: ReadonlySet<string>
}

/**
 * A model with nothing in it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty = (accountsUrl: string): State => ({
  sequence: 0,
  accountsUrl,
  users: new Map(),
  emailAddresses: new Map(),
  phoneNumbers: new Map(),
  clients: new Map(),
  sessions: new Map(),
  templates: new Map(),
  signInTokens: new Map(),
  organizations: new Map(),
  roles: new Map(),
  memberships: new Map(),
  invitations: new Map(),
  organizationInvitations: new Map(),
  allowlist: new Map(),
  blocklist: new Map(),
  described: new Map(),
  deleted: new Set()
})

/**
 * The next id with the given prefix, and the model that has used it.
 *
 * @since 0.1.0
 * @category ids
 */
export const nextId = (state: State, prefix: string): readonly [string, State] => [
  Ids.make(prefix, state.sequence),
  { ...state, sequence: state.sequence + 1 }
]

/**
 * The map without `key`.
 *
 * @since 0.4.0
 * @category maps
 */
export const without = <K, A>(map: ReadonlyMap<K, A>, key: K): ReadonlyMap<K, A> => {
  const next = new Map(map)
  next.delete(key)
  return next
}

/**
 * The map with `value` under its id.
 *
 * @since 0.4.0
 * @category maps
 */
export const put = <A extends { readonly id: string }>(map: ReadonlyMap<string, A>, value: A): ReadonlyMap<string, A> =>
  new Map(map).set(value.id, value)

/**
 * Newest first: `created_at` descending, then id descending.
 *
 * @since 0.1.0
 * @category ordering
 */
export const newestFirst = <A extends { readonly id: string; readonly created_at: number }>(a: A, b: A): number =>
  b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * Filters and page of `GET /v1/sessions`.
 *
 * @since 0.1.0
 * @category sessions
 */
export interface SessionQuery {
  readonly userId?: string | undefined
  readonly clientId?: string | undefined
  readonly status?: string | undefined
  readonly limit: number
  readonly offset: number
}

/**
 * The page of sessions matching the query, newest first, and how many match in all.
 *
 * @since 0.1.0
 * @category sessions
 */
export const listSessions = (
  state: State,
  query: SessionQuery
): { readonly page: ReadonlyArray<WireSession>; readonly totalCount: number } => {
  const matching = sessions(state).filter((session) =>
    (query.userId === undefined || session.user_id === query.userId) &&
    (query.clientId === undefined || session.client_id === query.clientId) &&
    (query.status === undefined || session.status === query.status)
  )
  return { page: matching.slice(query.offset, query.offset + query.limit), totalCount: matching.length }
}

/**
 * All sessions, newest first.
 *
 * @since 0.1.0
 * @category sessions
 */
export const sessions = (state: State): Array<WireSession> => [...state.sessions.values()].sort(newestFirst)

/**
 * Creates an active session, on a new client, for an existing user (`undefined` when the user is unknown).
 *
 * @since 0.1.0
 * @category sessions
 */
export const createSession = (
  state: State,
  input: { readonly userId: string; readonly activeOrganizationId: string | null },
  now: number
): readonly [WireSession, State] | undefined => {
  if (!state.users.has(input.userId)) {
    return undefined
  }
  const [clientId, s1] = nextId(state, "client")
  const [sessionId, s2] = nextId(s1, "sess")
  const session: WireSession = {
    object: "session",
    id: sessionId,
    user_id: input.userId,
    client_id: clientId,
    actor: null,
    status: "active",
    last_active_organization_id: input.activeOrganizationId,
    last_active_at: now,
    latest_activity: null,
    expire_at: now + 7 * DAY,
    abandon_at: now + 30 * DAY,
    updated_at: now,
    created_at: now
  }
  const client: ClientRecord = { id: clientId, userId: input.userId, createdAt: now, updatedAt: now }
  return [session, { ...s2, clients: put(s2.clients, client), sessions: put(s2.sessions, session) }]
}

/**
 * Sets a session's status (`undefined` when the session is unknown).
 *
 * @since 0.1.0
 * @category sessions
 */
export const setSessionStatus = (
  state: State,
  sessionId: string,
  status: SessionStatus,
  now: number
): readonly [WireSession, State] | undefined => {
  const session = state.sessions.get(sessionId)
  if (session === undefined) {
    return undefined
  }
  const updated: WireSession = { ...session, status, updated_at: now }
  return [updated, { ...state, sessions: put(state.sessions, updated) }]
}

/**
 * Records activity on a session (a refresh): `last_active_at` and `updated_at` become `now`.
 *
 * @since 0.1.0
 * @category sessions
 */
export const touchSession = (
  state: State,
  sessionId: string,
  now: number
): readonly [WireSession, State] | undefined => {
  const session = state.sessions.get(sessionId)
  if (session === undefined) {
    return undefined
  }
  const updated: WireSession = { ...session, last_active_at: now, updated_at: now }
  return [updated, { ...state, sessions: put(state.sessions, updated) }]
}

/**
 * Creates a pending sign-in token for an existing user (`undefined` when the user is unknown).
 *
 * @since 0.1.0
 * @category sign-in tokens
 */
export const createSignInToken = (
  state: State,
  input: { readonly userId: string; readonly expiresInSeconds: number; readonly orgId: string | null },
  now: number
): readonly [SignInTokenRecord, State] | undefined => {
  if (!state.users.has(input.userId)) {
    return undefined
  }
  const [id, next] = nextId(state, "sit")
  const record = signInTokenRecord(next, {
    id,
    userId: input.userId,
    status: "pending",
    orgId: input.orgId,
    expiresInSeconds: input.expiresInSeconds,
    createdAt: now
  })
  return [record, { ...next, signInTokens: put(next.signInTokens, record) }]
}

/**
 * Builds a sign-in token record, with its ticket and URL derived from its id.
 *
 * @since 0.1.0
 * @category sign-in tokens
 */
export const signInTokenRecord = (
  state: State,
  input: {
    readonly id: string
    readonly userId: string
    readonly status: SignInTokenStatus
    readonly orgId: string | null
    readonly expiresInSeconds: number
    readonly createdAt: number
  }
): SignInTokenRecord => {
  const token = Ids.noise(`ticket:${input.id}`, 64)
  return {
    ...input,
    token,
    url: `${state.accountsUrl}/sign-in#__clerk_ticket=${token}`,
    updatedAt: input.createdAt
  }
}

/**
 * Revokes a pending sign-in token (`undefined` when it is unknown). A token that is not pending
 * is left as it is, with `revoked: false`.
 *
 * @since 0.1.0
 * @category sign-in tokens
 */
export const revokeSignInToken = (
  state: State,
  id: string,
  now: number
): readonly [{ readonly revoked: boolean; readonly record: SignInTokenRecord }, State] | undefined => {
  const record = state.signInTokens.get(id)
  if (record === undefined) {
    return undefined
  }
  if (record.status !== "pending") {
    return [{ revoked: false, record }, state]
  }
  const updated: SignInTokenRecord = { ...record, status: "revoked", updatedAt: now }
  return [{ revoked: true, record: updated }, { ...state, signInTokens: put(state.signInTokens, updated) }]
}

/**
 * The wire form of a sign-in token; `withSecret` adds `token` and `url` (only the creating response has them).
 *
 * @since 0.1.0
 * @category sign-in tokens
 */
export const wireSignInToken = (record: SignInTokenRecord, withSecret: boolean): WireSignInToken => ({
  object: "sign_in_token",
  id: record.id,
  status: record.status,
  user_id: record.userId,
  ...(withSecret ? { token: record.token, url: record.url } : {}),
  created_at: record.createdAt,
  updated_at: record.updatedAt
})

/**
 * The wire form of a client, with the ids of its sessions (newest first).
 *
 * @since 0.1.0
 * @category clients
 */
export const wireClient = (state: State, client: ClientRecord): WireClient => ({
  object: "client",
  id: client.id,
  user_id: client.userId,
  session_ids: sessions(state).filter((session) => session.client_id === client.id).map((session) => session.id),
  created_at: client.createdAt,
  updated_at: client.updatedAt
})

/**
 * The feature of a permission `org:<feature>:<action>`, `undefined` for a system permission (`org:sys_…`)
 * or another shape.
 *
 * @since 0.3.0
 * @category organizations
 */
export const permissionParts = (
  permission: string
): { readonly feature: string; readonly action: string } | undefined => {
  const parts = permission.split(":")
  const [scope, feature, action] = parts
  return parts.length === 3 && scope === "org" && feature !== undefined && action !== undefined &&
      feature.length > 0 && action.length > 0 && !feature.startsWith("sys_")
    ? { feature, action }
    : undefined
}

/**
 * A user's membership of an organization: the organization and the role, with its permissions
 * (`undefined` when the organization is unknown or the user is not a member).
 *
 * @since 0.3.0
 * @category organizations
 */
export const membership = (
  state: State,
  organizationId: string,
  userId: string
): { readonly organization: OrganizationRecord; readonly role: RoleRecord } | undefined => {
  const organization = state.organizations.get(organizationId)
  const roleKey = organization === undefined ? undefined : findMembership(state, organizationId, userId)?.role
  if (organization === undefined || roleKey === undefined) {
    return undefined
  }
  return { organization, role: state.roles.get(roleKey) ?? { key: roleKey, permissions: [] } }
}

/**
 * The membership of a user in an organization, `undefined` when the user is not a member.
 *
 * @since 0.4.0
 * @category organizations
 */
export const findMembership = (
  state: State,
  organizationId: string,
  userId: string
): Records.MembershipRecord | undefined =>
  [...state.memberships.values()].find((m) => m.organization_id === organizationId && m.user_id === userId)

/**
 * The snapshot form of an organization, with its members and their roles (oldest membership first).
 *
 * @since 0.3.0
 * @category organizations
 */
export const wireOrganization = (state: State, organization: OrganizationRecord): WireOrganization => ({
  object: "organization",
  id: organization.id,
  name: organization.name,
  slug: organization.slug,
  features: organization.features,
  memberships: [...state.memberships.values()].filter((m) => m.organization_id === organization.id).map((m) => ({
    user_id: m.user_id,
    role: m.role
  })),
  created_at: organization.createdAt
})

/**
 * The snapshot form of a user: names and primary email address.
 *
 * @since 0.4.0
 * @category users
 */
export const wireUser = (state: State, user: Records.UserRecord): WireUser => ({
  object: "user",
  id: user.id,
  first_name: user.first_name,
  last_name: user.last_name,
  email_address: user.primary_email_address_id === null
    ? null
    : state.emailAddresses.get(user.primary_email_address_id)?.value ?? null,
  created_at: user.created_at,
  updated_at: user.updated_at
})

/**
 * One day in milliseconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const DAY = 86_400_000
