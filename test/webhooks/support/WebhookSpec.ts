import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

/** Clerk's webhooks description, as vendored. */
export const document: any = parse(
  readFileSync(new URL("../../../spec/clerk-webhooks-2025-04-15.yml", import.meta.url), "utf8")
)

/** Every event type of the description, with its example when it has one. */
export const events: ReadonlyArray<{ readonly type: string; readonly example: unknown }> = Object.entries<any>(
  document["x-webhooks"]
).map(([type, item]) => ({ type, example: item.post.requestBody.content["application/json"].example }))

/**
 * The description composes payloads with `allOf` over closed schemas (`Session` has `additionalProperties: false`,
 * and `SessionEventPayload` adds `user` to it), which JSON Schema reads as "no `user` allowed". OpenAPI tools read
 * `allOf` as a merge, so a schema that is a member of an `allOf` is opened before validation; everything else stays.
 */
const openAllOfMembers = (doc: any): any => {
  const copy = structuredClone(doc)
  const members = new Set<string>()
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== "object" || node === null) return
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) if (typeof member.$ref === "string") members.add(member.$ref.split("/").pop())
    }
    Object.values(node).forEach(visit)
  }
  visit(copy)
  for (const name of members) delete copy.components.schemas[name].additionalProperties
  return nullableRefs(copy)
}

/** `nullable` beside a `$ref` (no `type`), which ajv refuses: the same as "this or null". */
const nullableRefs = (node: any): any => {
  if (Array.isArray(node)) return node.map(nullableRefs)
  if (typeof node !== "object" || node === null) return node
  const { nullable, ...rest } = node
  const mapped = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, nullableRefs(value)]))
  return nullable === true && mapped.type === undefined
    ? { anyOf: [mapped, { type: "null" }] }
    : { ...mapped, ...(nullable === undefined ? {} : { nullable }) }
}

const prepared = openAllOfMembers(document)
const ajv = new Ajv({ strict: false, allErrors: true, logger: false })
ajv.addFormat("int64", true)
ajv.addFormat("int32", true)
ajv.addSchema(prepared, "webhooks")

const rebase = (schema: unknown): unknown =>
  Array.isArray(schema)
    ? schema.map(rebase)
    : typeof schema === "object" && schema !== null
    ? Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === "$ref" && typeof value === "string" ? `webhooks${value}` : rebase(value)
      ])
    )
    : schema

const validators = new Map<string, ValidateFunction>()

/** Validates a whole delivered payload against the schema of its `type`: the errors, or `undefined` when valid. */
export const validate = (payload: any): string | undefined => {
  const type = payload?.type
  const item = prepared["x-webhooks"][type]
  if (item === undefined) return `no event type ${String(type)} in the description`
  let validator = validators.get(type)
  if (validator === undefined) {
    validator = ajv.compile(rebase(item.post.requestBody.content["application/json"].schema) as object)
    validators.set(type, validator)
  }
  return validator(payload) ? undefined : ajv.errorsText(validator.errors)
}
