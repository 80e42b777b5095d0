import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { Session, SessionActivity, SessionPage } from "../schemas/Session.js"

/*
 * Hand-written decoders for the hot wire shapes (a session, a page of sessions). Each one either answers exactly
 * the value the schema decodes (instances of the same classes, the same own properties in the same order, the same
 * `Option`s and `DateTime.Utc`s) or `undefined` for anything else, and then the schema decodes it (and reports the
 * errors). The schema stays the contract: test/internal/fastDecode.test.ts checks both agree on generated inputs.
 * Why: `Schema.decodeUnknown(SessionPage)` costs 12-30x the `JSON.parse` of the page; this, about 0.7x more
 * (bench/RESULTS.md, table 3).
 *
 * Nothing of effect's is altered: no prototype, no global. The values are made by two constructors of ours that
 * build what effect's own constructors build (effect's class layout, checked against the schema before first use):
 * `DateTime.Utc` (the prototype of `DateTime.unsafeMake`'s values, `epochMillis`, the non-enumerable `partsUtc`
 * cache) and the `Schema.Class` instances (the class's prototype, the props in field order). `Option.some` and
 * `Option.none` are effect's own. What each shortcut saves over the public constructor (`DateTime.unsafeFromDate`,
 * `new Session(props, true)`) is measured in bench/RESULTS.md: without both, the decode would cost about 3x.
 */

type Fast<A> = (input: unknown) => A | undefined

/** The prototype of every `DateTime.Utc` (effect's own; read, never written). */
const UtcProto: object = Object.getPrototypeOf(DateTime.unsafeMake(0))

const sameAttributes = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  a.enumerable === b.enumerable && a.writable === b.writable && a.configurable === b.configurable &&
  a.get === undefined && b.get === undefined && a.set === undefined && b.set === undefined

/**
 * Whether two values are built alike: same prototypes, same own keys (non-enumerable ones included) in the same
 * order with the same attributes (data properties only), same primitives. This is what the fast path must reproduce
 * of the schema's output.
 *
 * @internal
 */
export const builtAlike = (a: unknown, b: unknown): boolean => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b)
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  const keys = Reflect.ownKeys(a)
  const other = Reflect.ownKeys(b)
  return keys.length === other.length &&
    keys.every((key, i) => {
      if (key !== other[i]) return false
      const da = Object.getOwnPropertyDescriptor(a, key)!
      const db = Object.getOwnPropertyDescriptor(b, key)!
      return sameAttributes(da, db) && builtAlike(da.value, db.value)
    })
}

/**
 * A decoder that tries `fast` first and falls back to the schema's decoder. The fast path mirrors how this version
 * of `effect` lays out its classes and `DateTime`s, so before its first use it is checked against the schema on
 * `probe` (every field present): with another `effect` whose layout differs, it turns itself off and the schema
 * decodes.
 *
 * @internal
 */
export const withFastPath = <A>(
  fast: Fast<A>,
  schema: (input: unknown) => Effect.Effect<A, ParseResult.ParseError>,
  probe: unknown
) => {
  let enabled: boolean | undefined
  return (input: unknown): Effect.Effect<A, ParseResult.ParseError> => {
    enabled ??= builtAlike(fast(probe), Effect.runSync(schema(probe)))
    const value = enabled ? fast(input) : undefined
    return value === undefined ? schema(input) : Effect.succeed(value)
  }
}

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/*
 * Constructors of exactly what the decoders build, minus their generic machinery; their `prototype` is the real
 * class's, so the values are instances of the real classes. A `Schema.Class` decoder runs `new C(props, true)`:
 * the props, in field order, on a `C` (these classes have no defaults to merge). Setting the `prototype` of these
 * functions of ours changes nothing of effect's.
 */

const hidden: PropertyDescriptor = { value: undefined, enumerable: false, writable: true }

/**
 * What `DateTime.unsafeMake(ms)` builds: `epochMillis`, then its non-enumerable `partsUtc` cache, on effect's `Utc`
 * prototype; minus the input dispatch, the `Date` and `Object.create`.
 */
function UtcValue(this: { epochMillis: number }, epochMillis: number) {
  this.epochMillis = epochMillis
  Object.defineProperty(this, "partsUtc", hidden)
}
UtcValue.prototype = UtcProto

