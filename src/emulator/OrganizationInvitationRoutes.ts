/**
 * Organization invitation routes: create (one or in bulk), list (per organization, pending, per user, for the
 * instance), get and revoke. The role must exist, the inviter must be a user, and a member cannot be invited.
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
import * as MembershipRoutes from "./MembershipRoutes.js"
import * as Metadata from "./Metadata.js"
import * as Model from "./Model.js"
import * as OrganizationModel from "./OrganizationModel.js"
import * as OrganizationRoutes from "./OrganizationRoutes.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"
import * as UserModel from "./UserModel.js"
import * as UserRoutes from "./UserRoutes.js"
import * as WebhookPayloads from "./WebhookPayloads.js"

const DAY = 86_400_000

const invite = (
  state: Model.State,
  organizationIdOrSlug: string,
  body: Readonly<Record<string, unknown>>,
  now: number
): Either.Either<readonly [Records.OrganizationInvitationRecord, Model.State], Problem.Problem> =>
  Either.gen(function*() {
    const organization = yield* OrganizationRoutes.findOrganization(state, organizationIdOrSlug)
    const email = String(body.email_address).toLowerCase()
    const role = String(body.role)
    yield* MembershipRoutes.checkRole(state, role)
    const inviter = typeof body.inviter_user_id === "string" ? body.inviter_user_id : null
    if (inviter !== null) yield* UserRoutes.findUser(state, inviter)
    const invitee = UserModel.findIdentifier(state, "emailAddresses", email)
    if (invitee !== undefined && Model.findMembership(state, organization.id, invitee.user_id) !== undefined) {
      return yield* Either.left(MembershipRoutes.alreadyMember())
    }
    const [id, next] = Model.nextId(state, "orginv")
    const days = typeof body.expires_in_days === "number" ? body.expires_in_days : 30
    const record: Records.OrganizationInvitationRecord = {
      id,
      organization_id: organization.id,
      email_address: email,
      role,
      inviter_id: inviter,
      status: "pending",
      public_metadata: Metadata.field(body, "public_metadata") ?? {},
      private_metadata: Metadata.field(body, "private_metadata") ?? {},
      url: typeof body.redirect_url === "string" ? body.redirect_url : null,
      expires_at: now + days * DAY,
      created_at: now,
      updated_at: now
    }
    return [record, { ...next, organizationInvitations: Model.put(next.organizationInvitations, record) }] as const
  })

const withOrganization = (state: Model.State, invitation: Records.OrganizationInvitationRecord) => {
  const organization = state.organizations.get(invitation.organization_id)
  return {
    ...OrganizationModel.wireOrganizationInvitation(state, invitation),
    public_organization_data: {
      id: invitation.organization_id,
      name: organization?.name ?? "",
      slug: organization?.slug ?? "",
      image_url: `https://img.clerk.com/${invitation.organization_id}`,
      has_image: false
    }
  }
}

const answerPage = (
  state: Model.State,
  invitations: ReadonlyArray<Records.OrganizationInvitationRecord>,
  input: Described.Input,
  wire: (state: Model.State, invitation: Records.OrganizationInvitationRecord) => unknown
) =>
  Effect.map(
    Listing.order(
      invitations.filter((i) => Listing.anyOf(Described.strings(input, "status"), [i.status])),
      input,
      { created_at: (i) => i.created_at, email_address: (i) => i.email_address }
    ),
    (ordered) => {
      const { data, total_count } = Listing.page(ordered, input)
      return Responses.json({ data: data.map((i) => wire(state, i)), total_count })
    }
  )

const ofOrganization = (state: Model.State, organizationId: string) =>
  [...state.organizationInvitations.values()].filter((i) => i.organization_id === organizationId)

const list = (instance: Instance.Instance, operationId: string, pendingOnly: boolean): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input(operationId)
    const state = yield* Ref.get(instance.state)
    const organization = yield* OrganizationRoutes.findOrganization(state, yield* param("organization_id"))
    const emails = Described.strings(input, "email_address").map((value) => value.toLowerCase())
    const invitations = ofOrganization(state, organization.id).filter((i) =>
      (!pendingOnly || i.status === "pending") && Listing.anyOf(emails, [i.email_address])
    )
    return yield* answerPage(state, invitations, input, OrganizationModel.wireOrganizationInvitation)
  })

const listOfInstance = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("ListInstanceOrganizationInvitations")
    const state = yield* Ref.get(instance.state)
    const invitations = [...state.organizationInvitations.values()].filter((i) =>
      Listing.contains(Described.string(input, "query"), [i.email_address])
    )
    return yield* answerPage(state, invitations, input, withOrganization)
  })

const listOfUser = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("UsersGetOrganizationInvitations")
    const state = yield* Ref.get(instance.state)
    const user = yield* UserRoutes.findUser(state, yield* param("user_id"))
    const emails = UserModel.identifiersOf(state, "emailAddresses", user.id).map((r) => r.value)
    const invitations = [...state.organizationInvitations.values()].filter((i) => emails.includes(i.email_address))
    return yield* answerPage(state, invitations, input, withOrganization)
  })

/** The invitation emails Clerk sends for these invitations, sent as `email.created`. */
const notify = (
  instance: Instance.Instance,
  created: ReadonlyArray<
    readonly [ReturnType<typeof OrganizationModel.wireOrganizationInvitation>, Readonly<Record<string, unknown>>]
  >
) =>
  Effect.flatMap(Ref.get(instance.state), (state) =>
    Instance.emitAll(
      instance,
      WebhookPayloads.invitationEmails(
        state,
        created.map(([invitation, body]) => ({
          notify: body.notify,
          slug: "organization_invitation",
          to: invitation.email_address,
          url: invitation.url,
          organizationName: state.organizations.get(invitation.organization_id)?.name
        }))
      )
    ))

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateOrganizationInvitation")
    const now = yield* RequestContext.now
    const organizationId = yield* param("organization_id")
    const invitation = yield* Instance.transact(instance, (state) =>
      Either.map(invite(state, organizationId, body, now), ([record, next]) =>
        [OrganizationModel.wireOrganizationInvitation(next, record), next] as const))
    yield* instance.emit("organizationInvitation.created", invitation)
    yield* notify(instance, [[invitation, body]])
    return Responses.json(invitation)
  })

