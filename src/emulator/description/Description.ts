/**
 * The parts of an OpenAPI 3.0 description the emulator reads (operations, parameters, bodies, responses and
 * JSON schemas), and its operations as a table: local `$ref`s resolved, path-level parameters merged in.
 *
 * @since 0.4.0
 */

/**
 * A JSON schema of the description (the OpenAPI 3.0 dialect: `nullable`, `discriminator`, `example`).
 *
 * @since 0.4.0
 * @category models
 */
export interface Schema {
  readonly $ref?: string
  readonly type?: string
  readonly format?: string
  readonly nullable?: boolean
  readonly enum?: ReadonlyArray<unknown>
  readonly const?: unknown
  readonly properties?: Readonly<Record<string, Schema>>
  readonly required?: ReadonlyArray<string>
  readonly additionalProperties?: boolean | Schema
  readonly items?: Schema
  readonly oneOf?: ReadonlyArray<Schema>
  readonly anyOf?: ReadonlyArray<Schema>
  readonly allOf?: ReadonlyArray<Schema>
  readonly minimum?: number
  readonly maximum?: number
  /** OpenAPI 3.0: `true` makes `minimum` exclusive. */
  readonly exclusiveMinimum?: boolean
  readonly exclusiveMaximum?: boolean
  readonly minLength?: number
  readonly maxLength?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly pattern?: string
  readonly default?: unknown
  readonly example?: unknown
  readonly deprecated?: boolean
}

/**
 * A parameter (path, query or header).
 *
 * @since 0.4.0
 * @category models
 */
export interface Parameter {
  readonly $ref?: string
  readonly name: string
  readonly in: "path" | "query" | "header" | "cookie"
  readonly required?: boolean
  readonly schema?: Schema
}

/**
 * A response: its JSON schema, when it has a body.
 *
 * @since 0.4.0
 * @category models
 */
export interface Response {
  readonly $ref?: string
  readonly content?: Readonly<Record<string, { readonly schema?: Schema }>>
}

/**
 * An operation as the description writes it.
 *
 * @since 0.4.0
 * @category models
 */
export interface RawOperation {
  readonly operationId: string
  readonly deprecated?: boolean
  readonly parameters?: ReadonlyArray<Parameter>
  readonly requestBody?: {
    readonly required?: boolean
    readonly content?: Readonly<Record<string, { readonly schema?: Schema }>>
  }
  readonly responses: Readonly<Record<string, Response>>
}

/**
 * The description.
 *
 * @since 0.4.0
 * @category models
 */
export interface Document {
  readonly version: string
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  readonly components: {
    readonly schemas: Readonly<Record<string, Schema>>
    readonly responses: Readonly<Record<string, Response>>
    readonly parameters: Readonly<Record<string, Parameter>>
  }
}

/**
 * An operation, ready to match and answer.
 *
 * @since 0.4.0
 * @category models
 */
export interface Operation {
  readonly operationId: string
  readonly method: string
  /** The description's path template, without `/v1` (`/users/{user_id}`). */
  readonly path: string
  readonly segments: ReadonlyArray<string>
  readonly parameters: ReadonlyArray<Parameter>
  /** `application/json`, `multipart/form-data`, or undefined when the operation takes no body. */
  readonly bodyType: string | undefined
  readonly bodyRequired: boolean
  readonly body: Schema | undefined
  /** The documented success status, and its JSON schema (undefined: an empty answer). */
  readonly success: { readonly status: number; readonly schema: Schema | undefined }
  /** Every documented status. */
  readonly statuses: ReadonlyArray<number>
}

const methods = ["get", "post", "put", "patch", "delete"]

/**
 * The target of a local `$ref` (`#/components/schemas/User`), followed until it is not a reference.
 *
 * @since 0.4.0
 * @category resolving
 */
export const resolve = <A extends { readonly $ref?: string }>(document: Document, node: A): A => {
  let current: any = node
  for (let hops = 0; typeof current?.$ref === "string" && hops < 32; hops++) {
    current = current.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], document)
  }
  return current as A
}

/**
 * Every operation of the description, in its order.
 *
 * @since 0.4.0
 * @category constructors
 */
export const operations = (document: Document): ReadonlyArray<Operation> =>
  Object.entries(document.paths).flatMap(([path, item]) => {
    const shared = (item.parameters ?? []) as ReadonlyArray<Parameter>
    return Object.entries(item).filter(([method]) => methods.includes(method)).map(([method, value]) => {
      const raw = value as RawOperation
      const own = (raw.parameters ?? []).map((parameter) => resolve(document, parameter))
      const parameters = [
        ...shared.map((parameter) => resolve(document, parameter)).filter((p) =>
          !own.some((o) => o.name === p.name && o.in === p.in)
        ),
        ...own
      ]
      const bodyType = Object.keys(raw.requestBody?.content ?? {})[0]
      const statuses = Object.keys(raw.responses).map(Number).filter(Number.isInteger)
      const status = statuses.filter((s) => s >= 200 && s < 300).sort()[0] ?? 200
      const response = resolve(document, raw.responses[String(status)] ?? {})
      return {
        operationId: raw.operationId,
        method: method.toUpperCase(),
        path,
        segments: path.split("/").filter((segment) => segment.length > 0),
        parameters,
        bodyType,
        bodyRequired: raw.requestBody?.required === true,
        body: bodyType === undefined ? undefined : raw.requestBody?.content?.[bodyType]?.schema,
        success: { status, schema: response.content?.["application/json"]?.schema },
        statuses
      }
    })
  })

/**
 * The properties of an object schema, those of its `allOf` parts included.
 *
 * @since 0.4.0
 * @category resolving
 */
export const properties = (document: Document, given: Schema): Readonly<Record<string, Schema>> => {
  const schema = resolve(document, given)
  return Object.assign(
    {},
    ...(schema.allOf ?? []).map((part) => properties(document, part)),
    schema.properties ?? {}
  )
}
