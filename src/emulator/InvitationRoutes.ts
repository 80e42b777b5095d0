/**
 * `/v1/invitations` routes: create (one or in bulk), list (`status`, `query`, `order_by`, `paginated`), revoke, and
 * delete (which `@clerk/backend` calls though the description does not list it). An address that a user has or a
 * pending invitation holds cannot be invited again unless `ignore_existing` is set.
 *
 * @since 0.4.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import * as Described from "./Described.js"
import * as Instance from "./Instance.js"
import * as Listing from "./Listing.js"
import * as Metadata from "./Metadata.js"
import * as Model from "./Model.js"
import * as OrganizationModel from "./OrganizationModel.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"
import * as UserModel from "./UserModel.js"
import * as WebhookPayloads from "./WebhookPayloads.js"

const DAY = 86_400_000

const find = (state: Model.State, id: string): Either.Either<Records.InvitationRecord, Problem.Problem> => {
  const invitation = state.invitations.get(id)
  return invitation === undefined
    ? Either.left(Problem.notFound(`No invitation was found with id ${id}.`))
    : Either.right(invitation)
}

const invite = (
  state: Model.State,
  body: Readonly<Record<string, unknown>>,
  now: number
): Either.Either<readonly [Records.InvitationRecord, Model.State], Problem.Problem> => {
  const email = String(body.email_address).toLowerCase()
  if (body.ignore_existing !== true) {
    if (UserModel.findIdentifier(state, "emailAddresses", email) !== undefined) {
      return Either.left(Problem.identifierExists("email_address", "That email address is taken. Please try another."))
    }
    if ([...state.invitations.values()].some((i) => i.email_address === email && i.status === "pending")) {
      return Either.left(Problem.badRequest({
        message: "duplicate invitation",
        long_message: `There is already a pending invitation for ${email}.`,
        code: "duplicate_record",
        meta: { param_name: "email_address" }
      }))
    }
  }
  const [id, next] = Model.nextId(state, "inv")
  const days = typeof body.expires_in_days === "number" ? body.expires_in_days : 30
  const redirect = typeof body.redirect_url === "string" ? `&redirect_url=${encodeURIComponent(body.redirect_url)}` : ""
  const record: Records.InvitationRecord = {
    id,
    email_address: email,
    public_metadata: Metadata.field(body, "public_metadata") ?? {},
    status: "pending",
    url: `${state.accountsUrl}/sign-up?__clerk_ticket=${id}${redirect}`,
    expires_at: now + days * DAY,
    created_at: now,
    updated_at: now
  }
  return Either.right([record, { ...next, invitations: Model.put(next.invitations, record) }])
}

/** The invitation emails Clerk sends for these invitations, sent as `email.created`. */
const notify = (
  instance: Instance.Instance,
  created: ReadonlyArray<readonly [Records.InvitationRecord, Readonly<Record<string, unknown>>]>
) =>
  Effect.flatMap(Ref.get(instance.state), (state) =>
    Instance.emitAll(
      instance,
      WebhookPayloads.invitationEmails(
        state,
        created.map(([invitation, body]) => ({
          notify: body.notify,
          slug: typeof body.template_slug === "string" ? body.template_slug : "invitation",
          to: invitation.email_address,
          url: invitation.url
        }))
      )
    ))

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateInvitation")
    const now = yield* RequestContext.now
    const invitation = yield* Instance.transact(instance, (state) => invite(state, body, now))
    yield* notify(instance, [[invitation, body]])
    return Responses.json(OrganizationModel.wireInvitation(invitation))
  })

const createBulk = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { json } = yield* Described.input("CreateBulkInvitations")
    const now = yield* RequestContext.now
    const bodies = (Array.isArray(json) ? json : []) as ReadonlyArray<Readonly<Record<string, unknown>>>
    const invitations = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        let current = state
        const created: Array<Records.InvitationRecord> = []
        for (const body of bodies) {
          const [invitation, next] = yield* invite(current, body, now)
          created.push(invitation)
          current = next
        }
        return [created, current] as const
      }))
    yield* notify(instance, invitations.map((invitation, i) => [invitation, bodies[i]!] as const))
    return Responses.json(invitations.map(OrganizationModel.wireInvitation))
  })

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("ListInvitations")
    const state = yield* Ref.get(instance.state)
    const status = Described.string(input, "status")
    const matching = [...state.invitations.values()].filter((invitation) =>
      (status === undefined || invitation.status === status) &&
      Listing.contains(Described.string(input, "query"), [invitation.email_address])
    )
    const ordered = yield* Listing.order(matching, input, {
      created_at: (i) => i.created_at,
      email_address: (i) => i.email_address,
      expires_at: (i) => i.expires_at
    })
    const { data, total_count } = Listing.page(ordered, input)
    const wire = data.map(OrganizationModel.wireInvitation)
    return Responses.json(input.query("paginated") === true ? { data: wire, total_count } : wire)
  })

const revoke = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const id = yield* param("invitation_id")
    const now = yield* RequestContext.now
    const invitation = yield* Instance.transact(instance, (state) =>
      Either.flatMap(find(state, id), (current) => {
        if (current.status !== "pending") {
          return Either.left(Problem.badRequest({
            message: "cannot revoke",
            long_message: `Invitation ${id} is ${current.status}; only pending invitations can be revoked.`,
            code: "invitation_not_pending"
          }))
        }
        const updated = { ...current, status: "revoked" as const, updated_at: now }
        return Either.right([updated, { ...state, invitations: Model.put(state.invitations, updated) }] as const)
      }))
    return Responses.json(OrganizationModel.wireInvitation(invitation))
  })

const remove = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const id = yield* param("invitation_id")
    yield* Instance.transact(instance, (state) =>
      Either.map(find(state, id), () =>
        [undefined, { ...state, invitations: Model.without(state.invitations, id) }] as const))
    return Responses.json({ object: "invitation", id, deleted: true })
  })

/**
 * The invitation routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/invitations", list(instance)),
    HttpRouter.post("/v1/invitations", create(instance)),
    HttpRouter.post("/v1/invitations/bulk", createBulk(instance)),
    HttpRouter.post("/v1/invitations/:invitation_id/revoke", revoke(instance)),
    HttpRouter.del("/v1/invitations/:invitation_id", remove(instance))
  )
