/**
 * `WebhookInvalid`: a webhook delivery that does not verify, or is not a Clerk event. One tag, with the `reason` as
 * a literal, so an endpoint can answer 400 for all of them and still log why. Neither the secret, nor a signature,
 * nor the body is kept.
 *
 * @since 0.4.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a delivery was rejected:
 * - `missing-headers`: no `svix-id`, `svix-timestamp` or `svix-signature` header;
 * - `invalid-timestamp`: `svix-timestamp` is not a whole number of seconds;
 * - `timestamp-too-old` / `timestamp-too-new`: the timestamp is further than the tolerance (5 minutes) from now,
 *   in the past or in the future: a replay, or a clock that is off;
 * - `bad-signature`: no `v1` signature in `svix-signature` signs `id.timestamp.body` with any of the secrets;
 * - `body-too-large`: the body is over the size limit (1 MiB by default), refused before it is read whole;
 * - `body-unreadable`: the connection failed while the body was being read;
 * - `body-not-json`: signed, but not JSON;
 * - `not-an-event`: signed JSON, but not a Clerk event envelope, or a known event type whose `data` does not
 *   decode.
 *
 * @since 0.4.0
 * @category models
 */
export const WebhookInvalidReason = Schema.Literal(
  "missing-headers",
  "invalid-timestamp",
  "timestamp-too-old",
  "timestamp-too-new",
  "bad-signature",
  "body-too-large",
  "body-unreadable",
  "body-not-json",
  "not-an-event"
)

/**
 * @since 0.4.0
 * @category models
 */
export type WebhookInvalidReason = typeof WebhookInvalidReason.Type

/**
 * The webhook delivery does not verify. `svixId` is the delivery's message id when it had one (not a secret: Svix
 * shows it in its dashboard), to find the delivery in logs.
 *
 * @since 0.4.0
 * @category errors
 */
export class WebhookInvalid extends Schema.TaggedError<WebhookInvalid>("effect-clerk/WebhookInvalid")(
  "WebhookInvalid",
  {
    reason: WebhookInvalidReason,
    svixId: Schema.optional(Schema.String)
  }
) {
  override get message(): string {
    return `Webhook rejected (${this.reason})${this.svixId === undefined ? "" : ` for delivery ${this.svixId}`}`
  }
}
