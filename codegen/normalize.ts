/**
 * The description (OpenAPI 3.0, parsed YAML) → the target-neutral model (`model.ts`): refs resolved, `allOf`
 * merged, names chosen (`names.ts`), the decisions of `rules.ts` applied. Fails on what it cannot represent
 * faithfully instead of guessing.
 */
import type {
  Api,
  BodyKind,
  Direction,
  Field,
  Location,
  NamedSchema,
  Operation,
  Pagination,
  Property,
  Service,
  Type
} from "./model.js"
import { camel, methodName, pascal, serviceName } from "./names.js"
import {
  coalesces,
  handWritten,
  handWrittenSchemas,
  isIdempotent,
  isRateLimited,
  omittedQueryParameters
} from "./rules.js"

type Json = any

const httpMethods = ["get", "post", "put", "patch", "delete"] as const

/** Clerk's unix-millisecond timestamps: integer fields named `*_at`, or described as a unix/millisecond timestamp. */
const isTimestamp = (wireName: string, schema: Json): boolean => {
  if (schema.type !== "integer" && schema.type !== "number") return false
  const text = String(schema.description ?? "").toLowerCase()
  return wireName.endsWith("_at") || /unix timestamp|in milliseconds/.test(text) || wireName === "expiration"
}

/** The first paragraph of a description, trimmed; `undefined` when empty. */
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined

