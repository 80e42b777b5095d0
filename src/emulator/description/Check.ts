/**
 * Checks a JSON value against a schema of the description, the way the emulator judges requests: every issue,
 * each with the path of the offending value and what is wrong (missing, badly formed, out of range, unknown).
 *
 * @since 0.4.0
 */
import { type Document, resolve, type Schema } from "./Description.js"

/**
 * What is wrong with a value: `missing` (a required field), `format` (wrong type or shape), `value` (not one of
 * the allowed values, out of range), `unknown` (a field the schema does not have).
 *
 * @since 0.4.0
 * @category models
 */
export interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly kind: "missing" | "format" | "value" | "unknown"
  readonly message: string
}

const typeOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
    ? "array"
    : typeof value === "number"
    ? Number.isInteger(value) ? "integer" : "number"
    : typeof value

const typeMatches = (type: string, value: unknown): boolean => {
  const actual = typeOf(value)
  return actual === type || (type === "number" && actual === "integer")
}

const isObject = (value: unknown): value is Record<string, unknown> => typeOf(value) === "object"

const name = (path: ReadonlyArray<string | number>): string => path.length === 0 ? "the body" : path.join(".")

const patternMatches = (pattern: string, value: string): boolean => {
  try {
    return new RegExp(pattern, "u").test(value)
  } catch {
    return true
  }
}

/**
 * Every issue of `value` against `schema` (none: the value is valid).
 *
 * @since 0.4.0
 * @category checking
 */
export const check = (
  document: Document,
  given: Schema,
  value: unknown,
  path: ReadonlyArray<string | number> = []
): ReadonlyArray<Issue> => {
  const schema = resolve(document, given)
  const at = name(path)
  if (value === null) {
    return schema.nullable === true || (schema.type === undefined && schema.allOf === undefined &&
        schema.oneOf === undefined && schema.anyOf === undefined && schema.enum === undefined)
      ? []
      : [{ path, kind: "format", message: `${at} must not be null.` }]
  }
  if (schema.allOf !== undefined) {
    const issues = schema.allOf.flatMap((part) => check(document, part, value, path))
    if (issues.length > 0) return issues
  }
  const alternatives = schema.oneOf ?? schema.anyOf
  if (alternatives !== undefined && !alternatives.some((part) => check(document, part, value, path).length === 0)) {
    // an object's own issues (a missing required field) say more than "no shape matched"
    const own = isObject(value) ? checkObject(document, schema, value, path) : []
    return own.length > 0 ? own : [{ path, kind: "format", message: `${at} does not match any of the allowed shapes.` }]
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    return [{ path, kind: "value", message: `${at} must be one of: ${schema.enum.join(", ")}.` }]
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    return [{ path, kind: "format", message: `${at} must be ${article(schema.type)}.` }]
  }
  if (typeof value === "string") return checkString(schema, value, path)
  if (typeof value === "number") return checkNumber(schema, value, path)
  if (Array.isArray(value)) return checkArray(document, schema, value, path)
  if (isObject(value)) return checkObject(document, schema, value, path)
  return []
}

const article = (type: string) =>
  type === "integer" || type === "object" || type === "array" ? `an ${type}` : `a ${type}`

const checkString = (schema: Schema, value: string, path: ReadonlyArray<string | number>): ReadonlyArray<Issue> => {
  const at = name(path)
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return [{ path, kind: "value", message: `${at} must be at least ${schema.minLength} characters long.` }]
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    return [{ path, kind: "value", message: `${at} must be at most ${schema.maxLength} characters long.` }]
  }
  if (schema.pattern !== undefined && !patternMatches(schema.pattern, value)) {
    return [{ path, kind: "format", message: `${at} does not have the expected format.` }]
  }
  if (schema.format === "email" && !/^[^@\s]+@[^@\s]+$/.test(value)) {
    return [{ path, kind: "format", message: `${at} must be a valid email address.` }]
  }
  return []
}

const checkNumber = (schema: Schema, value: number, path: ReadonlyArray<string | number>): ReadonlyArray<Issue> => {
  const at = name(path)
  if (
    schema.minimum !== undefined &&
    (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)
  ) {
    const bound = schema.exclusiveMinimum === true ? "greater than" : "greater than or equal to"
    return [{ path, kind: "value", message: `${at} must be ${bound} ${schema.minimum}.` }]
  }
  if (
    schema.maximum !== undefined &&
    (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)
  ) {
    const bound = schema.exclusiveMaximum === true ? "less than" : "less than or equal to"
    return [{ path, kind: "value", message: `${at} must be ${bound} ${schema.maximum}.` }]
  }
  return []
}

const checkArray = (
  document: Document,
  schema: Schema,
  value: ReadonlyArray<unknown>,
  path: ReadonlyArray<string | number>
): ReadonlyArray<Issue> => {
  const at = name(path)
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    return [{ path, kind: "value", message: `${at} must have at least ${schema.minItems} items.` }]
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    return [{ path, kind: "value", message: `${at} must have at most ${schema.maxItems} items.` }]
  }
  const items = schema.items
  return items === undefined ? [] : value.flatMap((item, index) => check(document, items, item, [...path, index]))
}

const checkObject = (
  document: Document,
  schema: Schema,
  value: Readonly<Record<string, unknown>>,
  path: ReadonlyArray<string | number>
): ReadonlyArray<Issue> => {
  const properties = schema.properties ?? {}
  const missing = (schema.required ?? []).filter((key) => value[key] === undefined).map((key): Issue => ({
    path: [...path, key],
    kind: "missing",
    message: `${name([...path, key])} must be included.`
  }))
  const fields = Object.entries(value).flatMap(([key, field]): ReadonlyArray<Issue> => {
    const property = properties[key]
    if (property !== undefined) return field === undefined ? [] : check(document, property, field, [...path, key])
    const extra = schema.additionalProperties
    if (extra === false) {
      return [{ path: [...path, key], kind: "unknown", message: `${name([...path, key])} is not a known parameter.` }]
    }
    return typeof extra === "object" ? check(document, extra, field, [...path, key]) : []
  })
  return [...missing, ...fields]
}
