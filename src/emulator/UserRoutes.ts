/**
 * `/v1/users` routes: list (with Clerk's filters and `order_by`), count, create, get, update, delete, ban, lock
 * and metadata. Email addresses, phone numbers and usernames belong to one user (`form_identifier_exists`).
 *
 * @since 0.4.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import * as Described from "./Described.js"
import * as Instance from "./Instance.js"
import * as ListIdentifierRoutes from "./ListIdentifierRoutes.js"
import * as Listing from "./Listing.js"
import * as Metadata from "./Metadata.js"
import * as Model from "./Model.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"
import * as UserModel from "./UserModel.js"
import * as WebhookPayloads from "./WebhookPayloads.js"

/**
 * The user with this id, or a 404 `resource_not_found`.
 *
 * @since 0.4.0
 * @category accessors
 */
export const findUser = (state: Model.State, userId: string): Either.Either<Records.UserRecord, Problem.Problem> => {
  const user = state.users.get(userId)
  return user === undefined
    ? Either.left(Problem.notFound(`No user was found with id ${userId}.`, { param_name: "user_id" }))
    : Either.right(user)
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/**
 * Checks that identifiers are well formed and free (not held by another user, not given twice).
 *
 * @since 0.4.0
 * @category validation
 */
export const checkIdentifiers = (
  state: Model.State,
  kind: UserModel.Kind,
  values: ReadonlyArray<string>
): Either.Either<void, Problem.Problem> => {
  const param = kind === "emailAddresses" ? "email_address" : "phone_number"
  const seen = new Set<string>()
  for (const value of values) {
    const normalized = UserModel.normalize(kind, value)
    const wellFormed = kind === "emailAddresses" ? emailPattern.test(value) : /^\+?[0-9 ()-]{6,}$/.test(value)
    if (!wellFormed) {
      return Either.left(Problem.formErrors([{ param, kind: "format", message: `${value} is not a valid ${param}.` }]))
    }
    if (seen.has(normalized) || UserModel.findIdentifier(state, kind, value) !== undefined) {
      return Either.left(
        Problem.identifierExists(param, `That ${param.replace("_", " ")} is taken. Please try another.`)
      )
    }
    seen.add(normalized)
  }
  return Either.void
}

const checkUsername = (state: Model.State, username: unknown, except?: string): Either.Either<void, Problem.Problem> =>
  typeof username === "string" &&
    [...state.users.values()].some((user) => user.id !== except && user.username === username.toLowerCase())
    ? Either.left(Problem.identifierExists("username", "That username is taken. Please try another."))
    : Either.void

const checkPassword = (password: unknown): Either.Either<void, Problem.Problem> =>
  typeof password === "string" && password.length < 8
    ? Either.left(
      new Problem.Problem({
        status: 422,
        errors: [{
          message: "Passwords must be 8 characters or more.",
          long_message: "Passwords must be 8 characters or more.",
          code: "form_password_length_too_short",
          meta: { param_name: "password" }
        }]
      })
    )
    : Either.void

const timestamp = (value: unknown): number | undefined => {
  if (typeof value !== "string") return undefined
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? undefined : millis
}

const strings = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []

/** The fields of a create or update body that map one to one onto the record. */
const profile = (body: Readonly<Record<string, unknown>>): Partial<Records.UserRecord> => {
  const fields: Record<string, unknown> = {}
  for (const key of ["external_id", "first_name", "last_name", "delete_self_enabled", "create_organization_enabled"]) {
    if (body[key] !== undefined) fields[key] = body[key]
  }
  if (typeof body.username === "string") fields.username = body.username.toLowerCase()
  if (body.create_organizations_limit !== undefined) fields.create_organizations_limit = body.create_organizations_limit
  if (typeof body.password === "string" || typeof body.password_digest === "string") fields.password_enabled = true
  const legal = timestamp(body.legal_accepted_at)
  if (legal !== undefined) fields.legal_accepted_at = legal
  return fields
}

const orderings = (state: Model.State): Listing.Orderings<Records.UserRecord> => ({
  created_at: (user) => user.created_at,
  updated_at: (user) => user.updated_at,
  last_active_at: (user) => user.last_active_at,
  last_sign_in_at: (user) => user.last_sign_in_at,
  first_name: (user) => user.first_name,
  last_name: (user) => user.last_name,
  username: (user) => user.username,
  email_address: (user) =>
    user.primary_email_address_id === null
      ? null
      : state.emailAddresses.get(user.primary_email_address_id)?.value ?? null,
  phone_number: (user) =>
    user.primary_phone_number_id === null ? null : state.phoneNumbers.get(user.primary_phone_number_id)?.value ?? null,
  web3wallet: () => null
})

/**
 * The users matching the filters of `GET /users` and `GET /users/count`.
 *
 * @since 0.4.0
 * @category filtering
 */
export const matching = (state: Model.State, input: Described.Input): ReadonlyArray<Records.UserRecord> => {
  const has = (name: string) => Described.strings(input, name)
  const emails = has("email_address").map((value) => value.toLowerCase())
  const banned = input.query("banned")
  const organizationIds = has("organization_id")
  return [...state.users.values()].filter((user) => {
    const userEmails = UserModel.identifiersOf(state, "emailAddresses", user.id).map((record) => record.value)
    const userPhones = UserModel.identifiersOf(state, "phoneNumbers", user.id).map((record) => record.value)
    const name = [user.first_name, user.last_name].filter((part) => part !== null).join(" ")
    return Listing.anyOf(emails, userEmails) &&
      Listing.anyOf(has("phone_number"), userPhones) &&
      Listing.anyOf(has("external_id"), [user.external_id]) &&
      Listing.anyOf(has("username"), [user.username]) &&
      Listing.anyOf(has("user_id"), [user.id]) &&
      (organizationIds.length === 0 ||
        [...state.memberships.values()].some((m) =>
          m.user_id === user.id && organizationIds.includes(m.organization_id)
        )) &&
      Listing.contains(Described.string(input, "query"), [
        ...userEmails,
        ...userPhones,
        user.username,
        user.first_name,
        user.last_name,
        name,
        user.id,
        user.external_id
      ]) &&
      Listing.contains(Described.string(input, "email_address_query"), userEmails) &&
      Listing.contains(Described.string(input, "phone_number_query"), userPhones) &&
      Listing.contains(Described.string(input, "username_query"), [user.username]) &&
      Listing.contains(Described.string(input, "name_query"), [user.first_name, user.last_name, name]) &&
      (banned === undefined || user.banned === banned) &&
      Listing.within(input, "created_at", user.created_at) &&
      Listing.within(input, "last_active_at", user.last_active_at) &&
      Listing.within(input, "last_sign_in_at", user.last_sign_in_at)
  })
}

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("GetUserList")
    const state = yield* Ref.get(instance.state)
    const ordered = yield* Listing.order(matching(state, input), input, orderings(state))
    return Responses.json(Listing.page(ordered, input).data.map((user) => UserModel.wireUser(state, user)))
  })

