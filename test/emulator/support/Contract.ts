import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

const load = (file: string): any => parse(readFileSync(new URL(`../../../spec/${file}`, import.meta.url), "utf8"))

/** The OpenAPI slice of Sessions and Sign-in Tokens the emulator implements. */
export const document: any = load("openapi-sessions-signintokens.yml")

/** The OpenAPI slice of `GET /jwks`. */
export const jwksDocument: any = load("openapi-jwks.yml")

/** Every contract document, by the name its schemas are registered under. */
const documents: Record<string, any> = { contract: document, "contract-jwks": jwksDocument }

/** Every operation path of the contract, with the name of its document. */
export const contractPaths: ReadonlyArray<readonly [name: string, path: string, operations: any]> = Object.entries(
  documents
).flatMap(([name, doc]) =>
  Object.entries<any>(doc.paths).map(([path, operations]) => [name, path, operations] as const)
)

const ajv = new Ajv({ strict: false, allErrors: true })
ajv.addFormat("int64", true)
for (const [name, doc] of Object.entries(documents)) {
  ajv.addSchema(doc, name)
}

/** Points a document's local refs (`#/components/...`) at that registered document. */
export const rebase = (schema: unknown, name = "contract"): unknown => {
  if (Array.isArray(schema)) {
    return schema.map((item) => rebase(item, name))
  }
  if (typeof schema !== "object" || schema === null) {
    return schema
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${name}${value}` : rebase(value, name)
    ])
  )
}

const deref = (node: any, doc: any = document): any =>
  typeof node?.$ref === "string"
    ? deref(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], doc), doc)
    : node

const compiled = new Map<string, ValidateFunction>()

const compile = (key: string, schema: unknown, name = "contract"): ValidateFunction => {
  const cached = compiled.get(key)
  if (cached !== undefined) {
    return cached
  }
  const validate = ajv.compile(rebase(schema, name) as object)
  compiled.set(key, validate)
  return validate
}

/** The document that declares this path, and its registered name. */
const documentOf = (path: string): readonly [name: string, doc: any] =>
  Object.entries(documents).find(([, doc]) => doc.paths[path] !== undefined) ?? ["contract", document]

/** The operation's declared statuses. */
export const declaredStatuses = (method: string, path: string): Array<string> =>
  Object.keys(documentOf(path)[1].paths[path]?.[method.toLowerCase()]?.responses ?? {})

/**
 * The validator of a response body: the contract's schema for this path, method and status; for a
 * status the contract does not declare, its `ClerkErrors` schema (and `declared` is false).
 */
export const responseValidator = (
  method: string,
  path: string,
  status: number
): { readonly declared: boolean; readonly validate: ValidateFunction } => {
  const [name, doc] = documentOf(path)
  const operation = doc.paths[path]?.[method.toLowerCase()]
  if (operation === undefined) {
    throw new Error(`the contract has no operation ${method} ${path}`)
  }
  const response = deref(operation.responses[String(status)], doc)
  if (response === undefined) {
    return { declared: false, validate: compile("ClerkErrors", { $ref: "#/components/schemas/ClerkErrors" }) }
  }
  const schema = response.content?.["application/json"]?.schema
  return { declared: true, validate: compile(`${method} ${path} ${status}`, schema, name) }
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

/**
 * Stricter than `spec/openapi-jwks.yml` (which allows every key type): what an instance serves for
 * session tokens, RSA public keys for RS256 signatures, base64url `n` and `e`.
 */
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
