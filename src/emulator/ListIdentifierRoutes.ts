/**
 * `/v1/allowlist_identifiers` and `/v1/blocklist_identifiers` routes: list, create, delete. An identifier is on a
 * list once (`duplicate_record`); its type comes from its shape (an email address, a phone number, a `0x` wallet).
 * A user cannot be created with an email address or phone number on the block list (`identifier_blocked`).
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
import * as Model from "./Model.js"
import * as Problem from "./Problem.js"
import type * as Records from "./Records.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"

interface List {
  readonly key: "allowlist" | "blocklist"
  readonly object: "allowlist_identifier" | "blocklist_identifier"
  readonly path: "/v1/allowlist_identifiers" | "/v1/blocklist_identifiers"
  readonly operations: { readonly list: string; readonly create: string }
  /** The list answer: `{ data, total_count }` always, or only with `paginated=true`. */
  readonly alwaysPaginated: boolean
}

const lists: ReadonlyArray<List> = [
  {
    key: "allowlist",
    object: "allowlist_identifier",
    path: "/v1/allowlist_identifiers",
    operations: { list: "ListAllowlistIdentifiers", create: "CreateAllowlistIdentifier" },
    alwaysPaginated: false
  },
  {
    key: "blocklist",
    object: "blocklist_identifier",
    path: "/v1/blocklist_identifiers",
    operations: { list: "ListBlocklistIdentifiers", create: "CreateBlocklistIdentifier" },
    alwaysPaginated: true
  }
]

const typeOf = (identifier: string): Records.ListIdentifierRecord["identifier_type"] =>
  identifier.includes("@") ? "email_address" : identifier.startsWith("0x") ? "web3_wallet" : "phone_number"

const wire = (list: List, record: Records.ListIdentifierRecord) => ({
  object: list.object,
  id: record.id,
  identifier: record.identifier,
  identifier_type: record.identifier_type,
  created_at: record.created_at,
  updated_at: record.updated_at
})

/**
 * 403 `identifier_blocked` when an identifier (or, for an email address, its `*@domain`) is on the block list.
 *
 * @since 0.4.0
 * @category validation
 */
export const checkNotBlocked = (
  state: Model.State,
  param: string,
  identifiers: ReadonlyArray<string>
): Either.Either<void, Problem.Problem> => {
  const blocked = new Set([...state.blocklist.values()].map((record) => record.identifier.toLowerCase()))
  const hit = identifiers.find((identifier) => {
    const lower = identifier.toLowerCase()
    return blocked.has(lower) || blocked.has(`*@${lower.split("@")[1] ?? ""}`)
  })
  return hit === undefined
    ? Either.void
    : Either.left(
      new Problem.Problem({
        status: 403,
        errors: [{
          message: "blocked",
          long_message: `${hit} is on the block list of this instance.`,
          code: "identifier_blocked",
          meta: { param_name: param }
        }]
      })
    )
}

const list = (instance: Instance.Instance, which: List): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input(which.operations.list)
    const state = yield* Ref.get(instance.state)
    const ordered = [...state[which.key].values()].sort(Model.newestFirst)
    const { data, total_count } = Listing.page(ordered, input)
    const items = data.map((record) => wire(which, record))
    return Responses.json(
      which.alwaysPaginated || input.query("paginated") === true ? { data: items, total_count } : items
    )
  })

const create = (instance: Instance.Instance, which: List): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input(which.operations.create)
    const now = yield* RequestContext.now
    const identifier = String(body.identifier)
    const record = yield* Instance.transact(instance, (state) => {
      if ([...state[which.key].values()].some((r) => r.identifier.toLowerCase() === identifier.toLowerCase())) {
        return Either.left(Problem.badRequest({
          message: "duplicate identifier",
          long_message: `${identifier} is already on the list.`,
          code: "duplicate_record",
          meta: { param_name: "identifier" }
        }))
      }
      const [id, next] = Model.nextId(state, which.key === "allowlist" ? "alid" : "blid")
      const created: Records.ListIdentifierRecord = {
        id,
        identifier,
        identifier_type: typeOf(identifier),
        created_at: now,
        updated_at: now
      }
      return Either.right([created, { ...next, [which.key]: Model.put(next[which.key], created) }] as const)
    })
    return Responses.json(wire(which, record))
  })

const remove = (instance: Instance.Instance, which: List): Handler =>
  Effect.gen(function*() {
    const id = yield* param("identifier_id")
    yield* Instance.transact(instance, (state) =>
      state[which.key].has(id)
        ? Either.right([undefined, { ...state, [which.key]: Model.without(state[which.key], id) }] as const)
        : Either.left(Problem.notFound(`No ${which.object.replace("_", " ")} was found with id ${id}.`)))
    return Responses.json({ object: which.object, id, deleted: true })
  })

/**
 * The allow-list and block-list routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  lists.reduce(
    (router, which) =>
      router.pipe(
        HttpRouter.get(which.path, list(instance, which)),
        HttpRouter.post(which.path, create(instance, which)),
        HttpRouter.del(`${which.path}/:identifier_id`, remove(instance, which))
      ),
    HttpRouter.empty as HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody>
  )
