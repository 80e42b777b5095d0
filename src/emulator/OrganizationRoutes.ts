/**
 * `/v1/organizations` routes: list (filters, `order_by`, `{ data, total_count }`), create (its creator becomes an
 * admin), get by id or slug, update, delete (with its memberships and invitations) and metadata. Slugs are unique
 * (`form_identifier_exists`).
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
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"

/**
 * The organization with this id or slug, or a 404 `resource_not_found`.
 *
 * @since 0.4.0
 * @category accessors
 */
export const findOrganization = (
  state: Model.State,
  idOrSlug: string
): Either.Either<Model.OrganizationRecord, Problem.Problem> => {
  const organization = OrganizationModel.findOrganization(state, idOrSlug)
  return organization === undefined
    ? Either.left(Problem.notFound(`No organization was found with id or slug ${idOrSlug}.`))
    : Either.right(organization)
}

/**
 * The role every organization's creator gets.
 *
 * @since 0.4.0
 * @category constants
 */
export const creatorRole = "org:admin"

const checkSlug = (state: Model.State, slug: string, except?: string): Either.Either<void, Problem.Problem> =>
  [...state.organizations.values()].some((o) => o.slug === slug && o.id !== except)
    ? Either.left(Problem.identifierExists("slug", "That slug is taken. Please try another."))
    : Either.void

const wantsCounts = (input: Described.Input) => input.query("include_members_count") === true

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("ListOrganizations")
    const state = yield* Ref.get(instance.state)
    const userIds = Described.strings(input, "user_id")
    const matching = [...state.organizations.values()].filter((organization) =>
      Listing.anyOf(Described.strings(input, "organization_id"), [organization.id]) &&
      (userIds.length === 0 ||
        OrganizationModel.membersOf(state, organization.id).some((m) => userIds.includes(m.user_id))) &&
      Listing.contains(Described.string(input, "query"), [organization.name, organization.slug, organization.id])
    )
    const ordered = yield* Listing.order(matching, input, {
      created_at: (o) => o.createdAt,
      name: (o) => o.name,
      members_count: (o) => OrganizationModel.membersOf(state, o.id).length
    })
    const { data, total_count } = Listing.page(ordered, input)
    return Responses.json({
      data: data.map((o) => OrganizationModel.wireOrganization(state, o, wantsCounts(input))),
      total_count
    })
  })

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateOrganization")
    const now = yield* RequestContext.now
    const name = String(body.name)
    const createdBy = typeof body.created_by === "string" ? body.created_by : null
    const created = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        const slug = typeof body.slug === "string" ? body.slug : OrganizationModel.slugify(name)
        yield* checkSlug(state, slug)
        if (createdBy !== null && !state.users.has(createdBy)) {
          return yield* Either.left(
            Problem.formErrors([{
              param: "created_by",
              kind: "value",
              message: `No user was found with id ${createdBy}.`
            }])
          )
        }
        const [id, s1] = Model.nextId(state, "org")
        const record: Model.OrganizationRecord = {
          ...OrganizationModel.newOrganization(id, now),
          name,
          slug,
          maxAllowedMemberships: typeof body.max_allowed_memberships === "number" ? body.max_allowed_memberships : 0,
          publicMetadata: Metadata.field(body, "public_metadata") ?? {},
          privateMetadata: Metadata.field(body, "private_metadata") ?? {},
          createdBy
        }
        let next: Model.State = { ...s1, organizations: Model.put(s1.organizations, record) }
        if (createdBy !== null) {
          const [membershipId, s2] = Model.nextId(next, "orgmem")
          next = {
            ...s2,
            memberships: Model.put(s2.memberships, {
              id: membershipId,
              organization_id: id,
              user_id: createdBy,
              role: creatorRole,
              public_metadata: {},
              private_metadata: {},
              created_at: now,
              updated_at: now
            })
          }
        }
        const creator = createdBy === null ? undefined : Model.findMembership(next, id, createdBy)
        return [{
          organization: OrganizationModel.wireOrganization(next, record),
          membership: creator === undefined ? undefined : OrganizationModel.wireMembership(next, creator)
        }, next] as const
      }))
    yield* instance.emit("organization.created", created.organization)
    if (created.membership !== undefined) yield* instance.emit("organizationMembership.created", created.membership)
    return Responses.json(created.organization)
  })

