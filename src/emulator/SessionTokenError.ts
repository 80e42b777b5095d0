/**
 * Why `emulator.sessionToken` minted nothing: the session is unknown, or it is not active.
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"

/**
 * The emulator cannot mint a session token for this session: `not-found` (no session with this id)
 * or `not-active` (its `status`, e.g. `revoked`, is not `active`). It holds no token and no key.
 *
 * @since 0.3.0
 * @category errors
 */
export class SessionTokenError extends Schema.TaggedError<SessionTokenError>(
  "effect-clerk/ClerkEmulator/SessionTokenError"
)("SessionTokenError", {
  reason: Schema.Literal("not-found", "not-active"),
  sessionId: Schema.String,
  status: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return this.reason === "not-found"
      ? `No session was found with id ${this.sessionId}.`
      : `Session ${this.sessionId} is ${this.status ?? "not active"}: only an active session gets a session token.`
  }
}
