/**
 * Builds a value valid against a schema of the description: its `example` when the example is valid, else the
 * first allowed value, a plausible value for the field's name and format (`*_at` is the emulator's clock,
 * `email_address` an address), every declared property, and empty arrays (or as many items as `minItems` asks).
 * The same schema, key and time always give the same value.
 *
 * @since 0.4.0
 */
import * as Ids from "../Ids.js"
import { check } from "./Check.js"
import { type Document, properties, resolve, type Schema } from "./Description.js"
import * as Pattern from "./Pattern.js"

/**
 * What a synthesised value depends on: `key` makes its ids and strings (the same key, the same value), `now`
 * its timestamps, `id` the `id` of the top-level object.
 *
 * @since 0.4.0
 * @category models
 */
export interface Hints {
  readonly key: string
  readonly now: number
  readonly id?: string | undefined
}

const maxDepth = 6

const exampleOf = (document: Document, schema: Schema): unknown =>
  schema.example !== undefined && check(document, schema, schema.example).length === 0 ? schema.example : undefined

/**
 * The prefix of the ids of a schema's objects, from its `object` tag (`domain` → `domain`, `saml_connection`
 * → `saml_conn`; `obj` without a tag).
 *
 * @since 0.4.0
 * @category ids
 */
export const idPrefix = (document: Document, given: Schema): string => {
  const object = resolve(document, properties(document, given).object ?? {})
  const tag = object.enum?.[0]
  return typeof tag === "string" ? tag.split("_").map((word) => word.slice(0, 4)).join("_") : "obj"
}

/**
 * A value valid against `schema` (under `field`, the property name it is for, when there is one).
 *
 * @since 0.4.0
 * @category constructors
 */
export const synthesize = (document: Document, schema: Schema, hints: Hints, field = "", depth = 0): unknown => {
  const resolved = resolve(document, schema)
  const example = exampleOf(document, resolved)
  if (resolved.allOf !== undefined) {
    return resolved.allOf.reduce<unknown>((merged, part) => {
      const value = synthesize(document, part, hints, field, depth)
      return typeof merged === "object" && merged !== null && typeof value === "object" && value !== null
        ? { ...merged, ...value }
        : value
    }, undefined)
  }
  const first = (resolved.oneOf ?? resolved.anyOf)?.[0]
  if (first !== undefined && resolved.properties === undefined) return synthesize(document, first, hints, field, depth)
  if (resolved.const !== undefined) return resolved.const
  if (resolved.enum !== undefined) return resolved.enum.find((value) => value !== null) ?? null
  if (resolved.nullable === true && depth >= maxDepth) return null
  switch (resolved.type) {
    case "object":
    case undefined: {
      if (resolved.properties === undefined) {
        return example !== undefined && typeof example === "object" ? example : {}
      }
      const required = resolved.required ?? []
      const entries = Object.entries(resolved.properties).filter(([key]) => depth < maxDepth || required.includes(key))
      const object: Record<string, unknown> = Object.fromEntries([
        // required fields the description forgot to declare can hold anything
        ...required.filter((key) => resolved.properties?.[key] === undefined).map((key) => [key, null]),
        ...entries.map(([key, property]) => [
          key,
          key === "id"
            ? id(document, resolved, property, hints, depth)
            : synthesize(document, property, { ...hints, key: `${hints.key}.${key}` }, key, depth + 1)
        ])
      ])
      const branch = first === undefined ? undefined : synthesize(document, first, hints, field, depth)
      return typeof branch === "object" && branch !== null ? { ...object, ...branch } : object
    }
    case "array": {
      const count = resolved.minItems ?? 0
      const items = resolved.items ?? {}
      return Array.from(
        { length: count },
        (_, i) => synthesize(document, items, { ...hints, key: `${hints.key}.${i}` }, field, depth + 1)
      )
    }
    case "integer":
    case "number":
      return example ?? number(resolved, field, hints.now)
    case "boolean":
      return example ?? resolved.default ?? false
    case "string":
      return example ?? string(resolved, field, hints.key)
    default:
      return example ?? null
  }
}

const id = (document: Document, owner: Schema, schema: Schema, hints: Hints, depth: number): string => {
  const property = resolve(document, schema)
  const candidate = depth === 0 && hints.id !== undefined ? hints.id : Ids.make(idPrefix(document, owner), depth)
  if (check(document, property, candidate).length === 0) return candidate
  return property.pattern === undefined ? candidate : Pattern.example(property.pattern, hints.key) ?? candidate
}

const number = (schema: Schema, field: string, now: number): number => {
  if (schema.default !== undefined && typeof schema.default === "number") return schema.default
  const candidate = /_at$|^expiration$|^timestamp$/.test(field) ? now : 0
  const low = schema.minimum === undefined ? -Infinity : schema.minimum + (schema.exclusiveMinimum === true ? 1 : 0)
  const high = schema.maximum === undefined ? Infinity : schema.maximum - (schema.exclusiveMaximum === true ? 1 : 0)
  return Math.min(high, Math.max(low, candidate))
}

const string = (schema: Schema, field: string, key: string): string => {
  if (typeof schema.default === "string") return schema.default
  const base = schema.format === "email" || field.startsWith("email_address")
    ? `${Ids.noise(key, 8).toLowerCase()}@example.com`
    : schema.format === "date-time" || field.endsWith("_at")
    ? "2026-01-01T00:00:00.000Z"
    : schema.format === "uri" || schema.format === "url" || /url$/.test(field)
    ? `https://example.com/${Ids.noise(key, 8)}`
    : field === "phone_number"
    ? "+15555550100"
    : schema.pattern !== undefined
    ? Pattern.example(schema.pattern, key) ?? ""
    : `${field || "value"}_${Ids.noise(key, 8)}`
  const padded = base.padEnd(schema.minLength ?? 0, "x")
  return schema.maxLength === undefined ? padded : padded.slice(0, schema.maxLength)
}