function ActivityValue(
  this: Mutable<SessionActivity>,
  object: string,
  id: string,
  isMobile: boolean,
  deviceType: Option.Option<string>,
  browserName: Option.Option<string>,
  browserVersion: Option.Option<string>,
  ipAddress: Option.Option<string>,
  city: Option.Option<string>,
  country: Option.Option<string>
) {
  this.object = object
  this.id = id
  this.isMobile = isMobile
  this.deviceType = deviceType
  this.browserName = browserName
  this.browserVersion = browserVersion
  this.ipAddress = ipAddress
  this.city = city
  this.country = country
}
ActivityValue.prototype = SessionActivity.prototype

function SessionValue(
  this: Mutable<Session>,
  id: string,
  userId: string,
  clientId: string,
  actor: Option.Option<{ readonly [key: string]: unknown }>,
  status: Session["status"],
  lastActiveOrganizationId: Option.Option<string>,
  lastActiveAt: DateTime.Utc,
  latestActivity: Option.Option<SessionActivity>,
  expireAt: DateTime.Utc,
  abandonAt: DateTime.Utc,
  updatedAt: DateTime.Utc,
  createdAt: DateTime.Utc
) {
  this.object = "session"
  this.id = id
  this.userId = userId
  this.clientId = clientId
  this.actor = actor
  this.status = status
  this.lastActiveOrganizationId = lastActiveOrganizationId
  this.lastActiveAt = lastActiveAt
  this.latestActivity = latestActivity
  this.expireAt = expireAt
  this.abandonAt = abandonAt
  this.updatedAt = updatedAt
  this.createdAt = createdAt
}
SessionValue.prototype = Session.prototype

function PageValue(this: Mutable<SessionPage>, data: ReadonlyArray<Session>, totalCount: number) {
  this.data = data
  this.totalCount = totalCount
}
PageValue.prototype = SessionPage.prototype

const construct = <F extends (this: any, ...args: Array<any>) => void, A>(f: F) =>
  f as unknown as new(...args: Parameters<F>) => A

/**
 * How the fast path builds each value: effect's layout by default ({@link layoutBuilders}); the bench passes
 * effect's public constructors instead to measure what each shortcut saves (bench/decode.ts).
 *
 * @internal
 */
export interface Builders {
  /** A `DateTime.Utc` of a clipped, integral epoch (`DateTime.unsafeMake` of it would give the same). */
  readonly Utc: new(epochMillis: number) => DateTime.Utc
  readonly Activity: new(...args: Parameters<typeof ActivityValue>) => SessionActivity
  readonly Session: new(...args: Parameters<typeof SessionValue>) => Session
  readonly Page: new(...args: Parameters<typeof PageValue>) => SessionPage
}

/**
 * The builders the decoders use.
 *
 * @internal
 */
export const layoutBuilders: Builders = {
  Utc: construct<typeof UtcValue, DateTime.Utc>(UtcValue),
  Activity: construct<typeof ActivityValue, SessionActivity>(ActivityValue),
  Session: construct<typeof SessionValue, Session>(SessionValue),
  Page: construct<typeof PageValue, SessionPage>(PageValue)
}

const isObject = (u: unknown): u is { readonly [key: string]: unknown } => typeof u === "object" && u !== null

/** `optionalWith(String, { nullable: true, as: "Option" })`: absent, `undefined` and `null` are `None`. */
const optionalString = (u: unknown): Option.Option<string> | undefined =>
  u === undefined || u === null ? Option.none() : typeof u === "string" ? Option.some(u) : undefined

/**
 * `Record({ key: String, value: Unknown })` on a non-array object: a fresh object with the input's own enumerable
 * string keys. A `__proto__` key (which `JSON.parse` makes an own property) is left to the schema.
 */
const record = (u: object): { [key: string]: unknown } | undefined => {
  if (Array.isArray(u)) return undefined
  const out: { [key: string]: unknown } = {}
  for (const key of Object.keys(u)) {
    if (key === "__proto__") return undefined
    out[key] = (u as { readonly [key: string]: unknown })[key]
  }
  return out
}

/**
 * The fast decoders over some builders.
 *
 * @internal
 */