const get = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("GetOrganization")
    const state = yield* Ref.get(instance.state)
    const organization = yield* findOrganization(state, yield* param("organization_id"))
    return Responses.json(OrganizationModel.wireOrganization(state, organization, wantsCounts(input)))
  })

/** Applies a change to an existing organization and answers the updated `Organization`. */
const change = (
  instance: Instance.Instance,
  idOrSlug: string,
  now: number,
  update: (
    organization: Model.OrganizationRecord,
    state: Model.State
  ) => Either.Either<Partial<Model.OrganizationRecord>, Problem.Problem>
) =>
  Instance.transact(instance, (state) =>
    Either.gen(function*() {
      const organization = yield* findOrganization(state, idOrSlug)
      const updated = { ...organization, ...(yield* update(organization, state)), updatedAt: now }
      const next = { ...state, organizations: Model.put(state.organizations, updated) }
      return [OrganizationModel.wireOrganization(next, updated), next] as const
    })).pipe(Effect.tap((organization) => instance.emit("organization.updated", organization)))

const update = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("UpdateOrganization")
    const now = yield* RequestContext.now
    const organization = yield* change(instance, yield* param("organization_id"), now, (current, state) =>
      Either.gen(function*() {
        if (typeof body.slug === "string") {
          yield* checkSlug(state, body.slug, current.id)
        }
        return {
          ...(typeof body.name === "string" ? { name: body.name } : {}),
          ...(typeof body.slug === "string" ? { slug: body.slug } : {}),
          ...(typeof body.max_allowed_memberships === "number"
            ? { maxAllowedMemberships: body.max_allowed_memberships }
            : {}),
          ...(typeof body.admin_delete_enabled === "boolean" ? { adminDeleteEnabled: body.admin_delete_enabled } : {})
        }
      }))
    return Responses.json(organization)
  })

const metadata = (instance: Instance.Instance, operationId: string, replace: boolean): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(operationId)
    const now = yield* RequestContext.now
    const write = (current: Readonly<Record<string, unknown>>, name: string) => {
      const given = Metadata.field(body, name)
      return given === undefined ? current : replace ? given : Metadata.merge(current, given)
    }
    const organization = yield* change(instance, yield* param("organization_id"), now, (current) =>
      Either.right({
        publicMetadata: write(current.publicMetadata, "public_metadata"),
        privateMetadata: write(current.privateMetadata, "private_metadata")
      }))
    return Responses.json(organization)
  })

const remove = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const idOrSlug = yield* param("organization_id")
    const id = yield* Instance.transact(instance, (state) =>
      Either.map(
        findOrganization(state, idOrSlug),
        (organization) => [organization.id, OrganizationModel.deleteOrganization(state, organization.id)] as const
      ))
    const deleted = { object: "organization", id, deleted: true }
    yield* instance.emit("organization.deleted", deleted)
    return Responses.json(deleted)
  })

/**
 * The organization routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/organizations", list(instance)),
    HttpRouter.post("/v1/organizations", create(instance)),
    HttpRouter.get("/v1/organizations/:organization_id", get(instance)),
    HttpRouter.patch("/v1/organizations/:organization_id", update(instance)),
    HttpRouter.del("/v1/organizations/:organization_id", remove(instance)),
    HttpRouter.patch(
      "/v1/organizations/:organization_id/metadata",
      metadata(instance, "MergeOrganizationMetadata", false)
    ),
    HttpRouter.put(
      "/v1/organizations/:organization_id/metadata",
      metadata(instance, "ReplaceOrganizationMetadata", true)
    )
  )
