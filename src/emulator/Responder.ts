/**
 * The description-driven responder: answers every operation of Clerk's Backend API description that no stateful
 * route handles. It validates the path, query and JSON body against the description (Clerk's 422 form errors,
 * or 400 where the operation documents no 422) and answers the documented success: a value synthesised from the
 * response schema, an empty body where the description has none. Ids stay consistent: what a create answered
 * (`POST /domains`) a get (`GET /domains/{id}`), an update and the list (`GET /domains`) answer too, and a
 * deleted one is gone (404 where documented).
 *
 * @since 0.4.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { check } from "./description/Check.js"
import * as Description from "./description/Description.js"
import { document } from "./description/Document.js"
import * as Match from "./description/Match.js"
import * as Synthesize from "./description/Synthesize.js"
import * as Validate from "./description/Validate.js"
import type * as Instance from "./Instance.js"
import * as Model from "./Model.js"
import * as Problem from "./Problem.js"
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"

/**
 * Every operation of the description.
 *
 * @since 0.4.0
 * @category constants
 */
export const operations: ReadonlyArray<Description.Operation> = Description.operations(document)

type Json = Readonly<Record<string, unknown>>

const isParam = (segment: string) => segment.startsWith("{")

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/** An operation on an item of this collection (`/domains/{domain_id}` for `/domains`), with one of these methods. */
const itemOperation = (collection: Description.Operation, methods: ReadonlyArray<string>) =>
  operations.find((operation) =>
    methods.includes(operation.method) && operation.segments.length === collection.segments.length + 1 &&
    isParam(operation.segments[operation.segments.length - 1]!) &&
    collection.segments.every((segment, i) => segment === operation.segments[i])
  )

const collectionOperation = (item: Description.Operation, method: string) =>
  operations.find((operation) =>
    operation.method === method && operation.segments.length === item.segments.length - 1 &&
    operation.segments.every((segment, i) => segment === item.segments[i])
  )

/** The fields that are valid properties of the answer's schema, copied into it (`id` and `object` only if `own`). */
const merge = (object: Json, schema: Description.Schema, body: unknown, own = false): Json => {
  const properties = Description.properties(document, schema)
  if (!isObject(body)) return object
  const fields = Object.entries(body).filter(([key, value]) => {
    const property = properties[key]
    return (own || (key !== "id" && key !== "object")) && property !== undefined &&
      check(document, property, value).length === 0
  })
  return { ...object, ...Object.fromEntries(fields) }
}

/** A stored item as `schema` shows it: its values where the schema has them, synthesised fields for the rest. */
const conform = (item: Json, schema: Description.Schema, hints: Synthesize.Hints): Json =>
  merge(
    Synthesize.synthesize(document, schema, { ...hints, id: String(item.id ?? hints.id) }) as Json,
    schema,
    item,
    true
  )

const answer = (status: number, body: unknown): HttpServerResponse.HttpServerResponse =>
  body === undefined ? HttpServerResponse.empty({ status }) : Responses.json(body, status)

const concretePath = (segments: ReadonlyArray<string>, params: Readonly<Record<string, string>>) =>
  "/" + segments.map((segment) => isParam(segment) ? params[segment.slice(1, -1)] ?? "" : segment).join("/")

/**
 * Answers a request no stateful route took: `resource_not_found` when the description has no such operation.
 *
 * @since 0.4.0
 * @category handlers
 */
