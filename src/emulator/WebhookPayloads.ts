/**
 * The `data` of the webhook events the emulator sends, shaped as `spec/clerk-webhooks-2025-04-15.yml` describes
 * them (snake_case, unix-ms timestamps), built from the model's records. The `user.*`, `organization.*`,
 * `organizationMembership.*` and `organizationInvitation.*` events carry the same objects the Backend API answers
 * (`UserModel`, `OrganizationModel`), which the webhooks description shapes alike.
 *
 * @since 0.4.0
 */
import type * as Model from "./Model.js"
import * as UserModel from "./UserModel.js"
import type { WireSession } from "./Wire.js"

/**
 * The `SessionEventPayload` (`session.*` events): the session with its user. `undefined` when the user is gone.
 *
 * @since 0.4.0
 * @category payloads
 */
export const session = (state: Model.State, record: WireSession): Record<string, unknown> | undefined => {
  const owner = state.users.get(record.user_id)
  return owner === undefined ? undefined : { ...record, user: UserModel.wireUser(state, owner) }
}