const count = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("GetUsersCount")
    const state = yield* Ref.get(instance.state)
    return Responses.json({ object: "total_count", total_count: matching(state, input).length })
  })

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateUser")
    const now = yield* RequestContext.now
    const emails = strings(body.email_address)
    const phones = strings(body.phone_number)
    const user = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        yield* checkIdentifiers(state, "emailAddresses", emails)
        yield* checkIdentifiers(state, "phoneNumbers", phones)
        yield* ListIdentifierRoutes.checkNotBlocked(state, "email_address", emails)
        yield* ListIdentifierRoutes.checkNotBlocked(state, "phone_number", phones)
        yield* checkUsername(state, body.username)
        yield* checkPassword(body.password)
        const [id, s1] = Model.nextId(state, "user")
        const record: Records.UserRecord = {
          ...UserModel.newUser(id, timestamp(body.created_at) ?? now),
          ...profile(body),
          public_metadata: Metadata.field(body, "public_metadata") ?? {},
          private_metadata: Metadata.field(body, "private_metadata") ?? {},
          unsafe_metadata: Metadata.field(body, "unsafe_metadata") ?? {},
          banned: body.banned === true,
          locked: body.locked === true
        }
        let next: Model.State = { ...s1, users: Model.put(s1.users, record) }
        for (const [kind, values] of [["emailAddresses", emails], ["phoneNumbers", phones]] as const) {
          for (const value of values) {
            next = UserModel.addIdentifier(next, kind, { userId: id, value, verified: true, primary: false }, now)[1]
          }
        }
        return [UserModel.wireUser(next, next.users.get(id)!), next] as const
      }))
    yield* instance.emit("user.created", user)
    return Responses.json(user)
  })

const get = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const userId = yield* param("user_id")
    const state = yield* Ref.get(instance.state)
    const user = yield* findUser(state, userId)
    return Responses.json(UserModel.wireUser(state, user))
  })

/** Applies a change to an existing user and answers the updated `User`. */
const change = (
  instance: Instance.Instance,
  userId: string,
  now: number,
  update: (user: Records.UserRecord, state: Model.State) => Either.Either<Partial<Records.UserRecord>, Problem.Problem>
) =>
  Instance.transact(instance, (state) =>
    Either.gen(function*() {
      const user = yield* findUser(state, userId)
      const fields = yield* update(user, state)
      const next = { ...state, users: Model.put(state.users, { ...user, ...fields, updated_at: now }) }
      return [UserModel.wireUser(next, next.users.get(userId)!), next] as const
    })).pipe(Effect.tap((user) => instance.emit("user.updated", user)))

