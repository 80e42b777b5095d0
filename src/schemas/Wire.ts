/**
 * Results decoded from the wire in one pass: a `Schema.Struct` of the wire's own keys and primitives validates the
 * body, and one `Schema.transform` per class renames the fields, turns absent or `null` into `Option` and unix
 * milliseconds into `DateTime.Utc`, then makes the instance once (`make` without a second validation). A field is
 * declared once: `typeFields` gives the class its camelCase fields, `fromWire` the schema that decodes it.
 *
 * @since 0.4.0
 */
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * One field of a result: its wire key (`undefined`: the same as its name), the schema of its wire value, the schema
 * of its value in the class, and how one becomes the other (`undefined`: as it is).
 *
 * @since 0.4.0
 * @category models
 */
export interface Field<Key extends string, W extends Schema.Struct.Field, T extends Schema.Schema.Any> {
  readonly key: Key | undefined
  readonly wire: W
  readonly type: T
  readonly decode: ((wire: any) => unknown) | undefined
  readonly encode: ((value: any) => unknown) | undefined
}

/**
 * The fields of a result, by their camelCase name.
 *
 * @since 0.4.0
 * @category models
 */
export type Fields = { readonly [name: string]: Field<string, Schema.Struct.Field, Schema.Schema.Any> }

/**
 * The class fields of `F`: each field's schema in the class.
 *
 * @since 0.4.0
 * @category models
 */
export type TypeFields<F extends Fields> = { readonly [K in keyof F]: F[K]["type"] }

/**
 * The wire fields of `F`: each field's wire schema under its wire key.
 *
 * @since 0.4.0
 * @category models
 */
export type WireFields<F extends Fields> = {
  readonly [K in keyof F as F[K] extends Field<infer Key, any, any> ? [Key] extends [never] ? K : Key : never]: F[K][
    "wire"
  ]
}

/**
 * A required field, its value as the wire has it (`schema` decodes it: a class's `…FromWire`, an array of them…),
 * read from the wire key `key` when given.
 *
 * @since 0.4.0
 * @category constructors
 */
export const required = <S extends Schema.Schema.Any, const Key extends string = never>(
  schema: S,
  key?: Key
): Field<Key, S, Schema.SchemaClass<Schema.Schema.Type<S>>> => ({
  key,
  wire: schema,
  type: Schema.typeSchema(schema),
  decode: undefined,
  encode: undefined
})

/**
 * A field that may be absent or `null` on the wire: an `Option` in the class.
 *
 * @since 0.4.0
 * @category constructors
 */
export const optionOf = <S extends Schema.Schema.Any, const Key extends string = never>(
  schema: S,
  key?: Key
): Field<Key, Schema.optional<Schema.NullOr<S>>, Schema.OptionFromSelf<Schema.SchemaClass<Schema.Schema.Type<S>>>> => ({
  key,
  wire: Schema.optional(Schema.NullOr(schema)),
  type: Schema.OptionFromSelf(Schema.typeSchema(schema)),
  decode: Option.fromNullable,
  encode: Option.getOrUndefined
})

const minMillis = -8_640_000_000_000_000
const maxMillis = 8_640_000_000_000_000

/**
 * A unix timestamp in milliseconds that a `DateTime` can hold (what `Schema.DateTimeUtcFromNumber` accepts).
 *
 * @since 0.4.0
 * @category schemas
 */
export const EpochMillis: Schema.Schema<number> = Schema.declare(
  (u): u is number => typeof u === "number" && u >= minMillis && u <= maxMillis,
  {
    description: "a number of unix milliseconds",
    jsonSchema: { type: "number", minimum: minMillis, maximum: maxMillis },
    arbitrary: () => (fc) => fc.integer({ min: 0, max: 4_102_444_800_000 })
  }
)

// EpochMillis has checked the range, so this never throws
const toDateTime = (millis: number): DateTime.Utc => DateTime.unsafeMake(millis)

/**
 * A required unix-millisecond timestamp: a `DateTime.Utc` in the class.
 *
 * @since 0.4.0
 * @category constructors
 */
export const timestamp = <const Key extends string = never>(
  key?: Key
): Field<Key, typeof EpochMillis, typeof Schema.DateTimeUtcFromSelf> => ({
  key,
  wire: EpochMillis,
  type: Schema.DateTimeUtcFromSelf,
  decode: toDateTime,
  encode: DateTime.toEpochMillis
})

