/**
 * Clerk's webhooks description (OpenAPI 3.0 `x-webhooks`, parsed YAML) → one module of `effect/Schema` definitions:
 * a class per component schema and, per event type, a struct with a literal `type`, a `_tag` added on decode, and
 * the `data` its description names; then the union of them all with an unknown-event fallback.
 *
 * Conventions, those of the Backend API emitter: snake_case keys become camelCase (`fromKey`), integers named `*_at`
 * or described as unix or millisecond timestamps decode to `DateTime.Utc`, a field that is not required or may be
 * `null` decodes to an `Option`, multi-valued enums stay open to values Clerk adds later (`OpenEnum`), unknown
 * fields are ignored. One addition: a field the description requires but its own examples leave out (Clerk's
 * examples are what it sends) is treated as optional; the generated file lists them.
 */
type Json = any

/** `verification_otp` → `VerificationOtp`, `organizationMembership.created` → `OrganizationMembershipCreated`. */
export const pascal = (text: string): string =>
  text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")

/** `user_id` → `userId`. */
export const camel = (wire: string): string => wire.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase())

const isIdentifier = (name: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
const key = (name: string) => (isIdentifier(name) ? name : JSON.stringify(name))

const isTimestamp = (wireName: string, schema: Json): boolean =>
  (schema.type === "integer" || schema.type === "number") &&
  (wireName.endsWith("_at") || /unix timestamp|in milliseconds/i.test(String(schema.description ?? "")))

const refName = (ref: string): string => ref.split("/").pop()!

/** The first sentence of a description, on one line, safe inside a JSDoc comment. */
const summary = (text: unknown, fallback: string): string => {
  const line = String(text ?? "").split(/\n\s*\n/)[0]!.replace(/\s+/g, " ").trim().replace(/\*\//g, "* /")
  return line.length > 0 ? line : fallback
}

interface Context {
  readonly components: Record<string, Json>
  /** Component name → wire names of required properties the examples leave out. */
  readonly relaxed: Map<string, Set<string>>
  readonly uses: Set<string>
  /** `Component.property` of every `oneOf` discriminator. */
  readonly discriminators: Set<string>
  /** The component being emitted. */
  readonly current?: string | undefined
}

/**
 * An object schema's properties and required names, with `allOf` members (and their refs) merged in. With
 * `relax`, the required names each component's examples leave out are not required.
 */
const merged = (
  schema: Json,
  ctx: Context,
  component: string | undefined,
  relax: boolean
): { properties: Record<string, Json>; required: Set<string> } => {
  const properties: Record<string, Json> = {}
  const required = new Set<string>()
  const visit = (node: Json, owner: string | undefined): void => {
    if (typeof node?.$ref === "string") return visit(ctx.components[refName(node.$ref)], refName(node.$ref))
    if (Array.isArray(node?.allOf)) node.allOf.forEach((member: Json) => visit(member, owner))
    Object.assign(properties, node?.properties ?? {})
    const relaxed = relax && owner !== undefined ? ctx.relaxed.get(owner) : undefined
    for (const name of node?.required ?? []) if (relaxed?.has(name) !== true) required.add(name)
  }
  visit(schema, component)
  return { properties, required }
}

/**
 * Enums stay open (Clerk's own examples send `waitlistEntry` where the enum says `waitlist_entry`), but for the
 * discriminator of a `oneOf`, which picks the member.
 */
const enumSchema = (schema: Json, name: string, discriminator: boolean): string => {
  const values: Array<string> = schema.enum.filter((value: unknown) => typeof value === "string")
  if (values.length === 1 && discriminator) {
    return `Schema.Literal(${JSON.stringify(values[0])})`
  }
  return `OpenEnum.make(${JSON.stringify(`effect-clerk/webhooks/Unknown${name}`)}, ${
    values.map((v) => JSON.stringify(v)).join(", ")
  })`
}

/** The Schema expression of a schema; `name` names it (for open enums). */
const schemaOf = (schema: Json, name: string, ctx: Context, wireName = ""): string => {
  if (schema === undefined || schema === null) return "Schema.Unknown"
  if (typeof schema.$ref === "string") {
    const target = refName(schema.$ref)
    ctx.uses.add(target)
    return pascal(target)
  }
  if (Array.isArray(schema.allOf)) {
    if (schema.allOf.length === 1) return schemaOf(schema.allOf[0], name, ctx, wireName)
    return structOf(schema, name, ctx, undefined)
  }
  const alternatives = schema.oneOf ?? schema.anyOf
  if (Array.isArray(alternatives)) {
    const members = alternatives.map((member: Json, i: number) => schemaOf(member, `${name}${i}`, ctx))
    // an alternative this description does not know yet decodes as a plain object instead of failing
    return `Schema.Union(${[...members, "Schema.Record({ key: Schema.String, value: Schema.Unknown })"].join(", ")})`
  }
  if (Array.isArray(schema.enum)) return enumSchema(schema, name, ctx.discriminators.has(`${ctx.current}.${wireName}`))
  switch (schema.type) {
    case "string":
      return "Schema.String"
    case "integer":
    case "number":
      return isTimestamp(wireName, schema) ? "Schema.DateTimeUtcFromNumber" : "Schema.Number"
    case "boolean":
      return "Schema.Boolean"
    case "array":
      return `Schema.Array(${schemaOf(schema.items, `${name}Item`, ctx)})`
    case "object":
    case undefined:
      return schema.properties === undefined
        ? schema.type === "object" ? "Schema.Record({ key: Schema.String, value: Schema.Unknown })" : "Schema.Unknown"
        : structOf(schema, name, ctx, undefined)
  }
  return "Schema.Unknown"
}

/** The fields of an object schema, camelCased; `component` names the component whose relaxations apply. */
const fieldsOf = (schema: Json, name: string, ctx: Context, component: string | undefined): Array<string> => {
  const { properties, required } = merged(schema, ctx, component, true)
  return Object.entries(properties).map(([wireName, property]) => {
    const camelName = camel(wireName)
    const inner = schemaOf(property, `${name}${pascal(wireName)}`, ctx, wireName)
    const optional = !required.has(wireName) || property.nullable === true
    const doc = property.deprecated === true ? "/** @deprecated */\n" : ""
    const signature = optional
      ? `Schema.optionalWith(${inner}, { nullable: true, as: "Option" })`
      : camelName === wireName
      ? inner
      : `Schema.propertySignature(${inner})`
    return `${doc}${key(camelName)}: ${
      camelName === wireName ? signature : `${signature}.pipe(Schema.fromKey(${JSON.stringify(wireName)}))`
    }`
  })
}

const structOf = (schema: Json, name: string, ctx: Context, component: string | undefined): string =>
  `Schema.Struct({\n${fieldsOf(schema, name, ctx, component).join(",\n")}\n})`

/**
 * Walks an example beside its schema and records, per component, the required properties the example leaves out.
 */
const collectOmissions = (schema: Json, value: unknown, ctx: Context, component: string | undefined): void => {
  if (schema === undefined || value === null || typeof value !== "object") return
  if (typeof schema.$ref === "string") {
    return collectOmissions(ctx.components[refName(schema.$ref)], value, ctx, refName(schema.$ref))
  }
  if (Array.isArray(value)) return value.forEach((item) => collectOmissions(schema.items, item, ctx, undefined))
  const alternatives = schema.oneOf ?? schema.anyOf
  if (Array.isArray(alternatives)) {
    const discriminator = schema.discriminator?.propertyName
    const tag = discriminator === undefined ? undefined : (value as Record<string, unknown>)[discriminator]
    const chosen = alternatives.find((member: Json) => {
      const target = typeof member.$ref === "string" ? ctx.components[refName(member.$ref)] : member
      return tag !== undefined && target?.properties?.[discriminator]?.enum?.includes(tag)
    })
    if (chosen !== undefined) collectOmissions(chosen, value, ctx, undefined)
    return
  }
  const { properties, required } = merged(schema, ctx, undefined, false)
  const record = value as Record<string, unknown>
  if (component !== undefined) {
    for (const name of required) {
      if (!(name in record)) {
        const set = ctx.relaxed.get(component) ?? new Set<string>()
        set.add(name)
        ctx.relaxed.set(component, set)
      }
    }
  }
  for (const [name, property] of Object.entries(properties)) collectOmissions(property, record[name], ctx, undefined)
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf) {
      if (typeof member.$ref === "string") collectOmissions(member, value, ctx, refName(member.$ref))
    }
  }
}

