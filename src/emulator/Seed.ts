/**
 * Deterministic seeding of the emulator's model: the same options always give the same ids,
 * timestamps and statuses.
 *
 * @since 0.1.0
 */
import * as Ids from "./Ids.js"
import * as Model from "./Model.js"
import * as OrganizationModel from "./OrganizationModel.js"
import type * as Records from "./Records.js"
import * as UserModel from "./UserModel.js"
import type { SessionStatus, SignInTokenStatus, WireSession, WireSessionActivity } from "./Wire.js"

/**
 * A JWT template to seed: `claims` are added to its tokens, `lifetimeSeconds` (default 60) is their lifetime.
 *
 * @since 0.1.0
 * @category models
 */
export interface TemplateSpec {
  readonly name: string
  readonly claims?: Readonly<Record<string, unknown>>
  readonly lifetimeSeconds?: number
}

/**
 * An organization role to seed: its key (`org:admin`) and permissions (`org:<feature>:<action>`).
 *
 * @since 0.3.0
 * @category models
 */
export interface RoleSpec {
  readonly key: string
  readonly permissions: ReadonlyArray<string>
}

/**
 * What to seed. Every field has a default (see `defaults`).
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedOptions {
  /** Number of users (default 3). */
  readonly users?: number
  /** Sessions per user (default 4); each user's first session is `active`, the others cycle through the statuses. */
  readonly sessionsPerUser?: number
  /** Clients per user (default 2); a user's sessions are spread over them. */
  readonly clientsPerUser?: number
  /** Sign-in tokens per user (default 1), cycling `pending`, `accepted`, `revoked`. */
  readonly signInTokensPerUser?: number
  /**
   * Organization roles (default `org:admin` and `org:member`). Every session with an active organization
   * makes that organization, its user a member with the next role in turn; an organization's features
   * are those its roles' permissions name (`org:sys_…` excluded), sorted.
   */
  readonly roles?: ReadonlyArray<RoleSpec>
  /** JWT templates (default `test`, `supabase`, `convex`). */
  readonly templates?: ReadonlyArray<TemplateSpec>
  /** Base time of every seeded timestamp (default 2026-01-01T00:00:00Z): everything is created the day before. */
  readonly now?: number | Date
}

/**
 * The default seed options.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  users: 3,
  sessionsPerUser: 4,
  clientsPerUser: 2,
  signInTokensPerUser: 1,
  roles: [
    {
      key: "org:admin",
      permissions: ["org:dashboard:manage", "org:dashboard:read", "org:teams:read", "org:sys_memberships:manage"]
    },
    { key: "org:member", permissions: ["org:dashboard:read"] }
  ],
  templates: [
    { name: "test", claims: { purpose: "test" } },
    { name: "supabase", claims: { aud: "authenticated", role: "authenticated" } },
    { name: "convex", claims: { aud: "convex" }, lifetimeSeconds: 3600 }
  ],
  now: Date.UTC(2026, 0, 1)
} as const satisfies Required<SeedOptions>

/**
 * The id of the `index`-th seeded user: users get the first sequence numbers, so the id does not
 * depend on the other options (`userId(0)` is the first user of every seed).
 *
 * @since 0.1.0
 * @category ids
 */
export const userId = (index: number): string => Ids.make("user", index)

const HOUR = 3_600_000
const MINUTE = 60_000

const NAMES: ReadonlyArray<readonly [string, string]> = [
  ["Ada", "Lovelace"],
  ["Grace", "Hopper"],
  ["Alan", "Turing"],
  ["Katherine", "Johnson"],
  ["Edsger", "Dijkstra"],
  ["Barbara", "Liskov"],
  ["Donald", "Knuth"],
  ["Margaret", "Hamilton"]
]

const ORGANIZATION_NAMES: ReadonlyArray<string> = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Wonka"]

const LATER_STATUSES: ReadonlyArray<SessionStatus> = [
  "revoked",
  "ended",
  "expired",
  "active",
  "removed",
  "abandoned",
  "replaced"
]

const SIGN_IN_TOKEN_STATUSES: ReadonlyArray<SignInTokenStatus> = ["pending", "accepted", "revoked"]

