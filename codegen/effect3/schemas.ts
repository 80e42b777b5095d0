/**
 * Model types → `effect/Schema` expressions (Effect 3). Results rename snake_case to camelCase with `fromKey`,
 * decode timestamps to `DateTime.Utc`, absent or `null` fields to `Option`, and keep enums open; inputs are the
 * same renaming in reverse (encoded to the wire), with the description's bounds checked.
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
}

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
      return `Schema.Struct({\n${fieldsOf(type.properties, ctx)}\n})`
    case "union":
      return `Schema.Union(${type.members.map((m) => schemaOf(m, ctx)).join(", ")})`
    case "ref": {
      const target = ctx.refModule(type.name)
      return ctx.imports.add(target.name, target.module)
    }
  }
}

/** One field of a Struct or Class: its camelCase key, its schema and (when renamed) its wire key. */
export const fieldOf = (property: Property, ctx: SchemaContext, schema = schemaOf(property.type, ctx)): string => {
  const doc = property.deprecated ? "/** @deprecated */\n" : ""
  const renamed = property.wireName !== property.name
  const wire = JSON.stringify(property.wireName)
  const Field = () => ctx.imports.namespace("Field", ctx.refModule("Field").module)
  const value = ctx.direction === "input" && property.nullable ? `Schema.NullOr(${schema})` : schema
  const signature = property.optional
    ? `${Field()}.${ctx.direction === "result" ? "optionOf" : "optional"}(${value}${renamed ? `, ${wire}` : ""})`
    : renamed
    ? `${Field()}.required(${value}, ${wire})`
    : value
  return `${doc}${key(property.name)}: ${signature}`
}

export const fieldsOf = (properties: ReadonlyArray<Property>, ctx: SchemaContext): string =>
  properties.map((p) => fieldOf(p, ctx)).join(",\n")