/** Component schemas in an order where each comes after those it refers to. */
const ordered = (components: Record<string, Json>, ctx: Context): Array<[string, string]> => {
  const emitted = new Map<string, { text: string; uses: Set<string> }>()
  for (const [name, schema] of Object.entries(components)) {
    const uses = new Set<string>()
    const local: Context = { ...ctx, uses, current: name }
    const isObject = schema.type === "object" || schema.properties !== undefined || Array.isArray(schema.allOf)
    const body = isObject && schema.oneOf === undefined && schema.anyOf === undefined
      ? `{\n${fieldsOf(schema, pascal(name), local, name).join(",\n")}\n}`
      : undefined
    const doc = `/**\n * ${
      summary(schema.description, `\`${name}\` of the webhooks description.`)
    }\n *\n * @since 0.4.0\n * @category schemas\n */\n`
    const className = pascal(name)
    const text = body === undefined
      ? `${doc}export const ${className} = ${schemaOf(schema, className, local)}\n\n${
        doc.replace("@category schemas", "@category models")
      }export type ${className} = typeof ${className}.Type`
      : `${doc}export class ${className} extends Schema.Class<${className}>(${
        JSON.stringify(`effect-clerk/webhooks/${className}`)
      })(${body}) {}`
    uses.delete(name)
    emitted.set(name, { text, uses })
  }
  const order: Array<[string, string]> = []
  const done = new Set<string>()
  const visit = (name: string, path: Set<string>): void => {
    if (done.has(name)) return
    if (path.has(name)) throw new Error(`circular component schemas: ${[...path, name].join(" → ")}`)
    const entry = emitted.get(name)!
    for (const used of entry.uses) visit(used, new Set([...path, name]))
    done.add(name)
    order.push([name, entry.text])
  }
  for (const name of emitted.keys()) visit(name, new Set())
  return order
}

/** The generated module's text (unformatted; the linter's formatter is applied by `main.ts`). */
export const emit = (doc: Json, source: { readonly path: string; readonly sha256: string }): string => {
  const components: Record<string, Json> = doc.components.schemas
  const discriminators = new Set<string>()
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== "object" || node === null) return
    const property = node.discriminator?.propertyName
    if (property !== undefined) {
      for (const member of node.oneOf ?? []) if (member.$ref) discriminators.add(`${refName(member.$ref)}.${property}`)
    }
    Object.values(node).forEach(visit)
  }
  visit(doc)
  const ctx: Context = { components, relaxed: new Map(), uses: new Set(), discriminators }
  const events = Object.entries<Json>(doc["x-webhooks"]).map(([type, item]) => {
    const content = item.post.requestBody.content["application/json"]
    return { type, description: item.post.description as string, schema: content.schema, example: content.example }
  })
  for (const event of events) {
    if (event.example !== undefined) collectOmissions(event.schema, event.example, ctx, undefined)
  }
  const relaxations = [...ctx.relaxed].map(([name, fields]) => `${name}: ${[...fields].join(", ")}`).sort()

  const definitions = ordered(components, ctx).map(([, text]) => text)
  const envelope = components.WebhookEventPayload
  const eventTexts = events.map((event) => {
    const tag = pascal(event.type)
    const dataSchema = event.schema.allOf.find((member: Json) => member.$ref === undefined)?.properties?.data
    const data = schemaOf(dataSchema, `${tag}Data`, ctx, "data")
    const envelopeFields = fieldsOf(envelope, "WebhookEvent", ctx, "WebhookEventPayload")
      .filter((field) => !field.startsWith("type:"))
    const doc = (category: string) =>
      `/**\n * \`${event.type}\`: ${
        summary(event.description, event.type)
      }.\n *\n * @since 0.4.0\n * @category ${category}\n */\n`
    return `${doc("schemas")}export const ${tag} = Schema.Struct({\n${
      [`type: Schema.Literal(${JSON.stringify(event.type)})`, ...envelopeFields, `data: ${data}`].join(",\n")
    }\n}).pipe(Schema.attachPropertySignature("_tag", ${JSON.stringify(tag)}))\n\n${
      doc("models")
    }export interface ${tag} extends Schema.Schema.Type<typeof ${tag}> {}`
  })
  const tags = events.map((event) => pascal(event.type))
  const envelopeFields = fieldsOf(envelope, "WebhookEvent", ctx, "WebhookEventPayload")
    .filter((field) => !field.startsWith("type:"))

  return [
    `// Generated by codegen/webhooks from ${source.path} (sha256 ${source.sha256}): do not edit, run \`npm run generate\`.`,
    `/**`,
    ` * Clerk's webhook events: the ${events.length} event types of \`${source.path}\` as \`effect/Schema\` definitions.`,
    ` * Decoding \`WebhookEvent\` gives a value tagged by \`_tag\` (\`UserCreated\`, \`SessionRevoked\`, …); an event type`,
    ` * this version does not know decodes to \`UnknownEvent\`, with its raw \`data\`.`,
    ...(relaxations.length === 0 ? [] : [
      ` *`,
      ` * Required by the description but left out by its own examples, so optional here:`,
      ...relaxations.map((line) => ` * - ${line}`)
    ]),
    ` *`,
    ` * @since 0.4.0`,
    ` */`,
    `import * as Schema from "effect/Schema"`,
    `import * as OpenEnum from "./OpenEnum.js"`,
    ``,
    definitions.join("\n\n"),
    ``,
    eventTexts.join("\n\n"),
    ``,
    `/**`,
    ` * Every event type of the description.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category constants`,
    ` */`,
    `export const eventTypes = [\n${events.map((event) => JSON.stringify(event.type)).join(",\n")}\n] as const`,
    ``,
    `/**`,
    ` * An event type of the description.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category models`,
    ` */`,
    `export type EventType = typeof eventTypes[number]`,
    ``,
    `const known: ReadonlySet<string> = new Set(eventTypes)`,
    ``,
    `/**`,
    ` * An event whose type this version does not know (Clerk added it later): its \`type\` and raw \`data\`.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category schemas`,
    ` */`,
    `export const UnknownEvent = Schema.Struct({\n${
      [
        `type: Schema.String.pipe(Schema.filter((type) => !known.has(type), { message: () => "a known event type" }))`,
        ...envelopeFields,
        `data: Schema.Unknown`
      ].join(",\n")
    }\n}).pipe(Schema.attachPropertySignature("_tag", "UnknownEvent"))`,
    ``,
    `/**`,
    ` * An event whose type this version does not know.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category models`,
    ` */`,
    `export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}`,
    ``,
    `/**`,
    ` * Any Clerk webhook event: one of the ${events.length} known types, or \`UnknownEvent\`.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category schemas`,
    ` */`,
    `export const WebhookEvent = Schema.Union(${[...tags, "UnknownEvent"].join(", ")})`,
    ``,
    `/**`,
    ` * Any Clerk webhook event.`,
    ` *`,
    ` * @since 0.4.0`,
    ` * @category models`,
    ` */`,
    `export type WebhookEvent = typeof WebhookEvent.Type`,
    ``
  ].join("\n")
}
