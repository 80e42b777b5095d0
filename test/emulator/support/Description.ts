/**
 * Clerk's whole Backend API description (spec/clerk-bapi-2026-05-12.yml, read here from the YAML, not from the
 * emulator's copy) and ajv validators of requests and responses against it. OpenAPI 3.0's `nullable` is turned
 * into JSON Schema's `null` type; `int64` and the other OpenAPI formats are accepted as they are.
 */
import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

/** The description, as Clerk publishes it. */
export const description: any = parse(
  readFileSync(new URL("../../../spec/clerk-bapi-2026-05-12.yml", import.meta.url), "utf8")
)

/** One operation of the description. */
export interface Operation {
  readonly operationId: string
  readonly method: string
  readonly path: string
  readonly raw: any
  readonly parameters: ReadonlyArray<any>
}

const deref = (node: any): any =>
  typeof node?.$ref === "string"
    ? deref(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], description))
    : node

/** Every operation of the description. */
export const operations: ReadonlyArray<Operation> = Object.entries<any>(description.paths).flatMap(([path, item]) =>
  Object.entries<any>(item).filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method)).map((
    [method, raw]
  ) => ({
    operationId: raw.operationId,
    method: method.toUpperCase(),
    path,
    raw,
    parameters: [...(item.parameters ?? []), ...(raw.parameters ?? [])].map(deref)
  }))
)

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a union with `null`; refs point at the registered document. */
const convert = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(convert)
  if (typeof node !== "object" || node === null) return node
  const out: Record<string, unknown> = {}
  const schema = node as Record<string, unknown>
  for (const [key, value] of Object.entries(node)) {
    if (key === "nullable" || key === "discriminator" || key === "example") continue
    // OpenAPI 3.0's boolean exclusiveMinimum/-Maximum is JSON Schema's numeric bound
    if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum"
      if (value) out[key] = schema[bound]
      continue
    }
    if (
      (key === "minimum" && schema.exclusiveMinimum === true) || (key === "maximum" && schema.exclusiveMaximum === true)
    ) {
      continue
    }
    out[key] = key === "$ref" && typeof value === "string" ? `bapi${value}` : key === "properties"
      ? Object.fromEntries(Object.entries(value as object).map(([name, schema]) => [name, convert(schema)]))
      : convert(value)
  }
  return (node as any).nullable === true ? { anyOf: [out, { type: "null" }] } : out
}

const ajv = new Ajv({ strict: false, allErrors: true })
for (const format of ["int32", "int64", "float", "double", "email", "date-time", "date", "uri", "url", "binary"]) {
  ajv.addFormat(format, true)
}
ajv.addSchema(convert({ components: description.components }) as object, "bapi")

const compiled = new Map<string, ValidateFunction>()
const compile = (key: string, schema: unknown): ValidateFunction => {
  let validate = compiled.get(key)
  if (validate === undefined) {
    validate = ajv.compile(convert(schema) as object)
    compiled.set(key, validate)
  }
  return validate
}

const segments = (path: string) => path.split("/").filter((segment) => segment.length > 0)

/** The operation a request is for (static segments before parameters), `undefined` when none. */
export const operationOf = (method: string, concretePath: string): Operation | undefined => {
  const actual = segments(concretePath.split("?")[0]!).slice(1) // drop v1
  const candidates = operations.filter((operation) => {
    const template = segments(operation.path)
    return operation.method === method && template.length === actual.length &&
      template.every((segment, i) => segment.startsWith("{") || segment === actual[i])
  })
  const staticCount = (operation: Operation) => segments(operation.path).filter((s) => !s.startsWith("{")).length
  return candidates.sort((a, b) => staticCount(b) - staticCount(a))[0]
}

/** A problem with an answer, `undefined` when it is valid against the description. */
export const checkResponse = (
  method: string,
  concretePath: string,
  status: number,
  body: unknown
): string | undefined => {
  const operation = operationOf(method, concretePath)
  if (operation === undefined) return `no operation for ${method} ${concretePath}`
  const response = deref(operation.raw.responses[String(status)])
  if (response === undefined || (status >= 400 && response.content === undefined)) {
    // an answer the operation does not document must still be a Clerk error body
    const validate = compile("ClerkErrors", { $ref: "#/components/schemas/ClerkErrors" })
    return validate(body) ? undefined : `undocumented ${status}, not ClerkErrors: ${ajv.errorsText(validate.errors)}`
  }
  const documented = response.content?.["application/json"]?.schema
  if (documented === undefined) return body === undefined ? undefined : `${status} documents no body`
  // `paginated=true` wraps a list the description types as a bare array in `{ data, total_count }` (what
  // @clerk/backend asks for and reads); the description does not say so
  const paginated = new URLSearchParams(concretePath.split("?")[1] ?? "").get("paginated") === "true" &&
    deref(documented).type === "array"
  const schema = paginated
    ? {
      type: "object",
      additionalProperties: false,
      required: ["data", "total_count"],
      properties: { data: documented, total_count: { type: "integer", minimum: 0 } }
    }
    : documented
  const validate = compile(`${operation.operationId} ${status}${paginated ? " paginated" : ""}`, schema)
  return validate(body) ? undefined : `${operation.operationId} ${status}: ${ajv.errorsText(validate.errors)}`
}

/** A problem with a JSON request body, `undefined` when it is valid against the description. */
export const checkRequestBody = (operation: Operation, body: unknown): string | undefined => {
  const schema = operation.raw.requestBody?.content?.["application/json"]?.schema
  if (schema === undefined) return undefined
  const validate = compile(`${operation.operationId} request`, schema)
  return validate(body) ? undefined : `${operation.operationId} request: ${ajv.errorsText(validate.errors)}`
}
