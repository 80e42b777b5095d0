/**
 * `/v1/email_addresses` and `/v1/phone_numbers` routes (create, get, update, delete) and the replacement of a
 * user's email address or phone number (`PUT /v1/users/{user_id}/email_address`). An identifier belongs to one
 * user (`form_identifier_exists`); the first of a user becomes primary, and deleting the primary promotes the next.
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
import * as Model from "./Model.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"
import * as UserModel from "./UserModel.js"
import * as UserRoutes from "./UserRoutes.js"

interface Kind {
  readonly kind: UserModel.Kind
  /** The body field and the `object` of the answer. */
  readonly field: "email_address" | "phone_number"
  readonly collection: `/${string}`
  readonly idParam: string
  readonly operations: {
    readonly create: string
    readonly get: string
    readonly update: string
    readonly delete: string
    readonly replace: string
  }
  readonly wire: (record: Records.IdentificationRecord) => unknown
}

const find = (state: Model.State, kind: Kind, id: string) => {
  const record = state[kind.kind].get(id)
  return record === undefined
    ? Either.left(Problem.notFound(`No ${kind.field.replace("_", " ")} was found with id ${id}.`))
    : Either.right(record)
}

const setPrimary = (state: Model.State, kind: Kind, record: Records.IdentificationRecord, now: number) => {
  const user = state.users.get(record.user_id)
  const field = kind.kind === "emailAddresses" ? "primary_email_address_id" : "primary_phone_number_id"
  return user === undefined
    ? state
    : { ...state, users: Model.put(state.users, { ...user, [field]: record.id, updated_at: now }) }
}

const create = (instance: Instance.Instance, kind: Kind): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(kind.operations.create)
    const now = yield* RequestContext.now
    const userId = String(body.user_id)
    const value = String(body[kind.field])
    const record = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        yield* UserRoutes.findUser(state, userId)
        yield* UserRoutes.checkIdentifiers(state, kind.kind, [value])
        yield* ListIdentifierRoutes.checkNotBlocked(state, kind.field, [value])
        return UserModel.addIdentifier(state, kind.kind, {
          userId,
          value,
          verified: body.verified === true,
          primary: body.primary === true
        }, now)
      }))
    yield* UserRoutes.emitUpdated(instance, record.user_id)
    return Responses.json(kind.wire(record))
  })

const get = (instance: Instance.Instance, kind: Kind): Handler =>
  Effect.gen(function*() {
    yield* Described.input(kind.operations.get)
    const state = yield* Ref.get(instance.state)
    return Responses.json(kind.wire(yield* find(state, kind, yield* param(kind.idParam))))
  })

const update = (instance: Instance.Instance, kind: Kind): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(kind.operations.update)
    const id = yield* param(kind.idParam)
    const now = yield* RequestContext.now
    const record = yield* Instance.transact(instance, (state) =>
      Either.map(find(state, kind, id), (found) => {
        const updated = {
          ...found,
          ...(typeof body.verified === "boolean" ? { verified: body.verified } : {}),
          updated_at: now
        }
        const next = { ...state, [kind.kind]: Model.put(state[kind.kind], updated) }
        return [updated, body.primary === true ? setPrimary(next, kind, updated, now) : next] as const
      }))
    yield* UserRoutes.emitUpdated(instance, record.user_id)
    return Responses.json(kind.wire(record))
  })

const remove = (instance: Instance.Instance, kind: Kind): Handler =>
  Effect.gen(function*() {
    yield* Described.input(kind.operations.delete)
    const id = yield* param(kind.idParam)
    const now = yield* RequestContext.now
    const removed = yield* Instance.transact(instance, (state) =>
      Either.map(find(state, kind, id), (record) =>
        [record, UserModel.removeIdentifier(state, kind.kind, id, now)] as const))
    yield* UserRoutes.emitUpdated(instance, removed.user_id)
    return Responses.json({ object: kind.field, id, deleted: true })
  })

/** `PUT /users/{user_id}/email_address`: the user's identifiers of this kind become this one, primary. */
const replace = (instance: Instance.Instance, kind: Kind): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(kind.operations.replace)
    const userId = yield* param("user_id")
    const now = yield* RequestContext.now
    const value = String(body[kind.field])
    const record = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        yield* UserRoutes.findUser(state, userId)
        const existing = UserModel.findIdentifier(state, kind.kind, value)
        if (existing !== undefined && existing.user_id !== userId) {
          yield* UserRoutes.checkIdentifiers(state, kind.kind, [value])
        }
        const cleared = UserModel.identifiersOf(state, kind.kind, userId).reduce(
          (current, old) => UserModel.removeIdentifier(current, kind.kind, old.id, now),
          state
        )
        const verified = body.identification_status !== "reserved"
        return UserModel.addIdentifier(cleared, kind.kind, { userId, value, verified, primary: true }, now)
      }))
    yield* UserRoutes.emitUpdated(instance, userId)
    return Responses.json(kind.wire(record))
  })

const kinds: ReadonlyArray<Kind> = [
  {
    kind: "emailAddresses",
    field: "email_address",
    collection: "/v1/email_addresses",
    idParam: "email_address_id",
    operations: {
      create: "CreateEmailAddress",
      get: "GetEmailAddress",
      update: "UpdateEmailAddress",
      delete: "DeleteEmailAddress",
      replace: "ReplaceUserEmailAddress"
    },
    wire: UserModel.wireEmailAddress
  },
  {
    kind: "phoneNumbers",
    field: "phone_number",
    collection: "/v1/phone_numbers",
    idParam: "phone_number_id",
    operations: {
      create: "CreatePhoneNumber",
      get: "GetPhoneNumber",
      update: "UpdatePhoneNumber",
      delete: "DeletePhoneNumber",
      replace: "ReplaceUserPhoneNumber"
    },
    wire: UserModel.wirePhoneNumber
  }
]

/**
 * The email address and phone number routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  kinds.reduce(
    (router, kind) =>
      router.pipe(
        HttpRouter.post(kind.collection, create(instance, kind)),
        HttpRouter.get(`${kind.collection}/:${kind.idParam}`, get(instance, kind)),
        HttpRouter.patch(`${kind.collection}/:${kind.idParam}`, update(instance, kind)),
        HttpRouter.del(`${kind.collection}/:${kind.idParam}`, remove(instance, kind)),
        HttpRouter.put(`/v1/users/:user_id/${kind.field}`, replace(instance, kind))
      ),
    HttpRouter.empty as HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody>
  )