/**
 * Sends `user.updated` with the user as it is now (after a change to its email addresses or phone numbers).
 *
 * @since 0.4.0
 * @category webhooks
 */
export const emitUpdated = (instance: Instance.Instance, userId: string): Effect.Effect<void> =>
  Effect.flatMap(Ref.get(instance.state), (state) => {
    const user = state.users.get(userId)
    return user === undefined ? Effect.void : instance.emit("user.updated", UserModel.wireUser(state, user))
  })

const primary = (
  state: Model.State,
  userId: string,
  kind: UserModel.Kind,
  id: unknown
): Either.Either<void, Problem.Problem> => {
  const param = kind === "emailAddresses" ? "primary_email_address_id" : "primary_phone_number_id"
  return typeof id !== "string" || state[kind].get(id)?.user_id === userId
    ? Either.void
    : Either.left(Problem.formErrors([{ param, kind: "value", message: `${param} must be one of the user's.` }]))
}

const update = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("UpdateUser")
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    const user = yield* change(instance, userId, now, (_, state) =>
      Either.gen(function*() {
        yield* checkUsername(state, body.username, userId)
        yield* checkPassword(body.password)
        yield* primary(state, userId, "emailAddresses", body.primary_email_address_id)
        yield* primary(state, userId, "phoneNumbers", body.primary_phone_number_id)
        return {
          ...profile(body),
          ...(typeof body.primary_email_address_id === "string"
            ? { primary_email_address_id: body.primary_email_address_id }
            : {}),
          ...(typeof body.primary_phone_number_id === "string"
            ? { primary_phone_number_id: body.primary_phone_number_id }
            : {})
        }
      }))
    return Responses.json(user)
  })

const remove = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    const implied = yield* Instance.transact(instance, (state) =>
      Either.map(findUser(state, userId), () => {
        const next = UserModel.deleteUser(state, userId, now)
        return [WebhookPayloads.implied(state, next), next] as const
      }))
    const deleted = { object: "user", id: userId, deleted: true }
    yield* Instance.emitAll(instance, implied)
    yield* instance.emit("user.deleted", deleted)
    return Responses.json(deleted)
  })

/** `POST /v1/users/{id}/ban`: "all their sessions are revoked" (the description), each one's `session.revoked` sent. */
const ban = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    yield* Described.input("BanUser")
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    const [user, implied] = yield* Instance.transact(instance, (state) =>
      Either.map(findUser(state, userId), (current) => {
        const banned = { ...state, users: Model.put(state.users, { ...current, banned: true, updated_at: now }) }
        const next = UserModel.endSessions(banned, userId, "revoked", now)
        return [
          [UserModel.wireUser(next, next.users.get(userId)!), WebhookPayloads.implied(state, next)],
          next
        ] as const
      }))
    yield* instance.emit("user.updated", user)
    yield* Instance.emitAll(instance, implied)
    return Responses.json(user)
  })

const flag = (instance: Instance.Instance, operationId: string, fields: Partial<Records.UserRecord>): Handler =>
  Effect.gen(function*() {
    yield* Described.input(operationId)
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    return Responses.json(yield* change(instance, userId, now, () => Either.right(fields)))
  })

const metadata = (instance: Instance.Instance, operationId: string, replace: boolean): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(operationId)
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    const write = (current: Records.Metadata, name: string) => {
      const given = Metadata.field(body, name)
      return given === undefined ? current : replace ? given : Metadata.merge(current, given)
    }
    const user = yield* change(instance, userId, now, (current) =>
      Either.right({
        public_metadata: write(current.public_metadata, "public_metadata"),
        private_metadata: write(current.private_metadata, "private_metadata"),
        unsafe_metadata: write(current.unsafe_metadata, "unsafe_metadata")
      }))
    return Responses.json(user)
  })

/**
 * The user routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/users", list(instance)),
    HttpRouter.get("/v1/users/count", count(instance)),
    HttpRouter.post("/v1/users", create(instance)),
    HttpRouter.get("/v1/users/:user_id", get(instance)),
    HttpRouter.patch("/v1/users/:user_id", update(instance)),
    HttpRouter.del("/v1/users/:user_id", remove(instance)),
    HttpRouter.post("/v1/users/:user_id/ban", ban(instance)),
    HttpRouter.post("/v1/users/:user_id/unban", flag(instance, "UnbanUser", { banned: false })),
    HttpRouter.post("/v1/users/:user_id/lock", flag(instance, "LockUser", { locked: true })),
    HttpRouter.post("/v1/users/:user_id/unlock", flag(instance, "UnlockUser", { locked: false })),
    HttpRouter.patch("/v1/users/:user_id/metadata", metadata(instance, "UpdateUserMetadata", false)),
    HttpRouter.put("/v1/users/:user_id/metadata", metadata(instance, "ReplaceUserMetadata", true))
  )
