import { Ajv, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { parse } from "yaml"
import { specPath } from "../../codegen/generate.js"
import type { Api } from "../../codegen/model.js"
import { normalize } from "../../codegen/normalize.js"
import { rebase } from "../emulator/support/Contract.js"

/** Clerk's whole Backend API description (spec/), parsed once, and its normalized model. */
export const description: any = parse(readFileSync(new URL(`../../${specPath}`, import.meta.url), "utf8"))

/**
 * The description as JSON Schema draft 7 for ajv: OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum`
 * become the bound itself (ajv reads `nullable` as OpenAPI does).
 */
const asDraft7 = (node: any): any => {
  if (Array.isArray(node)) return node.map(asDraft7)
  if (typeof node !== "object" || node === null) return node
  const out: any = {}
  for (const [key, value] of Object.entries(node)) out[key] = asDraft7(value)
  if (typeof node.exclusiveMinimum === "boolean") {
    if (node.exclusiveMinimum) out.exclusiveMinimum = node.minimum
    else delete out.exclusiveMinimum
    if (node.exclusiveMinimum) delete out.minimum
  }
  if (typeof node.exclusiveMaximum === "boolean") {
    if (node.exclusiveMaximum) out.exclusiveMaximum = node.maximum
    else delete out.exclusiveMaximum
    if (node.exclusiveMaximum) delete out.maximum
  }
  if (node.nullable === true && node.type === undefined) {
    delete out.nullable
    return { anyOf: [out, { type: "null" }] }
  }
  return out
}
const draft7 = asDraft7(description)

/** The target-neutral model the client is generated from. */
export const api: Api = normalize(description)

/** Resolves a local `$ref` of the description. */
export const resolve = (node: any): any =>
  typeof node?.$ref === "string"
    ? resolve(node.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], description))
    : node

const makeAjv = (coerceTypes: boolean | "array") => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes })
  ajv.addSchema(draft7, "bapi")
  return ajv
}

const exact = makeAjv(false)
// query values arrive as strings: coerced to the parameter's type, a single value to a one-item array
const coercing = makeAjv("array")

const compiled = { exact: new Map<unknown, ValidateFunction>(), coercing: new Map<unknown, ValidateFunction>() }

/** The validator of a schema of the description (its `$ref`s resolved in the description), compiled once. */
export const validatorOf = (schema: unknown, options: { readonly coerce?: boolean } = {}): ValidateFunction => {
  const [ajv, cache] = options.coerce === true ? [coercing, compiled.coercing] : [exact, compiled.exact]
  const cached = cache.get(schema)
  if (cached !== undefined) return cached
  const validate = ajv.compile(rebase(asDraft7(schema), "bapi") as object)
  cache.set(schema, validate)
  return validate
}

/** The description's operation object of `operationId`, with its path and the path's parameters. */
export const operationObject = (
  operationId: string
): { readonly path: string; readonly operation: any; readonly parameters: Array<any> } => {
  for (const [path, item] of Object.entries<any>(description.paths)) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const operation = item[method]
      if (operation?.operationId === operationId) {
        return {
          path,
          operation,
          parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve)
        }
      }
    }
  }
  throw new Error(`no operation ${operationId}`)
}
