/**
 * The target-neutral model of the Backend API the emitters read: services, operations and schemas with the names
 * users see. Nothing in it is specific to one version of Effect; `normalize.ts` builds it from the description.
 */

/** A value's shape. `ref` names a component schema; `timestamp` is Clerk's unix milliseconds. */
export type Type =
  /** `pattern`: the description's regular expression (checked on inputs). */
  | { readonly kind: "string"; readonly pattern?: string | undefined }
  | {
    readonly kind: "number"
    readonly integer: boolean
    readonly minimum?: number | undefined
    /** OpenAPI 3.0's boolean: `minimum` itself is excluded. */
    readonly exclusiveMinimum?: boolean | undefined
    readonly maximum?: number | undefined
  }
  | { readonly kind: "boolean" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "binary" }
  | { readonly kind: "unknown" }
  | { readonly kind: "record" }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  /** An enum open to values Clerk adds later (in results); `name` names its unknown values. */
  | { readonly kind: "enum"; readonly name: string; readonly values: ReadonlyArray<string> }
  | {
    readonly kind: "array"
    readonly items: Type
    readonly minItems?: number | undefined
    readonly maxItems?: number | undefined
  }
  | { readonly kind: "nullable"; readonly type: Type }
  | { readonly kind: "object"; readonly properties: ReadonlyArray<Property> }
  | { readonly kind: "union"; readonly members: ReadonlyArray<Type> }
  | { readonly kind: "ref"; readonly name: string }

/** A field of an object: its wire (snake_case) name and the camelCase name users write. */
export interface Property {
  readonly wireName: string
  readonly name: string
  readonly type: Type
  /** Absent or `null` allowed: results decode it as an `Option`, inputs make it optional. */
  readonly optional: boolean
  /** `null` is a meaningful input value (Clerk clears the field). */
  readonly nullable: boolean
  readonly description: string | undefined
  readonly deprecated: boolean
}

/** Whether a schema is read (decoded from a response) or written (validated and encoded into a request). */
export type Direction = "result" | "input"

/** A component schema of the description. */
export interface NamedSchema {
  /** PascalCase name of the class (`User`, `JwksRsaPublicKey`). */
  readonly name: string
  /** Its key in `components.schemas`. */
  readonly wireName: string
  readonly description: string | undefined
  readonly type: Type
  readonly direction: Direction
  /** Component schemas it refers to. */
  readonly refs: ReadonlyArray<string>
}

/** Where an input field goes on the wire. */
export type Location = "path" | "query" | "body" | "form"

/** One field of an operation's input object. */
export interface Field extends Property {
  readonly location: Location
}

/** How the pages of a list operation are walked. */
export interface Pagination {
  /** `offset`: `limit` + `offset`; `cursor`: `limit` + `starting_after` (the last item's id). */
  readonly kind: "offset" | "cursor"
  /** The field of the page holding the items (`data`), or `undefined` when the page is a bare array. */
  readonly itemsField: string | undefined
  /** The field holding the total, when the page has one (`total_count`). */
  readonly totalField: string | undefined
}

/** The request body's kind: a JSON object of fields, a JSON array (`items`), or multipart fields. */
export type BodyKind = "none" | "json" | "json-array" | "multipart"

/** One operation of the Backend API. */
export interface Operation {
  /** Clerk's `operationId` (`GetUserList`). */
  readonly operationId: string
  /** The method name: the `operationId` in lowerCamelCase (`getUserList`). */
  readonly name: string
  /** The service it belongs to (its first tag). */
  readonly service: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** The path after `/v1` as in the description (`/users/{user_id}`). */
  readonly path: string
  /** Its segments: literal text, or the input field that fills it. */
  readonly segments: ReadonlyArray<{ readonly literal: string } | { readonly field: string }>
  readonly summary: string | undefined
  readonly description: string | undefined
  readonly deprecated: boolean
  readonly fields: ReadonlyArray<Field>
  readonly bodyKind: BodyKind
  /** The decoded 2xx answer; `undefined` when the operation answers without a body (204, 202). */
  readonly result: Type | undefined
  /** The status-specific errors the operation documents (404 → `NotFound`, 410 → `Gone`). */
  readonly allow: ReadonlyArray<"NotFound" | "Gone">
  readonly idempotent: boolean
  readonly coalesce: boolean
  readonly rateLimited: boolean
  readonly pagination: Pagination | undefined
}

/** The operations of one tag. */
export interface Service {
  /** PascalCase (`Users`, `OrganizationMemberships`): the module, the tag and the entry point. */
  readonly name: string
  /** Clerk's tag (`Organization Memberships`). */
  readonly tag: string
  readonly description: string | undefined
  readonly externalDocs: string | undefined
  readonly operations: ReadonlyArray<Operation>
  /** A hand-written service (`Sessions`) that adds these operations to its own. */
  readonly extends: boolean
}

/** The whole description, normalized. */
export interface Api {
  readonly title: string
  readonly version: string
  readonly services: ReadonlyArray<Service>
  readonly schemas: ReadonlyArray<NamedSchema>
}
