import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

/** The OpenAPI slice the emulator implements. */
export const document: any = parse(
  readFileSync(new URL("../../../spec/openapi-sessions-signintokens.yml", import.meta.url), "utf8")
)

const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addFormat("int64", true)
ajv.addSchema(document, "contract")

/** Points the document's local refs (`#/components/...`) at the registered document. */
const rebase = (schema: unknown): unknown => {
  if (Array.isArray(schema)) {
    return schema.map(rebase)
  }
  if (typeof schema !== "object" || schema === null) {
    return schema
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#") ? `contract${value}` : rebase(value)
    ])
  )
}

const deref = (node: any): any =>
  typeof node?.$ref === "string"
    ? deref(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], document))
    : node

const compiled = new Map<string, ValidateFunction>()

const compile = (key: string, schema: unknown): ValidateFunction => {
  const cached = compiled.get(key)
  if (cached !== undefined) {
    return cached
  }
  const validate = ajv.compile(rebase(schema) as object)
  compiled.set(key, validate)
  return validate
}

/** The operation's declared statuses. */
export const declaredStatuses = (method: string, path: string): Array<string> =>
  Object.keys(document.paths[path]?.[method.toLowerCase()]?.responses ?? {})

/**
 * The validator of a response body: the contract's schema for this path, method and status; for a
 * status the contract does not declare, its `ClerkErrors` schema (and `declared` is false).
 */
export const responseValidator = (
  method: string,
  path: string,
  status: number
): { readonly declared: boolean; readonly validate: ValidateFunction } => {
  const operation = document.paths[path]?.[method.toLowerCase()]
  if (operation === undefined) {
    throw new Error(`the contract has no operation ${method} ${path}`)
  }
  const response = deref(operation.responses[String(status)])
  if (response === undefined) {
    return { declared: false, validate: compile("ClerkErrors", { $ref: "#/components/schemas/ClerkErrors" }) }
  }
  const schema = response.content?.["application/json"]?.schema
  return { declared: true, validate: compile(`${method} ${path} ${status}`, schema) }
}

/** `GET /sessions?paginated=true`: the contract types the list as a bare array; the page wraps the same items. */
export const paginatedSessions = compile("paginated", {
  type: "object",
  additionalProperties: false,
  required: ["data", "total_count"],
  properties: {
    data: { type: "array", items: { $ref: "#/components/schemas/Session" } },
    total_count: { type: "integer", minimum: 0 }
  }
})

/** `GET /jwks` is not in the contract slice: an RFC 7517 key set of RSA signing keys. */
export const jwks = compile("jwks", {
  type: "object",
  additionalProperties: false,
  required: ["keys"],
  properties: {
    keys: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["kty", "kid", "alg", "use", "n", "e"],
        properties: {
          kty: { enum: ["RSA"] },
          kid: { type: "string" },
          alg: { enum: ["RS256"] },
          use: { enum: ["sig"] },
          n: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
          e: { type: "string", pattern: "^[A-Za-z0-9_-]+$" }
        }
      }
    }
  }
})

export const errorsText = (validate: ValidateFunction): string => ajv.errorsText(validate.errors)
