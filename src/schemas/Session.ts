/**
 * Clerk sessions and their latest activity, decoded from the wire (snake_case, unix ms) into camelCase
 * models with `DateTime.Utc` timestamps. Unknown extra fields are ignored; unknown statuses still decode.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as OpenEnum from "./OpenEnum.js"
import * as Wire from "./Wire.js"

/**
 * A session status. Known values are literals; a status Clerk adds later decodes as an `UnknownSessionStatus`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionStatus = OpenEnum.make(
  "effect-clerk/UnknownSessionStatus",
  "active",
  "revoked",
  "ended",
  "expired",
  "removed",
  "abandoned",
  "replaced",
  "pending"
)

/**
 * @since 0.1.0
 * @category models
 */
export type SessionStatus = typeof SessionStatus.Type

const activityFields = {
  object: Wire.required(Schema.String),
  id: Wire.required(Schema.String),
  isMobile: Wire.required(Schema.Boolean, "is_mobile"),
  deviceType: Wire.optionOf(Schema.String, "device_type"),
  browserName: Wire.optionOf(Schema.String, "browser_name"),
  browserVersion: Wire.optionOf(Schema.String, "browser_version"),
  ipAddress: Wire.optionOf(Schema.String, "ip_address"),
  city: Wire.optionOf(Schema.String),
  country: Wire.optionOf(Schema.String)
}

/**
 * The device and location a session was last active from.
 *
 * @since 0.1.0
 * @category models
 */
export class SessionActivity
  extends Schema.Class<SessionActivity>("effect-clerk/SessionActivity")(Wire.typeFields(activityFields))
{}

/**
 * `SessionActivity` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const SessionActivityFromWire = Wire.fromWire(SessionActivity, activityFields)

const sessionFields = {
  object: Wire.required(Schema.Literal("session")),
  id: Wire.required(Schema.String),
  userId: Wire.required(Schema.String, "user_id"),
  clientId: Wire.required(Schema.String, "client_id"),
  actor: Wire.optionOf(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  status: Wire.required(SessionStatus),
  lastActiveOrganizationId: Wire.optionOf(Schema.String, "last_active_organization_id"),
  lastActiveAt: Wire.timestamp("last_active_at"),
  latestActivity: Wire.optionOf(SessionActivityFromWire, "latest_activity"),
  expireAt: Wire.timestamp("expire_at"),
  abandonAt: Wire.timestamp("abandon_at"),
  updatedAt: Wire.timestamp("updated_at"),
  createdAt: Wire.timestamp("created_at")
}

/**
 * A Clerk session.
 *
 * @since 0.1.0
 * @category models
 */
export class Session extends Schema.Class<Session>("effect-clerk/Session")(Wire.typeFields(sessionFields)) {}

/**
 * `Session` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const SessionFromWire = Wire.fromWire(Session, sessionFields)

const pageFields = {
  data: Wire.required(Schema.Array(SessionFromWire)),
  totalCount: Wire.required(Schema.Number, "total_count")
}

/**
 * One page of sessions, from `GET /sessions?paginated=true` (`{ data, total_count }`).
 *
 * @since 0.1.0
 * @category models
 */
export class SessionPage extends Schema.Class<SessionPage>("effect-clerk/SessionPage")(Wire.typeFields(pageFields)) {}

/**
 * `SessionPage` decoded from the wire.
 *
 * @since 0.4.0
 * @category schemas
 */
export const SessionPageFromWire = Wire.fromWire(SessionPage, pageFields)
