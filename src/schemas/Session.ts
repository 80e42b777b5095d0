/**
 * Clerk sessions and their latest activity, decoded from the wire (snake_case, unix ms) into camelCase
 * models with `DateTime.Utc` timestamps. Unknown extra fields are ignored; unknown statuses still decode.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as OpenEnum from "./OpenEnum.js"
import { timestamp } from "./Timestamp.js"

const optionalString = <const Key extends string>(key: Key) =>
  Schema.optionalWith(Schema.String, { nullable: true, as: "Option" }).pipe(Schema.fromKey(key))

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

/**
 * The device and location a session was last active from.
 *
 * @since 0.1.0
 * @category models
 */
export class SessionActivity extends Schema.Class<SessionActivity>("effect-clerk/SessionActivity")({
  object: Schema.String,
  id: Schema.String,
  isMobile: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("is_mobile")),
  deviceType: optionalString("device_type"),
  browserName: optionalString("browser_name"),
  browserVersion: optionalString("browser_version"),
  ipAddress: optionalString("ip_address"),
  city: optionalString("city"),
  country: optionalString("country")
}) {}

/**
 * A Clerk session.
 *
 * @since 0.1.0
 * @category models
 */
export class Session extends Schema.Class<Session>("effect-clerk/Session")({
  object: Schema.Literal("session"),
  id: Schema.String,
  userId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("user_id")),
  clientId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("client_id")),
  actor: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), {
    nullable: true,
    as: "Option"
  }),
  status: SessionStatus,
  lastActiveOrganizationId: optionalString("last_active_organization_id"),
  lastActiveAt: timestamp("last_active_at"),
  latestActivity: Schema.optionalWith(SessionActivity, { nullable: true, as: "Option" }).pipe(
    Schema.fromKey("latest_activity")
  ),
  expireAt: timestamp("expire_at"),
  abandonAt: timestamp("abandon_at"),
  updatedAt: timestamp("updated_at"),
  createdAt: timestamp("created_at")
}) {}

/**
 * One page of sessions, from `GET /sessions?paginated=true` (`{ data, total_count }`).
 *
 * @since 0.1.0
 * @category models
 */
export class SessionPage extends Schema.Class<SessionPage>("effect-clerk/SessionPage")({
  data: Schema.Array(Session),
  totalCount: Schema.propertySignature(Schema.Number).pipe(Schema.fromKey("total_count"))
}) {}
