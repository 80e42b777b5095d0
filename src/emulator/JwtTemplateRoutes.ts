/**
 * `/v1/jwt_templates` routes: list, create, get, update, delete. Names are unique (`form_identifier_exists`); a
 * template's claims and lifetime are what `POST /v1/sessions/{id}/tokens/{name}` mints with.
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
import * as RequestContext from "./RequestContext.js"
import * as Responses from "./Responses.js"
import { type Handler, param } from "./Route.js"

const wire = (template: Model.JwtTemplate) => ({
  object: "jwt_template",
  id: template.id,
  name: template.name,
  claims: template.claims,
  lifetime: template.lifetimeSeconds,
  allowed_clock_skew: template.allowedClockSkew,
  custom_signing_key: template.customSigningKey,
  signing_algorithm: template.signingAlgorithm,
  created_at: template.createdAt,
  updated_at: template.updatedAt
})

const find = (state: Model.State, id: string): Either.Either<Model.JwtTemplate, Problem.Problem> => {
  const template = [...state.templates.values()].find((t) => t.id === id)
  return template === undefined
    ? Either.left(Problem.notFound(`No JWT template was found with id ${id}.`))
    : Either.right(template)
}

const checkName = (state: Model.State, name: string, except?: string): Either.Either<void, Problem.Problem> => {
  const holder = state.templates.get(name)
  return holder !== undefined && holder.id !== except
    ? Either.left(Problem.identifierExists("name", `A JWT template named ${name} already exists.`))
    : Either.void
}

/** The template's fields a create or update body sets. */
const fields = (body: Readonly<Record<string, unknown>>): Partial<Model.JwtTemplate> => ({
  ...(typeof body.name === "string" ? { name: body.name } : {}),
  ...(typeof body.claims === "object" && body.claims !== null
    ? { claims: body.claims as Model.JwtTemplate["claims"] }
    : {}),
  ...(typeof body.lifetime === "number" ? { lifetimeSeconds: body.lifetime } : {}),
  ...(typeof body.allowed_clock_skew === "number" ? { allowedClockSkew: body.allowed_clock_skew } : {}),
  ...(typeof body.custom_signing_key === "boolean" ? { customSigningKey: body.custom_signing_key } : {}),
  ...(typeof body.signing_algorithm === "string" ? { signingAlgorithm: body.signing_algorithm } : {})
})

const store = (state: Model.State, previousName: string | undefined, template: Model.JwtTemplate): Model.State => {
  const templates = new Map(state.templates)
  if (previousName !== undefined) templates.delete(previousName)
  templates.set(template.name, template)
  return { ...state, templates }
}

const list = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const input = yield* Described.input("ListJWTTemplates")
    const state = yield* Ref.get(instance.state)
    const { data, total_count } = Listing.page([...state.templates.values()], input)
    const items = data.map(wire)
    return Responses.json(input.query("paginated") === true ? { data: items, total_count } : items)
  })

const create = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("CreateJWTTemplate")
    const now = yield* RequestContext.now
    const template = yield* Instance.transact(instance, (state) =>
      Either.map(checkName(state, String(body.name)), () => {
        const [id, next] = Model.nextId(state, "jtmp")
        const record: Model.JwtTemplate = {
          id,
          name: String(body.name),
          claims: {},
          lifetimeSeconds: 60,
          allowedClockSkew: 5,
          customSigningKey: false,
          signingAlgorithm: "RS256",
          createdAt: now,
          updatedAt: now,
          ...fields(body)
        }
        return [record, store(next, undefined, record)] as const
      }))
    return Responses.json(wire(template))
  })

const get = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const state = yield* Ref.get(instance.state)
    return Responses.json(wire(yield* find(state, yield* param("template_id"))))
  })

const update = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const { body } = yield* Described.input("UpdateJWTTemplate")
    const id = yield* param("template_id")
    const now = yield* RequestContext.now
    const template = yield* Instance.transact(instance, (state) =>
      Either.gen(function*() {
        const current = yield* find(state, id)
        yield* checkName(state, String(body.name), id)
        const updated = { ...current, ...fields(body), updatedAt: now }
        return [updated, store(state, current.name, updated)] as const
      }))
    return Responses.json(wire(template))
  })

const remove = (instance: Instance.Instance): Handler =>
  Effect.gen(function*() {
    const id = yield* param("template_id")
    yield* Instance.transact(instance, (state) =>
      Either.map(find(state, id), (current) =>
        [undefined, { ...state, templates: Model.without(state.templates, current.name) }] as const))
    return Responses.json({ object: "jwt_template", id, deleted: true })
  })

/**
 * The JWT template routes of an instance.
 *
 * @since 0.4.0
 * @category routers
 */
export const router = (
  instance: Instance.Instance
): HttpRouter.HttpRouter<Problem.Problem, RequestContext.RequestBody> =>
  HttpRouter.empty.pipe(
    HttpRouter.get("/v1/jwt_templates", list(instance)),
    HttpRouter.post("/v1/jwt_templates", create(instance)),
    HttpRouter.get("/v1/jwt_templates/:template_id", get(instance)),
    HttpRouter.patch("/v1/jwt_templates/:template_id", update(instance)),
    HttpRouter.del("/v1/jwt_templates/:template_id", remove(instance))
  )