export const makeFastDecoders = (builders: Builders) => {
  const { Activity: newActivity, Page: newPage, Session: newSession, Utc: newUtc } = builders
  /**
   * `DateTimeUtcFromNumber` as `DateTime.unsafeMake` decodes a number, through a `Date`: the time clip (|t| at most
   * 8.64e15 ms, truncated towards zero, `-0` as `+0`); anything else is left to the schema.
   */
  const utc = (u: unknown): DateTime.Utc | undefined =>
    typeof u === "number" && Math.abs(u) <= 8.64e15 ? new newUtc(Math.trunc(u) + 0) : undefined

  const sessionActivity = (u: { readonly [key: string]: unknown }): SessionActivity | undefined => {
    const { id, is_mobile: isMobile, object } = u
    if (typeof object !== "string" || typeof id !== "string" || typeof isMobile !== "boolean") return undefined
    const deviceType = optionalString(u.device_type)
    const browserName = optionalString(u.browser_name)
    const browserVersion = optionalString(u.browser_version)
    const ipAddress = optionalString(u.ip_address)
    const city = optionalString(u.city)
    const country = optionalString(u.country)
    if (
      deviceType === undefined || browserName === undefined || browserVersion === undefined ||
      ipAddress === undefined || city === undefined || country === undefined
    ) return undefined
    return new newActivity(object, id, isMobile, deviceType, browserName, browserVersion, ipAddress, city, country)
  }

  /** A session, or `undefined` when the schema must decide. */
  const session: Fast<Session> = (u) => {
    if (!isObject(u) || u.object !== "session") return undefined
    const { client_id: clientId, id, status, user_id: userId } = u
    if (typeof id !== "string" || typeof userId !== "string" || typeof clientId !== "string") return undefined
    if (typeof status !== "string") return undefined
    const rawActor = u.actor
    const actorRecord = typeof rawActor === "object" && rawActor !== null ? record(rawActor) : undefined
    const actor = rawActor === undefined || rawActor === null
      ? Option.none()
      : actorRecord !== undefined
      ? Option.some(actorRecord)
      : undefined
    const lastActiveOrganizationId = optionalString(u.last_active_organization_id)
    const rawActivity = u.latest_activity
    const activity = rawActivity === undefined || rawActivity === null
      ? null
      : isObject(rawActivity)
      ? sessionActivity(rawActivity)
      : undefined
    const lastActiveAt = utc(u.last_active_at)
    const expireAt = utc(u.expire_at)
    const abandonAt = utc(u.abandon_at)
    const updatedAt = utc(u.updated_at)
    const createdAt = utc(u.created_at)
    if (
      actor === undefined || lastActiveOrganizationId === undefined || activity === undefined ||
      lastActiveAt === undefined || expireAt === undefined || abandonAt === undefined || updatedAt === undefined ||
      createdAt === undefined
    ) return undefined
    return new newSession(
      id,
      userId,
      clientId,
      actor,
      status as Session["status"],
      lastActiveOrganizationId,
      lastActiveAt,
      activity === null ? Option.none() : Option.some(activity),
      expireAt,
      abandonAt,
      updatedAt,
      createdAt
    )
  }

  /** A page of sessions (`{ data, total_count }`), or `undefined` when the schema must decide. */
  const sessionPage: Fast<SessionPage> = (u) => {
    if (!isObject(u)) return undefined
    const { data: rawData, total_count: totalCount } = u
    if (!Array.isArray(rawData) || typeof totalCount !== "number") return undefined
    const data: Array<Session> = []
    for (let i = 0; i < rawData.length; i++) {
      const item = session(rawData[i])
      if (item === undefined) return undefined
      data.push(item)
    }
    return new newPage(data, totalCount)
  }
  return { session, sessionPage }
}

const fast = makeFastDecoders(layoutBuilders)

/**
 * A session, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const session: Fast<Session> = fast.session

/**
 * A page of sessions (`{ data, total_count }`), or `undefined` when the schema must decide.
 *
 * @internal
 */
export const sessionPage: Fast<SessionPage> = fast.sessionPage

/** A wire session with every field set, to check the fast path against the schema. */
const probeSession = {
  object: "session",
  id: "sess_probe",
  user_id: "user_probe",
  client_id: "client_probe",
  actor: { sub: "user_actor" },
  status: "active",
  last_active_organization_id: "org_probe",
  last_active_at: 1_700_000_000_000,
  latest_activity: {
    object: "session_activity",
    id: "sess_activity_probe",
    device_type: "Macintosh",
    is_mobile: false,
    browser_name: "Firefox",
    browser_version: "130.0",
    ip_address: "203.0.113.7",
    city: "Lisbon",
    country: "PT"
  },
  expire_at: 1_700_000_600_000,
  abandon_at: 1_700_086_400_000,
  updated_at: 1_700_000_000_001,
  created_at: 1_699_999_999_999
}

/**
 * The decoders `Sessions` runs on a 2xx body: fast path first, the schema for anything else.
 *
 * @internal
 */
export const decodeSession = withFastPath(session, Schema.decodeUnknown(Session), probeSession)

/**
 * @internal
 */
export const decodeSessionPage = withFastPath(
  sessionPage,
  Schema.decodeUnknown(SessionPage),
  { data: [probeSession], total_count: 1 }
)
