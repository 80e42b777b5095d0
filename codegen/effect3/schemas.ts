/**
 * Model types → `effect/Schema` expressions (Effect 3). Results are declared as `Wire` fields (src/schemas/Wire.ts):
 * one validation of the wire's own keys, then one transform that renames snake_case to camelCase, decodes
 * timestamps to `DateTime.Utc`, absent or `null` fields to `Option`, and makes the class; enums stay open. Inputs
 * rename with `fromKey` (encoded to the wire), with the description's bounds checked.
 */
import type { Direction, Property, Type } from "../model.js"
import { isIdentifier } from "../names.js"
import type { Imports } from "./Imports.js"

/** Where a referenced component schema's module is, from the module being written. */
export type RefModule = (name: string) => { readonly module: string; readonly name: string }

export interface SchemaContext {
  readonly imports: Imports
  readonly direction: Direction
  readonly refModule: RefModule
  /** Whether a referenced component schema is a class (decoded by its `…FromWire`). */
  readonly isClass: (name: string) => boolean
}

/** The `Wire` namespace, imported into the module being written. */
const wireNamespace = (ctx: SchemaContext) => ctx.imports.namespace("Wire", ctx.refModule("Wire").module)

const key = (name: string) => (isIdentifier(name) ? name : JSON.stringify(name))

const bounds = (
  ctx: SchemaContext,
  base: string,
  checks: ReadonlyArray<readonly [string, number | undefined]>
): string => {
  if (ctx.direction === "result") return base
  const pipes = checks.filter(([, n]) => n !== undefined).map(([check, n]) => `Schema.${check}(${n})`)
  return pipes.length === 0 ? base : `${base}.pipe(${pipes.join(", ")})`
}

/** The Schema expression of a type. */
export const schemaOf = (type: Type, ctx: SchemaContext): string => {
  switch (type.kind) {
    case "string":
      return ctx.direction === "input" && type.pattern !== undefined
        ? `Schema.String.pipe(Schema.pattern(new RegExp(${JSON.stringify(type.pattern)})))`
        : "Schema.String"
    case "number":
      return bounds(ctx, type.integer && ctx.direction === "input" ? "Schema.Int" : "Schema.Number", [
        [type.exclusiveMinimum === true ? "greaterThan" : "greaterThanOrEqualTo", type.minimum],
        ["lessThanOrEqualTo", type.maximum]
      ])
    case "boolean":
      return "Schema.Boolean"
    case "timestamp":
      return "Schema.DateTimeUtcFromNumber"
    case "binary":
      return ctx.direction === "input" ? ctx.imports.add("Upload", "../internal/operation.js") : "Schema.String"
    case "unknown":
      return "Schema.Unknown"
    case "record":
      return "Schema.Record({ key: Schema.String, value: Schema.Unknown })"
    case "literal":
      return `Schema.Literal(${JSON.stringify(type.value)})`
    case "enum": {
      const values = type.values.map((v) => JSON.stringify(v)).join(", ")
      if (ctx.direction === "input") return `Schema.Literal(${values})`
      const OpenEnum = ctx.imports.namespace("OpenEnum", ctx.refModule("OpenEnum").module)
      return `${OpenEnum}.make("effect-clerk/Unknown${type.name}", ${values})`
    }
    case "array":
      return bounds(ctx, `Schema.Array(${schemaOf(type.items, ctx)})`, [
        ["minItems", type.minItems],
        ["maxItems", type.maxItems]
      ])
    case "nullable":
      return `Schema.NullOr(${schemaOf(type.type, ctx)})`
    case "object":
      return ctx.direction === "result"
        ? `${wireNamespace(ctx)}.struct({\n${fieldsOf(type.properties, ctx)}\n})`
        : `Schema.Struct({\n${fieldsOf(type.properties, ctx)}\n})`
    case "union":
      return `Schema.Union(${type.members.map((m) => schemaOf(m, ctx)).join(", ")})`
    case "ref": {
      const target = ctx.refModule(type.name)
      const fromWire = ctx.direction === "result" && ctx.isClass(type.name)
      return ctx.imports.add(fromWire ? `${target.name}FromWire` : target.name, target.module)
    }
  }
}

/** A result field: a `Wire` field of its camelCase key, read from its wire key when renamed. */
const resultFieldOf = (property: Property, ctx: SchemaContext, schema: string): string => {
  const Wire = wireNamespace(ctx)
  const key = property.wireName !== property.name ? JSON.stringify(property.wireName) : undefined
  if (property.type.kind === "timestamp") {
    return `${Wire}.${property.optional ? "optionalTimestamp" : "timestamp"}(${key ?? ""})`
  }
  return `${Wire}.${property.optional ? "optionOf" : "required"}(${schema}${key === undefined ? "" : `, ${key}`})`
}

/** One input field: its schema, renamed with `fromKey` (`Field`) when its wire key differs. */
const inputFieldOf = (property: Property, ctx: SchemaContext, schema: string): string => {
  const renamed = property.wireName !== property.name
  const wire = JSON.stringify(property.wireName)
  const value = property.nullable ? `Schema.NullOr(${schema})` : schema
  if (!property.optional && !renamed) return value
  const Field = ctx.imports.namespace("Field", ctx.refModule("Field").module)
  return `${Field}.${property.optional ? "optional" : "required"}(${value}${renamed ? `, ${wire}` : ""})`
}

/** One field of a Struct or Class: its camelCase key and its field expression. */
export const fieldOf = (property: Property, ctx: SchemaContext, schema = schemaOf(property.type, ctx)): string => {
  const doc = property.deprecated ? "/** @deprecated */\n" : ""
  const field = ctx.direction === "result" ? resultFieldOf(property, ctx, schema) : inputFieldOf(property, ctx, schema)
  return `${doc}${key(property.name)}: ${field}`
}

export const fieldsOf = (properties: ReadonlyArray<Property>, ctx: SchemaContext): string =>
  properties.map((p) => fieldOf(p, ctx)).join(",\n")
