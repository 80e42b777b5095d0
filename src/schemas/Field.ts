/**
 * The fields of the generated schemas, renamed from the wire's snake_case with `fromKey`. One generic call per field
 * instead of a `.pipe(...)` chain keeps type-checking of the ~3,000 generated fields cheap.
 *
 * @since 0.4.0
 */
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * A required field read from (and written to) the wire key `key`.
 *
 * @since 0.4.0
 * @category schemas
 */
export const required = <S extends Schema.Schema.Any, const Key extends string>(
  schema: S,
  key: Key
): Schema.PropertySignature<
  ":",
  Schema.Schema.Type<S>,
  Key,
  ":",
  Schema.Schema.Encoded<S>,
  false,
  Schema.Schema.Context<S>
> => Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/**
 * A result field that may be absent or `null`: decoded as an `Option` (from the wire key `key`, when given).
 *
 * @since 0.4.0
 * @category schemas
 */
export const optionOf = <S extends Schema.Schema.Any, const Key extends PropertyKey = never>(
  schema: S,
  key?: Key
): Schema.PropertySignature<
  ":",
  Option.Option<Schema.Schema.Type<S>>,
  [Key] extends [never] ? never : Key,
  "?:",
  Schema.Schema.Encoded<S> | null | undefined,
  false,
  Schema.Schema.Context<S>
> => {
  const field = Schema.optionalWith(schema, { nullable: true, as: "Option" })
  return (key === undefined ? field : field.pipe(Schema.fromKey(key))) as any
}

/**
 * An input field that may be left out (written to the wire key `key`, when given).
 *
 * @since 0.4.0
 * @category schemas
 */
export const optional = <S extends Schema.Schema.Any, const Key extends PropertyKey = never>(
  schema: S,
  key?: Key
): Schema.PropertySignature<
  "?:",
  Schema.Schema.Type<S> | undefined,
  [Key] extends [never] ? never : Key,
  "?:",
  Schema.Schema.Encoded<S> | undefined,
  false,
  Schema.Schema.Context<S>
> => {
  const field = Schema.optional(schema)
  return (key === undefined ? field : field.pipe(Schema.fromKey(key))) as any
}