const DEVICES: ReadonlyArray<Omit<WireSessionActivity, "object" | "id">> = [
  {
    device_type: "Macintosh",
    is_mobile: false,
    browser_name: "Chrome",
    browser_version: "131.0.0.0",
    ip_address: "203.0.113.10",
    city: "Paris",
    country: "FR"
  },
  {
    device_type: "iPhone",
    is_mobile: true,
    browser_name: "Safari",
    browser_version: "18.1",
    ip_address: "198.51.100.7",
    city: "Berlin",
    country: "DE"
  },
  {
    device_type: "Windows",
    is_mobile: false,
    browser_name: "Firefox",
    browser_version: "133.0",
    ip_address: "192.0.2.44",
    city: "Toronto",
    country: "CA"
  }
]

const at = <A>(items: ReadonlyArray<A>, index: number): A => items[index % items.length] as A

const toMillis = (now: number | Date): number => typeof now === "number" ? now : now.getTime()

/**
 * Builds the seeded model. Users are created first (see `userId`), then clients, sessions with their
 * activities, sign-in tokens and templates. Everything is created during the day before `now`;
 * sessions come in pairs with the same `created_at`, so ties (broken by id) exist.
 *
 * @since 0.1.0
 * @category constructors
 */
export const seed = (given: SeedOptions | undefined, accountsUrl: string): Model.State => {
  const options = given ?? {}
  const users = options.users ?? defaults.users
  const sessionsPerUser = options.sessionsPerUser ?? defaults.sessionsPerUser
  const clientsPerUser = Math.max(1, options.clientsPerUser ?? defaults.clientsPerUser)
  const tokensPerUser = options.signInTokensPerUser ?? defaults.signInTokensPerUser
  const templates: ReadonlyArray<TemplateSpec> = options.templates ?? defaults.templates
  const roles: ReadonlyArray<RoleSpec> = options.roles ?? defaults.roles
  const base = toMillis(options.now ?? defaults.now)
  const start = base - Model.DAY

  let state = Model.empty(accountsUrl)
  const next = (prefix: string): string => {
    const [id, after] = Model.nextId(state, prefix)
    state = after
    return id
  }

  const userRecords = new Map<string, Records.UserRecord>()
  const userIds: Array<string> = []
  for (let u = 0; u < users; u++) {
    const [first, last] = at(NAMES, u)
    const round = Math.floor(u / NAMES.length)
    const id = next("user")
    const createdAt = base - 30 * Model.DAY + u * HOUR
    userIds.push(id)
    userRecords.set(id, {
      ...UserModel.newUser(id, createdAt),
      first_name: first,
      last_name: round === 0 ? last : `${last} ${round + 1}`,
      password_enabled: true
    })
  }

  const clientSpacing = Math.floor(30 * MINUTE / Math.max(1, users * clientsPerUser))
  const clients = new Map<string, Model.ClientRecord>()
  const clientIds = userIds.map((userId, u) =>
    Array.from({ length: clientsPerUser }, (_, c) => {
      const id = next("client")
      const createdAt = start + (u * clientsPerUser + c) * clientSpacing
      clients.set(id, { id, userId, createdAt, updatedAt: createdAt })
      return id
    })
  )

  const pairSpacing = Math.min(
    HOUR,
    Math.floor((Model.DAY - HOUR) / Math.max(1, Math.ceil(users * sessionsPerUser / 2)))
  )
  const sessions = new Map<string, WireSession>()
  userIds.forEach((userId, u) => {
    for (let j = 0; j < sessionsPerUser; j++) {
      const g = u * sessionsPerUser + j
      const status: SessionStatus = j === 0 ? "active" : at(LATER_STATUSES, u * (sessionsPerUser - 1) + j - 1)
      const createdAt = start + 30 * MINUTE + Math.floor(g / 2) * pairSpacing
      const lastActiveAt = createdAt + (j + 1) * MINUTE
      const id = next("sess")
      const activityId = next("sess_activity")
      sessions.set(id, {
        object: "session",
        id,
        user_id: userId,
        client_id: at(at(clientIds, u), j),
        actor: g % 5 === 4 ? { sub: at(userIds, u + 1), iss: "https://dashboard.clerk.com" } : null,
        status,
        last_active_organization_id: g % 3 === 2 ? Ids.make("org", g) : null,
        last_active_at: lastActiveAt,
        latest_activity: { object: "session_activity", id: activityId, ...at(DEVICES, g) },
        expire_at: status === "expired" ? createdAt + 2 * HOUR : createdAt + 7 * Model.DAY,
        abandon_at: createdAt + 30 * Model.DAY,
        updated_at: status === "active" ? lastActiveAt : lastActiveAt + 5 * MINUTE,
        created_at: createdAt
      })
    }
  })

  const tokenSpacing = Math.min(MINUTE, Math.floor(HOUR / Math.max(1, users * tokensPerUser)))
  const signInTokens = new Map<string, Model.SignInTokenRecord>()
  userIds.forEach((userId, u) => {
    for (let t = 0; t < tokensPerUser; t++) {
      const g = u * tokensPerUser + t
      const id = next("sit")
      signInTokens.set(
        id,
        Model.signInTokenRecord(state, {
          id,
          userId,
          status: at(SIGN_IN_TOKEN_STATUSES, g),
          orgId: null,
          expiresInSeconds: 2_592_000,
          createdAt: start + 2 * HOUR + g * tokenSpacing
        })
      )
    }
  })

  const templateRecords = new Map<string, Model.JwtTemplate>(
    templates.map((template) => [template.name, {
      id: next("jtmp"),
      name: template.name,
      claims: template.claims ?? {},
      lifetimeSeconds: template.lifetimeSeconds ?? 60,
      allowedClockSkew: 5,
      customSigningKey: false,
      signingAlgorithm: "RS256",
      createdAt: start,
      updatedAt: start
    }])
  )

  const features = [
    ...new Set(roles.flatMap((role) => role.permissions.flatMap((p) => Model.permissionParts(p)?.feature ?? [])))
  ].sort()
  const organizations = new Map<string, Model.OrganizationRecord>()
  const memberships = new Map<string, Records.MembershipRecord>()
  for (const session of sessions.values()) {
    const id = session.last_active_organization_id
    if (id === null || organizations.has(id)) {
      continue
    }
    const index = organizations.size
    const round = Math.floor(index / ORGANIZATION_NAMES.length)
    const name = `${at(ORGANIZATION_NAMES, index)}${round === 0 ? "" : ` ${round + 1}`}`
    const role = roles.length === 0 ? undefined : at(roles, index)
    const createdAt = session.created_at - HOUR
    organizations.set(id, {
      ...OrganizationModel.newOrganization(id, createdAt),
      name,
      slug: name.toLowerCase().replaceAll(" ", "-"),
      features,
      createdBy: session.user_id
    })
    if (role !== undefined) {
      const membershipId = next("orgmem")
      memberships.set(membershipId, {
        id: membershipId,
        organization_id: id,
        user_id: session.user_id,
        role: role.key,
        public_metadata: {},
        private_metadata: {},
        created_at: createdAt,
        updated_at: createdAt
      })
    }
  }
  // every user has a verified primary email address (ids after the others: seeds before 0.4 keep their ids)
  const emailAddresses = new Map<string, Records.IdentificationRecord>()
  for (const [u, userId] of userIds.entries()) {
    const [first, last] = at(NAMES, u)
    const round = Math.floor(u / NAMES.length)
    const user = userRecords.get(userId)!
    const id = next("idn")
    emailAddresses.set(id, {
      id,
      user_id: userId,
      value: `${first.toLowerCase()}.${last.toLowerCase()}${round === 0 ? "" : round + 1}@example.com`,
      verified: true,
      reserved: false,
      created_at: user.created_at,
      updated_at: user.created_at
    })
    userRecords.set(userId, { ...user, primary_email_address_id: id })
  }
  const roleRecords = new Map<string, Model.RoleRecord>(
    roles.map((role) => [role.key, { key: role.key, permissions: [...role.permissions] }])
  )

  return {
    ...state,
    users: userRecords,
    emailAddresses,
    memberships,
    clients,
    sessions,
    templates: templateRecords,
    signInTokens,
    organizations,
    roles: roleRecords
  }
}