/**
 * A unix-millisecond timestamp that may be absent or `null`: an `Option<DateTime.Utc>` in the class.
 *
 * @since 0.4.0
 * @category constructors
 */
export const optionalTimestamp = <const Key extends string = never>(
  key?: Key
): Field<
  Key,
  Schema.optional<Schema.NullOr<typeof EpochMillis>>,
  Schema.OptionFromSelf<typeof Schema.DateTimeUtcFromSelf>
> => ({
  key,
  wire: Schema.optional(Schema.NullOr(EpochMillis)),
  type: Schema.OptionFromSelf(Schema.DateTimeUtcFromSelf),
  decode: (millis: number | null | undefined) => millis == null ? Option.none() : Option.some(toDateTime(millis)),
  encode: (value: Option.Option<DateTime.Utc>) => Option.isSome(value) ? DateTime.toEpochMillis(value.value) : undefined
})

/**
 * The class fields of `fields` (`Schema.Class<A>(identifier)(Wire.typeFields(fields))`).
 *
 * @since 0.4.0
 * @category constructors
 */
export const typeFields = <F extends Fields>(fields: F): TypeFields<F> => {
  const out: Record<string, Schema.Schema.Any> = {}
  for (const name of Object.keys(fields)) out[name] = fields[name]!.type
  return out as TypeFields<F>
}

/** The wire struct of `fields`, and the functions between a wire value and the props of its class. */
const codec = (fields: Fields) => {
  const names = Object.keys(fields)
  const keys = names.map((name) => fields[name]!.key ?? name)
  const decoders = names.map((name) => fields[name]!.decode)
  const encoders = names.map((name) => fields[name]!.encode)
  const wire: Record<string, Schema.Struct.Field> = {}
  names.forEach((name, i) => (wire[keys[i]!] = fields[name]!.wire))
  return {
    wire: Schema.Struct(wire),
    decode: (input: Record<string, unknown>): Record<string, unknown> => {
      const props: Record<string, unknown> = {}
      for (let i = 0; i < names.length; i++) {
        const decode = decoders[i]
        const value = input[keys[i]!]
        props[names[i]!] = decode === undefined ? value : decode(value)
      }
      return props
    },
    encode: (value: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      for (let i = 0; i < names.length; i++) {
        const encode = encoders[i]
        const field = value[names[i]!]
        out[keys[i]!] = encode === undefined ? field : encode(field)
      }
      return out
    }
  }
}

/**
 * A `Schema.Class`, as `fromWire` needs it: a schema of its instances, and its constructor.
 *
 * @since 0.4.0
 * @category models
 */
export interface Constructor<Self> extends Schema.Schema<Self, any> {
  new(props: any, options?: { readonly disableValidation?: boolean }): Self
}

/**
 * The schema that decodes the class `Class` (declared with `typeFields(fields)`) from the wire: the wire struct of
 * `fields`, validated once, then one instance made without validating again. Extra wire keys are ignored; a bad
 * field fails with the path of its wire key.
 *
 * @since 0.4.0
 * @category constructors
 */
export const fromWire = <C extends Constructor<any>, F extends Fields>(
  Class: C,
  fields: F
): Schema.transform<Schema.Struct<WireFields<F>>, Schema.SchemaClass<InstanceType<C>>> => {
  const { decode, encode, wire } = codec(fields)
  return Schema.transform(wire as unknown as Schema.Struct<WireFields<F>>, Schema.typeSchema(Class), {
    strict: false,
    decode: (input) => new Class(decode(input), { disableValidation: true }),
    encode: (value) => encode(value as Record<string, unknown>)
  })
}

/**
 * An object that is not a class (an inline object of Clerk's description), decoded from the wire as `fromWire`
 * decodes a class; having no class to make, its result is checked against its camelCase struct.
 *
 * @since 0.4.0
 * @category constructors
 */
export const struct = <F extends Fields>(
  fields: F
): Schema.transform<Schema.Struct<WireFields<F>>, Schema.SchemaClass<Schema.Struct.Type<TypeFields<F>>>> => {
  const { decode, encode, wire } = codec(fields)
  return Schema.transform(
    wire as unknown as Schema.Struct<WireFields<F>>,
    Schema.typeSchema(Schema.Struct(typeFields(fields))) as unknown as Schema.SchemaClass<
      Schema.Struct.Type<TypeFields<F>>
    >,
    { strict: false, decode, encode: (value) => encode(value as Record<string, unknown>) }
  )
}
