/**
 * Organization membership routes: create, list (per organization, per user and for the instance), update the
 * role, metadata, delete. A user is a member once (`already_a_member_in_organization`), the role must exist, and an
 * organization with `max_allowed_memberships` takes no more members than that.
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
import * as OrganizationRoutes from "./OrganizationRoutes.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"
import * as UserModel from "./UserModel.js"
import * as UserRoutes from "./UserRoutes.js"

/**
 * A 422 for a role the instance does not have.
 *
 * @since 0.4.0
 * @category validation
 */
export const checkRole = (state: Model.State, role: string): Either.Either<void, Problem.Problem> =>
  state.roles.has(role)
    ? Either.void
    : Either.left(Problem.formErrors([{
      param: "role",
      kind: "value",
      message: `${role} is not a role of this instance (${[...state.roles.keys()].join(", ")}).`
    }]))

/**
 * 400 `already_a_member_in_organization`.
 *
 * @since 0.4.0
 * @category problems
 */
export const alreadyMember = (): Problem.Problem =>
  Problem.badRequest({
    message: "already a member",
    long_message: "This user is already a member of the organization.",
    code: "already_a_member_in_organization"
  })

const findMembership = (state: Model.State, organizationId: string, userId: string) =>
  Either.gen(function*() {
    const organization = yield* OrganizationRoutes.findOrganization(state, organizationId)
    const membership = Model.findMembership(state, organization.id, userId)
    return membership === undefined
      ? yield* Either.left(Problem.notFound(`User ${userId} is not a member of organization ${organizationId}.`))
      : membership
  })

const orderings = (state: Model.State): Listing.Orderings<Records.MembershipRecord> => {
  const user = (m: Records.MembershipRecord) => state.users.get(m.user_id)
  return {
    created_at: (m) => m.created_at,
    first_name: (m) => user(m)?.first_name ?? null,
    last_name: (m) => user(m)?.last_name ?? null,
    username: (m) => user(m)?.username ?? null,
    email_address: (m) => UserModel.identifiersOf(state, "emailAddresses", m.user_id)[0]?.value ?? null,
    phone_number: (m) => UserModel.identifiersOf(state, "phoneNumbers", m.user_id)[0]?.value ?? null
  }
}

const answerPage = (
  state: Model.State,
  memberships: ReadonlyArray<Records.MembershipRecord>,
  input: Described.Input
) =>
  Effect.map(Listing.order(memberships, input, orderings(state)), (ordered) => {
    const { data, total_count } = Listing.page(ordered, input)
    return Responses.json({ data: data.map((m) => OrganizationModel.wireMembership(state, m)), total_count })
  })

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("ListOrganizationMemberships")
    const state = yield* Ref.get(instance.state)
    const organization = yield* OrganizationRoutes.findOrganization(state, yield* param("organization_id"))
    const emails = Described.strings(input, "email_address").map((value) => value.toLowerCase())
    const members = OrganizationModel.membersOf(state, organization.id).filter((m) => {
      const user = state.users.get(m.user_id)
      const userEmails = UserModel.identifiersOf(state, "emailAddresses", m.user_id).map((r) => r.value)
      return Listing.anyOf(Described.strings(input, "user_id"), [m.user_id]) &&
        Listing.anyOf(Described.strings(input, "role"), [m.role]) &&
        Listing.anyOf(emails, userEmails) &&
        Listing.anyOf(Described.strings(input, "username"), [user?.username ?? null]) &&
        Listing.contains(Described.string(input, "query"), [
          ...userEmails,
          user?.username ?? null,
          user?.first_name ?? null,
          user?.last_name ?? null,
          m.user_id
        ]) &&
        Listing.within(input, "created_at", m.created_at)
    })
    return yield* answerPage(state, members, input)
  })

const listOfInstance = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("InstanceGetOrganizationMemberships")
    const state = yield* Ref.get(instance.state)
    return yield* answerPage(state, [...state.memberships.values()], input)
  })