export const respond = (
  instance: Instance.Instance,
  path: string
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  Problem.Problem,
  HttpServerRequest.HttpServerRequest | RequestContext.RequestBody
> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const matched = Match.match(operations, request.method, path)
    if (matched === undefined) return yield* Problem.routeNotFound(request.method, path)
    const { operation, params } = matched
    const query = yield* RequestContext.query
    const json = operation.bodyType === "application/json" ? yield* RequestContext.body : undefined
    const issues = [
      ...Validate.parameters(document, operation, query, params),
      ...Validate.body(document, operation, json)
    ]
    if (issues.length > 0) {
      return yield* Problem.formErrors(issues, operation.statuses.includes(422) ? 422 : 400)
    }
    const now = yield* RequestContext.now
    const schema = operation.success.schema
    if (schema === undefined) return answer(operation.success.status, undefined)
    const here = concretePath(operation.segments, params)
    const last = operation.segments[operation.segments.length - 1] ?? ""
    const lastValue = isParam(last) ? params[last.slice(1, -1)] : undefined
    const key = `${operation.operationId}:${here}`

    // a create: a new item of this collection
    if (operation.method === "POST" && itemOperation(operation, ["GET", "PATCH", "PUT", "DELETE"]) !== undefined) {
      const item = yield* Ref.modify(instance.state, (state) => {
        const [id, next] = Model.nextId(state, Synthesize.idPrefix(document, schema))
        const created = merge(
          Synthesize.synthesize(document, schema, { key: `${key}:${id}`, now, id }) as Json,
          schema,
          json
        )
        const itemId = typeof created.id === "string" ? created.id : id
        return [created, { ...next, described: new Map(next.described).set(`${here}/${itemId}`, created) }]
      })
      return answer(operation.success.status, item)
    }

    // an item: what was created, updated, or deleted at this path
    if (lastValue !== undefined && collectionOperation(operation, "POST") !== undefined) {
      const state = yield* Ref.get(instance.state)
      if (state.deleted.has(here) && operation.statuses.includes(404)) {
        return yield* Problem.notFound(`No resource was found at ${here}.`)
      }
      const stored = state.described.get(here) ??
        Synthesize.synthesize(document, schema, { key, now, id: lastValue }) as Json
      if (operation.method === "DELETE") {
        yield* Ref.update(instance.state, (s) => ({
          ...s,
          described: Model.without(s.described, here),
          deleted: new Set(s.deleted).add(here)
        }))
        const deleted = Synthesize.synthesize(document, schema, { key, now, id: lastValue }) as Json
        return answer(
          operation.success.status,
          merge(deleted, schema, { id: stored.id ?? lastValue, object: stored.object, deleted: true }, true)
        )
      }
      const hints = { key, now, id: lastValue }
      if (operation.method === "GET") return answer(operation.success.status, conform(stored, schema, hints))
      const updated = { ...merge(stored, schema, json), ...("updated_at" in stored ? { updated_at: now } : {}) }
      yield* Ref.update(instance.state, (s) => ({ ...s, described: new Map(s.described).set(here, updated) }))
      return answer(operation.success.status, conform(updated, schema, hints))
    }

    // a list: the items created in this collection
    if (operation.method === "GET" && itemOperation(operation, ["GET", "PATCH", "PUT", "DELETE"]) !== undefined) {
      const state = yield* Ref.get(instance.state)
      const items = [...state.described].filter(([at]) =>
        at.startsWith(`${here}/`) && !at.slice(here.length + 1).includes("/")
      ).map(([, item]) => item)
      return answer(operation.success.status, list(schema, items, query, { key, now }))
    }

    return answer(
      operation.success.status,
      Synthesize.synthesize(document, schema, { key, now, id: lastValue })
    )
  })

/** A list answer in the shape the schema says: a bare array, or `{ data, total_count }`. */
const list = (
  schema: Description.Schema,
  items: ReadonlyArray<Json>,
  query: URLSearchParams,
  hints: Synthesize.Hints
): unknown => {
  const offset = Number(query.get("offset") ?? 0)
  const limit = Number(query.get("limit") ?? 10)
  const resolved = Description.resolve(document, schema)
  if (resolved.type === "array") {
    const page = items.slice(offset, offset + limit).map((item) => conform(item, resolved.items ?? {}, hints))
    // `paginated=true` wraps the documented array, as Clerk does
    return query.get("paginated") === "true" ? { data: page, total_count: items.length } : page
  }
  const data = Description.properties(document, schema).data
  const itemSchema = data === undefined ? undefined : Description.resolve(document, data).items
  const shell = Synthesize.synthesize(document, schema, hints)
  if (!isObject(shell) || itemSchema === undefined) return shell
  const page = items.slice(offset, offset + limit).map((item) => conform(item, itemSchema, hints))
  return { ...shell, data: page, total_count: items.length }
}
