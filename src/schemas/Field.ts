/**
 * The fields of the generated input schemas, renamed to the wire's snake_case with `fromKey` (results are declared
 * with `Wire`). One generic call per field instead of a `.pipe(...)` chain keeps type-checking cheap.
 *
 * @since 0.4.0
 */
import * as Schema from "effect/Schema"

/**
 * A required field written to the wire key `key`.
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