const listOfUser = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("UsersGetOrganizationMemberships")
    const state = yield* Ref.get(instance.state)
    const user = yield* UserRoutes.findUser(state, yield* param("user_id"))
    return yield* answerPage(state, [...state.memberships.values()].filter((m) => m.user_id === user.id), input)
  })

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateOrganizationMembership")
    const now = yield* RequestContext.now
    const organizationId = yield* param("organization_id")
    const userId = String(body.user_id)
    const role = String(body.role)
    const membership = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        const organization = yield* OrganizationRoutes.findOrganization(state, organizationId)
        yield* UserRoutes.findUser(state, userId)
        yield* checkRole(state, role)
        if (Model.findMembership(state, organization.id, userId) !== undefined) {
          return yield* Either.left(alreadyMember())
        }
        const members = OrganizationModel.membersOf(state, organization.id).length
        if (organization.maxAllowedMemberships > 0 && members >= organization.maxAllowedMemberships) {
          return yield* Either.left(
            new Problem.Problem({
              status: 403,
              errors: [{
                message: "membership quota exceeded",
                long_message: `Organization ${organization.id} allows ${organization.maxAllowedMemberships} members.`,
                code: "organization_membership_quota_exceeded"
              }]
            })
          )
        }
        const [id, next] = Model.nextId(state, "orgmem")
        const record: Records.MembershipRecord = {
          id,
          organization_id: organization.id,
          user_id: userId,
          role,
          public_metadata: Metadata.field(body, "public_metadata") ?? {},
          private_metadata: Metadata.field(body, "private_metadata") ?? {},
          created_at: now,
          updated_at: now
        }
        const after = { ...next, memberships: Model.put(next.memberships, record) }
        return [OrganizationModel.wireMembership(after, record), after] as const
      }))
    yield* instance.emit("organizationMembership.created", membership)
    return Responses.json(membership)
  })

const change = (
  instance: Instance.Instance,
  operationId: string,
  update: (
    membership: Records.MembershipRecord,
    body: Readonly<Record<string, unknown>>,
    state: Model.State
  ) => Either.Either<Partial<Records.MembershipRecord>, Problem.Problem>
): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(operationId)
    const now = yield* RequestContext.now
    const organizationId = yield* param("organization_id")
    const userId = yield* param("user_id")
    const membership = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        const current = yield* findMembership(state, organizationId, userId)
        const updated = { ...current, ...(yield* update(current, body, state)), updated_at: now }
        const next = { ...state, memberships: Model.put(state.memberships, updated) }
        return [OrganizationModel.wireMembership(next, updated), next] as const
      }))
    yield* instance.emit("organizationMembership.updated", membership)
    return Responses.json(membership)
  })

const remove = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    yield* Described.input("DeleteOrganizationMembership")
    const organizationId = yield* param("organization_id")
    const userId = yield* param("user_id")
    const membership = yield* Instance.transact(instance, (state) =>
      Either.map(findMembership(state, organizationId, userId), (current) =>
        [
          OrganizationModel.wireMembership(state, current),
          { ...state, memberships: Model.without(state.memberships, current.id) }
        ] as const))
    yield* instance.emit("organizationMembership.deleted", membership)
    return Responses.json(membership)
  })

/**
 * The membership routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/organization_memberships", listOfInstance(instance)),
    HttpRouter.get("/v1/users/:user_id/organization_memberships", listOfUser(instance)),
    HttpRouter.get("/v1/organizations/:organization_id/memberships", list(instance)),
    HttpRouter.post("/v1/organizations/:organization_id/memberships", create(instance)),
    HttpRouter.patch(
      "/v1/organizations/:organization_id/memberships/:user_id",
      change(instance, "UpdateOrganizationMembership", (_, body, state) =>
        Either.map(checkRole(state, String(body.role)), () => ({ role: String(body.role) })))
    ),
    HttpRouter.patch(
      "/v1/organizations/:organization_id/memberships/:user_id/metadata",
      change(instance, "UpdateOrganizationMembershipMetadata", (current, body) =>
        Either.right({
          public_metadata: Metadata.merge(current.public_metadata, Metadata.field(body, "public_metadata") ?? {}),
          private_metadata: Metadata.merge(current.private_metadata, Metadata.field(body, "private_metadata") ?? {})
        }))
    ),
    HttpRouter.del("/v1/organizations/:organization_id/memberships/:user_id", remove(instance))
  )
