/**
 * The body Clerk sends with every error response: `{ errors: [...], clerk_trace_id }`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * One entry of a Clerk error body's `errors` array. Decodes from the wire (`long_message`); `long_message` and
 * `meta` may be absent or `null`.
 *
 * @since 0.1.0
 * @category models
 */
export class ClerkErrorDetail extends Schema.Class<ClerkErrorDetail>("effect-clerk/ClerkErrorDetail")({
  code: Schema.String,
  message: Schema.String,
  longMessage: Schema.optionalWith(Schema.String, { nullable: true }).pipe(Schema.fromKey("long_message")),
  meta: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { nullable: true })
}) {}

/**
 * A Clerk error body, decoded from the wire.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClerkErrorBody = Schema.Struct({
  errors: Schema.Array(ClerkErrorDetail),
  clerkTraceId: Schema.optionalWith(Schema.String, { nullable: true }).pipe(Schema.fromKey("clerk_trace_id"))
})

/**
 * The decoded type of {@link ClerkErrorBody}.
 *
 * @since 0.1.0
 * @category models
 */
export type ClerkErrorBody = typeof ClerkErrorBody.Type