export const normalize = (doc: Json): Api => {
  // a component named like a service (`Domains`, a page of domains) gets `List`: the service's tag has the name
  const serviceNames = new Set(
    Object.values<Json>(doc.paths).flatMap((item) => httpMethods.map((m) => item[m]?.tags?.[0]).filter(Boolean))
      .map(serviceName)
  )
  const schemaName = (component: string): string =>
    handWrittenSchemas[component]?.name ??
      (serviceNames.has(pascal(component)) ? `${pascal(component)}List` : pascal(component))
  const resolve = (node: Json): Json => {
    let at = node
    for (let depth = 0; typeof at?.$ref === "string"; depth++) {
      if (depth > 32) throw new Error(`$ref cycle at ${node.$ref}`)
      if (!at.$ref.startsWith("#/")) throw new Error(`external $ref ${at.$ref} is not supported`)
      at = at.$ref.slice(2).split("/").reduce((o: Json, key: string) => o?.[key], doc)
      if (at === undefined) throw new Error(`unresolved $ref ${node.$ref}`)
    }
    return at
  }
  const componentName = (ref: string): string | undefined =>
    ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : undefined

  /** Component schemas reached, with the direction they are used in. */
  const reached = new Map<string, Direction>()

  const typeOf = (schema: Json, direction: Direction, owner: string): Type => {
    if (schema === undefined || schema === null || schema === true) return { kind: "unknown" }
    if (typeof schema.$ref === "string") {
      const component = componentName(schema.$ref)
      if (component === undefined) return typeOf(resolve(schema), direction, owner)
      const previous = reached.get(component)
      if (previous !== undefined && previous !== direction) {
        throw new Error(`component ${component} is used both in results and inputs: give each its own model`)
      }
      if (previous === undefined) {
        reached.set(component, direction)
        named.set(component, undefined)
      }
      return { kind: "ref", name: schemaName(component) }
    }
    if (Array.isArray(schema.allOf)) {
      if (schema.allOf.length === 1) return typeOf(schema.allOf[0], direction, owner)
      return objectOf(mergeAll(schema.allOf), direction, owner)
    }
    // `anyOf: [{ required: [a] }, { required: [b] }]` beside `properties` constrains presence, not the shape
    const alternatives = (schema.oneOf ?? schema.anyOf)?.filter((member: Json) => !isConstraintOnly(member))
    if (Array.isArray(alternatives) && alternatives.length > 0) {
      const members = alternatives.map((member: Json, i: number) => typeOf(member, direction, `${owner}${i + 1}`))
      return members.length === 1 ? members[0]! : { kind: "union", members }
    }
    if (Array.isArray(schema.enum)) {
      const values = schema.enum.filter((v: unknown) => v !== null)
      if (values.length === 1) return { kind: "literal", value: values[0] }
      if (values.every((v: unknown) => typeof v === "string")) return { kind: "enum", name: owner, values }
      return { kind: "union", members: values.map((value: string | number | boolean) => ({ kind: "literal", value })) }
    }
    switch (schema.type) {
      case "string":
        return schema.format === "binary" ? { kind: "binary" } : { kind: "string", pattern: schema.pattern }
      case "integer":
      case "number":
        return {
          kind: "number",
          integer: schema.type === "integer",
          minimum: schema.minimum,
          exclusiveMinimum: schema.exclusiveMinimum === true ? true : undefined,
          maximum: schema.maximum
        }
      case "boolean":
        return { kind: "boolean" }
      case "array":
        return {
          kind: "array",
          items: typeOf(schema.items, direction, owner),
          minItems: schema.minItems,
          maxItems: schema.maxItems
        }
      case "object":
      case undefined:
        return schema.properties !== undefined ? objectOf(schema, direction, owner) : schema.type === "object"
          ? { kind: "record" }
          : { kind: "unknown" }
      default:
        throw new Error(`unsupported schema type ${JSON.stringify(schema.type)} in ${owner}`)
    }
  }

  /** `allOf` members merged into one object schema (their properties and required lists). */
  const mergeAll = (members: ReadonlyArray<Json>): Json => {
    const properties: Record<string, Json> = {}
    const required = new Set<string>()
    for (const member of members) {
      const schema = resolve(member)
      const inner = Array.isArray(schema.allOf) ? mergeAll(schema.allOf) : schema
      Object.assign(properties, inner.properties ?? {})
      for (const key of inner.required ?? []) required.add(key)
    }
    return { type: "object", properties, required: [...required] }
  }

  const propertiesOf = (schema: Json, direction: Direction, owner: string): Array<Property> => {
    const required = new Set<string>(schema.required ?? [])
    const entries = Object.entries<Json>(schema.properties ?? {})
    const wireNames = new Set(entries.map(([wire]) => wire))
    return entries.map(([wireName, raw]) => {
      const property = resolve(raw)
      const nullable = property.nullable === true || raw.nullable === true
      // two wire names with one camelCase name (`frontendApi`, `frontend_api`): the second keeps its wire name
      const name = camel(wireName) !== wireName && wireNames.has(camel(wireName)) ? wireName : camel(wireName)
      const type: Type = direction === "result" && isTimestamp(wireName, property)
        ? { kind: "timestamp" }
        : typeOf(raw, direction, owner + pascal(wireName))
      return {
        wireName,
        name,
        type,
        optional: !required.has(wireName) || (direction === "result" && nullable),
        nullable,
        description: text(property.description ?? raw.description),
        deprecated: property.deprecated === true || raw.deprecated === true
      }
    })
  }

  const objectOf = (schema: Json, direction: Direction, owner: string): Type => ({
    kind: "object",
    properties: propertiesOf(schema, direction, owner)
  })

  /** Component schemas by wire name: `undefined` until built (built after the operations, as reached). */
  const named = new Map<string, NamedSchema | undefined>()

  const operations: Array<Operation> = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const verb of httpMethods) {
      const op = item[verb]
      if (op === undefined) continue
      const method = verb.toUpperCase() as Operation["method"]
      const name = methodName(op.operationId)
      const service = serviceName(op.tags[0])
      const owner = pascal(op.operationId)
      const fields: Array<Field> = []
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve)
      for (const parameter of parameters) {
        if (parameter.in === "query" && omittedQueryParameters.has(parameter.name)) continue
        if (parameter.in !== "path" && parameter.in !== "query") {
          throw new Error(`${op.operationId}: ${parameter.in} parameters are not supported`)
        }
        fields.push({
          location: parameter.in,
          wireName: parameter.name,
          name: camel(parameter.name),
          type: typeOf(parameter.schema, "input", owner + pascal(parameter.name)),
          optional: parameter.in === "query" && parameter.required !== true,
          nullable: false,
          description: text(parameter.description),
          deprecated: parameter.deprecated === true
        })
      }
      let bodyKind: BodyKind = "none"
      const body = op.requestBody === undefined ? undefined : resolve(op.requestBody)
      if (body !== undefined) {
        const json = body.content?.["application/json"]?.schema
        const multipart = body.content?.["multipart/form-data"]?.schema
        const schema = resolve(json ?? multipart)
        const location: Location = multipart !== undefined ? "form" : "body"
        if (schema === undefined) throw new Error(`${op.operationId}: unsupported body ${Object.keys(body.content)}`)
        if (schema.type === "array") {
          bodyKind = "json-array"
          fields.push({
            location,
            wireName: "items",
            name: "items",
            type: typeOf(schema, "input", owner + "Item"),
            optional: false,
            nullable: false,
            description: text(schema.description) ?? "The items of the request body.",
            deprecated: false
          })
        } else {
          bodyKind = multipart !== undefined ? "multipart" : "json"
          const merged = Array.isArray(schema.allOf) ? mergeAll(schema.allOf) : schema
          for (const property of propertiesOf(merged, "input", owner)) {
            fields.push({ ...property, location })
          }
        }
      }
      // a camelCase name that is another field's wire name (`frontend_api` beside `frontendApi`): keep the wire name
      const wireNames = new Set(fields.map((f) => f.wireName))
      for (const [i, field] of fields.entries()) {
        if (field.name !== field.wireName && wireNames.has(field.name)) fields[i] = { ...field, name: field.wireName }
      }
      const seen = new Map<string, Field>()
      for (const field of fields) {
        const clash = seen.get(field.name)
        if (clash !== undefined) {
          throw new Error(
            `${op.operationId}: the ${clash.location} field ${clash.wireName} and the ${field.location} field ` +
              `${field.wireName} would both be \`${field.name}\` in the input object; name one of them in names.ts`
          )
        }
        seen.set(field.name, field)
      }
      const segments = path.split("/").filter((s) => s.length > 0).map((segment) => {
        const match = /^\{(.+)\}$/.exec(segment)
        if (match === null) return { literal: segment }
        const field = fields.find((f) => f.location === "path" && f.wireName === match[1])
        if (field === undefined) throw new Error(`${op.operationId}: path parameter ${segment} is not declared`)
        return { field: field.name }
      })
      const success = Object.entries<Json>(op.responses).find(([status]) => /^2\d\d$/.test(status))
      if (success === undefined) throw new Error(`${op.operationId}: no 2xx response`)
      const response = resolve(success[1])
      const resultSchema = response.content?.["application/json"]?.schema
      const result = resultSchema === undefined ? undefined : typeOf(resultSchema, "result", `${owner}Result`)
      const statuses = Object.keys(op.responses)
      operations.push({
        operationId: op.operationId,
        name,
        service,
        method,
        path,
        segments,
        summary: text(op.summary),
        description: text(op.description),
        deprecated: op.deprecated === true,
        fields,
        bodyKind,
        result,
        allow: [
          ...(statuses.includes("404") ? ["NotFound" as const] : []),
          ...(statuses.includes("410") ? ["Gone" as const] : [])
        ],
        idempotent: isIdempotent(method, path),
        coalesce: coalesces(method),
        rateLimited: isRateLimited(method, path),
        pagination: paginationOf(fields, resultSchema === undefined ? undefined : resolve(resultSchema), resolve)
      })
    }
  }

  // the component schemas reached from operations, and from them (in a stable order)
  const built: Array<NamedSchema> = []
  for (let progress = true; progress;) {
    progress = false
    for (const [wireName, value] of [...named]) {
      if (value !== undefined) continue
      progress = true
      const direction = reached.get(wireName)!
      const before = new Set(named.keys())
      const type = typeOf(resolve({ $ref: `#/components/schemas/${wireName}` }), direction, pascal(wireName))
      const schema: NamedSchema = {
        name: schemaName(wireName),
        wireName,
        description: text(doc.components.schemas[wireName].description),
        type,
        direction,
        refs: collectRefs(type)
      }
      named.set(wireName, schema)
      if (handWrittenSchemas[wireName] === undefined) built.push(schema)
      void before
    }
  }
  built.sort((a, b) => a.name.localeCompare(b.name))

  const tags = new Map<string, Json>((doc.tags ?? []).map((tag: Json) => [tag.name, tag]))
  const services = new Map<string, Service>()
  for (const operation of operations) {
    const tag = Object.entries<Json>(doc.paths).flatMap(([, item]) =>
      httpMethods.map((m) => item[m]).filter((op) => op?.operationId === operation.operationId)
    )[0].tags[0] as string
    const existing = services.get(operation.service)
    if (existing === undefined) {
      services.set(operation.service, {
        name: operation.service,
        tag,
        description: text(tags.get(tag)?.description),
        externalDocs: tags.get(tag)?.externalDocs?.url,
        operations: [operation],
        extends: handWritten.has(operation.service)
      })
    } else {
      ;(existing.operations as Array<Operation>).push(operation)
    }
  }
  return {
    title: doc.info.title,
    version: doc.info.version,
    services: [...services.values()].sort((a, b) => a.name.localeCompare(b.name)),
    schemas: built
  }
}

