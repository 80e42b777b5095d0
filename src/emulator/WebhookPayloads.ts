/**
 * The `data` of the webhook events the emulator sends, shaped as `spec/clerk-webhooks-2025-04-15.yml` describes
 * them (snake_case, unix-ms timestamps), built from the model's records. The `user.*`, `organization.*`,
 * `organizationMembership.*` and `organizationInvitation.*` events carry the same objects the Backend API answers
 * (`UserModel`, `OrganizationModel`), which the webhooks description shapes alike.
 *
 * @since 0.4.0
 */
import * as Ids from "./Ids.js"
import type * as Model from "./Model.js"
import * as OrganizationModel from "./OrganizationModel.js"
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

/**
 * An event to send: its type and its `data`.
 *
 * @since 0.4.0
 * @category payloads
 */
export interface Emitted {
  readonly type: string
  readonly data: unknown
}

/** The session statuses Clerk sends an event for when a session comes to them. */
const sessionEvents: ReadonlySet<string> = new Set(["ended", "removed", "revoked"])

/**
 * The events a change of the model implies for what depended on a user (its deletion, its ban): `session.ended`,
 * `session.removed` or `session.revoked` for each session that came to that status, `organizationMembership.deleted`
 * for each membership that is gone. Each payload is read from the state where its object (and the session's user)
 * still exists.
 *
 * @since 0.4.0
 * @category payloads
 */
export const implied = (before: Model.State, after: Model.State): ReadonlyArray<Emitted> => {
  const events: Array<Emitted> = []
  for (const [id, membership] of before.memberships) {
    if (!after.memberships.has(id)) {
      events.push({
        type: "organizationMembership.deleted",
        data: OrganizationModel.wireMembership(before, membership)
      })
    }
  }
  for (const [id, record] of after.sessions) {
    if (record.status === before.sessions.get(id)?.status || !sessionEvents.has(record.status)) continue
    const data = session(after.users.has(record.user_id) ? after : before, record)
    if (data !== undefined) events.push({ type: `session.${record.status}`, data })
  }
  return events
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

/**
 * The `email.created` events (`EmailEventPayload`) of the invitation emails Clerk sends when invitations are created
 * with `notify` (the default): slug `invitation` (or the request's `template_slug`) for an instance invitation,
 * `organization_invitation` for an organization's, to the invited address, with the invitation's link.
 *
 * @since 0.4.0
 * @category payloads
 */
export const invitationEmails = (
  state: Model.State,
  invitations: ReadonlyArray<{
    /** The request's `notify`: only `false` sends no email. */
    readonly notify: unknown
    readonly slug: string
    readonly to: string
    /** The link to accept it (`null`: none, the email says to sign in). */
    readonly url: string | null
    readonly organizationName?: string | undefined
  }>
): ReadonlyArray<Emitted> =>
  invitations.filter((invitation) => invitation.notify !== false).map((invitation) => {
    const app = { name: "Clerk emulator", url: state.accountsUrl, domain_name: new URL(state.accountsUrl).host }
    const invitedTo = invitation.organizationName ?? app.name
    const subject = `You're invited to join ${invitedTo}`
    return {
      type: "email.created",
      data: {
        object: "email",
        id: `ema_${Ids.random(27)}`,
        slug: invitation.slug,
        from_email_name: "invitations",
        reply_to_email_name: null,
        to_email_address: invitation.to,
        email_address_id: null,
        user_id: null,
        subject,
        body: `<p>${escapeHtml(subject)}: <a href="${
          escapeHtml(invitation.url ?? app.url)
        }">accept the invitation</a></p>`,
        body_plain: `${subject}: ${invitation.url ?? app.url}\n`,
        status: "queued",
        data: {
          app,
          action_url: invitation.url,
          ...(invitation.organizationName === undefined ? {} : { org: { name: invitation.organizationName } })
        },
        delivered_by_clerk: true
      }
    }
  })
