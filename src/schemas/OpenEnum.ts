/**
 * Forward-compatible enums: the known literals, plus any other string Clerk adds later (branded, so it still
 * type-checks against the known ones).
 *
 * @since 0.1.0
 */
import type * as Brand from "effect/Brand"
import * as Schema from "effect/Schema"

/**
 * A string enum value this version of effect-clerk does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export type UnknownValue<Name extends string> = string & Brand.Brand<Name>

/**
 * Builds a schema that decodes the known `literals` as themselves and any other string as an
 * {@link UnknownValue}, instead of failing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <const Literals extends ReadonlyArray<string>, const Name extends string>(
  name: Name,
  ...literals: Literals
) => Schema.Union(Schema.Literal(...literals), Schema.String.pipe(Schema.brand(name)))