/** A schema that only constrains (`required`, bounds), with no shape of its own. */
const isConstraintOnly = (schema: Json): boolean =>
  schema.$ref === undefined && schema.type === undefined && schema.properties === undefined &&
  schema.allOf === undefined && schema.oneOf === undefined && schema.anyOf === undefined && schema.enum === undefined

const collectRefs = (type: Type): Array<string> => {
  const out = new Set<string>()
  const walk = (t: Type): void => {
    switch (t.kind) {
      case "ref":
        out.add(t.name)
        return
      case "array":
        return walk(t.items)
      case "nullable":
        return walk(t.type)
      case "union":
        return t.members.forEach(walk)
      case "object":
        return t.properties.forEach((p) => walk(p.type))
    }
  }
  walk(type)
  return [...out].sort()
}

/** Offset pages (`limit` + `offset`) or cursor pages (`limit` + `starting_after`), and where the items are. */
const paginationOf = (
  fields: ReadonlyArray<Field>,
  result: Json,
  resolve: (node: Json) => Json
): Pagination | undefined => {
  const query = new Set(fields.filter((f) => f.location === "query").map((f) => f.wireName))
  if (!query.has("limit") || result === undefined) return undefined
  const kind = query.has("starting_after") ? "cursor" : query.has("offset") ? "offset" : undefined
  if (kind === undefined) return undefined
  if (result.type === "array") return { kind, itemsField: undefined, totalField: undefined }
  const properties = Object.entries<Json>(result.properties ?? {})
  const items = properties.find(([, p]) => resolve(p).type === "array")
  if (items === undefined) return undefined
  return {
    kind,
    itemsField: items[0],
    totalField: properties.some(([k]) => k === "total_count") ? "total_count" : undefined
  }
}
