/**
 * Validates a request against its operation: path and query parameters (read from their text: `10` for an
 * integer, `true`/`false` for a boolean, arrays as repeated keys, `name=a&name=b` or `name[]=a`) and the JSON body.
 *
 * @since 0.4.0
 */
import { check, type Issue } from "./Check.js"
import { type Document, type Operation, type Parameter, resolve, type Schema } from "./Description.js"

/**
 * A problem with a request parameter: the issue, named after the parameter (`meta.param_name`).
 *
 * @since 0.4.0
 * @category models
 */
export interface ParamIssue extends Issue {
  readonly param: string
}

const coerce = (document: Document, given: Schema | undefined, text: string): unknown => {
  const schema = resolve(document, given ?? {})
  const type = schema.type ?? resolve(document, (schema.oneOf ?? schema.anyOf ?? [])[0] ?? {}).type
  switch (type) {
    case "integer":
    case "number":
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text
    default:
      return text
  }
}

/**
 * The value of a query or path parameter, typed as its schema says (`undefined` when absent).
 *
 * @since 0.4.0
 * @category parameters
 */
export const parameterValue = (
  document: Document,
  parameter: Parameter,
  query: URLSearchParams,
  pathParams: Readonly<Record<string, string>>
): unknown => {
  if (parameter.in === "path") {
    const raw = pathParams[parameter.name]
    return raw === undefined ? undefined : coerce(document, parameter.schema, raw)
  }
  const schema = resolve(document, parameter.schema ?? {})
  const raws = [...query.getAll(parameter.name), ...query.getAll(`${parameter.name}[]`)]
  if (raws.length === 0) return undefined
  return schema.type === "array"
    ? raws.flatMap((raw) => raw.split(",")).map((raw) => coerce(document, schema.items, raw))
    : coerce(document, schema, raws[raws.length - 1]!)
}

/**
 * Every issue of the request's path and query parameters.
 *
 * @since 0.4.0
 * @category validation
 */
export const parameters = (
  document: Document,
  operation: Operation,
  query: URLSearchParams,
  pathParams: Readonly<Record<string, string>>
): ReadonlyArray<ParamIssue> =>
  operation.parameters.filter((parameter) => parameter.in === "path" || parameter.in === "query").flatMap(
    (parameter) => {
      const value = parameterValue(document, parameter, query, pathParams)
      if (value === undefined || value === "") {
        return parameter.required === true
          ? [{
            param: parameter.name,
            path: [],
            kind: "missing" as const,
            message: `${parameter.name} must be included.`
          }]
          : []
      }
      return check(document, parameter.schema ?? {}, value).map((issue) => ({
        ...issue,
        param: parameter.name,
        message: issue.message.replace(/^the body/, parameter.name)
      }))
    }
  )

/**
 * Every issue of the JSON body (an absent body is checked as `{}` when the body is an object).
 *
 * @since 0.4.0
 * @category validation
 */
export const body = (document: Document, operation: Operation, json: unknown): ReadonlyArray<ParamIssue> => {
  if (operation.body === undefined || operation.bodyType !== "application/json") return []
  const schema = resolve(document, operation.body)
  const value = json ?? (schema.type === "object" || schema.properties !== undefined ? {} : undefined)
  if (value === undefined) {
    return operation.bodyRequired ? [{ param: "body", path: [], kind: "missing", message: "A body is required." }] : []
  }
  return check(document, schema, value).map((issue) => ({ ...issue, param: String(issue.path[0] ?? "body") }))
}
