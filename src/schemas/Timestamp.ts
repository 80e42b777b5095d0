/**
 * Clerk timestamps: unix milliseconds on the wire, `DateTime.Utc` in the domain.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A required timestamp field read from the snake_case wire key `key`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const timestamp = <const Key extends string>(key: Key) =>
  Schema.propertySignature(Schema.DateTimeUtcFromNumber).pipe(Schema.fromKey(key))