const createBulk = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { json } = yield* Described.input("CreateOrganizationInvitationBulk")
    const now = yield* RequestContext.now
    const organizationId = yield* param("organization_id")
    const bodies = (Array.isArray(json) ? json : []) as ReadonlyArray<Readonly<Record<string, unknown>>>
    const page = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        let current = state
        const created: Array<Records.OrganizationInvitationRecord> = []
        for (const body of bodies) {
          const [invitation, next] = yield* invite(current, organizationId, body, now)
          created.push(invitation)
          current = next
        }
        const data = created.map((i) => OrganizationModel.wireOrganizationInvitation(current, i))
        return [{ data, total_count: data.length }, current] as const
      }))
    yield* Effect.forEach(page.data, (invitation) => instance.emit("organizationInvitation.created", invitation))
    yield* notify(instance, page.data.map((invitation, i) => [invitation, bodies[i]!] as const))
    return Responses.json(page)
  })

const find = (state: Model.State, organizationId: string, invitationId: string) =>
  Either.gen(function*() {
    const organization = yield* OrganizationRoutes.findOrganization(state, organizationId)
    const invitation = state.organizationInvitations.get(invitationId)
    return invitation === undefined || invitation.organization_id !== organization.id
      ? yield* Either.left(Problem.notFound(`No organization invitation was found with id ${invitationId}.`))
      : invitation
  })

const get = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const state = yield* Ref.get(instance.state)
    const invitation = yield* find(state, yield* param("organization_id"), yield* param("invitation_id"))
    return Responses.json(OrganizationModel.wireOrganizationInvitation(state, invitation))
  })

const revoke = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    yield* Described.input("RevokeOrganizationInvitation")
    const now = yield* RequestContext.now
    const organizationId = yield* param("organization_id")
    const invitationId = yield* param("invitation_id")
    const invitation = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        const current = yield* find(state, organizationId, invitationId)
        if (current.status !== "pending") {
          return yield* Either.left(Problem.badRequest({
            message: "cannot revoke",
            long_message: `Invitation ${invitationId} is ${current.status}; only pending invitations can be revoked.`,
            code: "organization_invitation_not_pending"
          }))
        }
        const updated = { ...current, status: "revoked" as const, updated_at: now }
        const next = { ...state, organizationInvitations: Model.put(state.organizationInvitations, updated) }
        return [OrganizationModel.wireOrganizationInvitation(next, updated), next] as const
      }))
    yield* instance.emit("organizationInvitation.revoked", invitation)
    return Responses.json(invitation)
  })

/**
 * The organization invitation routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/organization_invitations", listOfInstance(instance)),
    HttpRouter.get("/v1/users/:user_id/organization_invitations", listOfUser(instance)),
    HttpRouter.get(
      "/v1/organizations/:organization_id/invitations",
      list(instance, "ListOrganizationInvitations", false)
    ),
    HttpRouter.get(
      "/v1/organizations/:organization_id/invitations/pending",
      list(instance, "ListPendingOrganizationInvitations", true)
    ),
    HttpRouter.post("/v1/organizations/:organization_id/invitations", create(instance)),
    HttpRouter.post("/v1/organizations/:organization_id/invitations/bulk", createBulk(instance)),
    HttpRouter.get("/v1/organizations/:organization_id/invitations/:invitation_id", get(instance)),
    HttpRouter.post("/v1/organizations/:organization_id/invitations/:invitation_id/revoke", revoke(instance))
  )
