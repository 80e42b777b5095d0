import type { Api, Type } from "../../codegen/model.js"

/**
 * Sample values for the operations table (test/api/Operations.test.ts): an input of the generated client from the
 * target-neutral model (every field set, camelCase), and a wire answer from the description's own JSON schema
 * (every property set, `nullable` ones not null). Deterministic: the same operation always gets the same values.
 */

/** A sample of a model type, as the generated client's input takes it. */
export const sampleInput = (type: Type, api: Api, name: string): unknown => {
  switch (type.kind) {
    case "string":
      return type.pattern === undefined ? `${name}_1` : fromPattern(type.pattern)
    case "number":
      return type.minimum === undefined ? 1 : type.minimum + (type.exclusiveMinimum === true ? 1 : 0)
    case "boolean":
      return true
    case "timestamp":
      return 1_700_000_000_000
    case "binary":
      return new Uint8Array([137, 80, 78, 71])
    case "unknown":
      return "sample"
    case "record":
      return { sample: "value" }
    case "literal":
      return type.value
    case "enum":
      return type.values[0]
    case "array":
      return Array.from({ length: Math.max(1, type.minItems ?? 1) }, () => sampleInput(type.items, api, name))
    case "nullable":
      return sampleInput(type.type, api, name)
    case "object":
      return Object.fromEntries(type.properties.map((p) => [p.name, sampleInput(p.type, api, p.wireName)]))
    case "union":
      return sampleInput(type.members[0]!, api, name)
    case "ref": {
      const schema = api.schemas.find((s) => s.name === type.name)
      if (schema === undefined) throw new Error(`no component ${type.name}`)
      return sampleInput(schema.type, api, name)
    }
  }
}

type Json = any

/** A sample wire value of a JSON schema of the description (refs resolved in `doc`). */
export const sampleWire = (schema: Json, doc: Json, name = "value", depth = 0): unknown => {
  if (depth > 40) throw new Error(`a schema nested deeper than 40 levels at ${name}`)
  const resolve = (node: Json): Json =>
    typeof node?.$ref === "string"
      ? resolve(node.$ref.slice(2).split("/").reduce((o: Json, k: string) => o[k], doc))
      : node
  const s = resolve(schema)
  if (s === undefined || s === null) return null
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...s.allOf.map((member: Json) => sampleWire(member, doc, name, depth + 1)))
  }
  // `anyOf: [{ required: [a] }, …]` beside `properties` only constrains which fields are present
  const alternatives = (s.oneOf ?? s.anyOf)?.filter((member: Json) =>
    member.$ref !== undefined || member.type !== undefined || member.properties !== undefined
  )
  if (Array.isArray(alternatives) && alternatives.length > 0) return sampleWire(alternatives[0], doc, name, depth + 1)
  if (s.example !== undefined && typeof s.example !== "object") return s.example
  if (Array.isArray(s.enum)) return s.enum.find((v: unknown) => v !== null)
  switch (s.type) {
    case "string":
      return s.pattern !== undefined
        ? fromPattern(s.pattern)
        : s.format === "date-time"
        ? "2026-01-01T00:00:00Z"
        : s.format === "date"
        ? "2026-01-01"
        : `${name}_1`
    case "integer":
      return Math.max(s.minimum ?? 1, name.endsWith("_at") ? 1_700_000_000_000 : 1)
    case "number":
      return s.minimum ?? 1.5
    case "boolean":
      return true
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sampleWire(s.items, doc, name, depth + 1))
    default:
      if (s.properties === undefined) return s.type === "object" ? { sample: "value" } : "sample"
      return Object.fromEntries([
        // a required field the schema does not describe (EnterpriseConnection's `authenticatable`)
        ...(s.required ?? []).map((key: string) => [key, true]),
        ...Object.entries<Json>(s.properties).map(([key, property]) => [key, sampleWire(property, doc, key, depth + 1)])
      ])
  }
}

/** A value matching each `pattern` of the description (a new pattern fails here until it is added). */
const patternSamples: Record<string, string> = {
  "^(\\S(.*\\S)?)?$": "sample",
  "^(ak|api_key)_[0-9A-Fa-f]{32}$": `ak_${"0".repeat(32)}`,
  "^(user|org|mch)_\\w{27}$": `user_${"a".repeat(27)}`,
  "^(user|org|mch|scim)_\\w{27}$": `user_${"a".repeat(27)}`,
  "^[A-Z]{2}$": "PT",
  "^[^_][A-Za-z0-9_-]*$": "sample_key",
  "^ak_[0-9A-Fa-f]{32}$": `ak_${"0".repeat(32)}`,
  "^apl_\\w{27}$": `apl_${"a".repeat(27)}`,
  "^aplt_[0-9A-Fa-f]{32}$": `aplt_${"0".repeat(32)}`,
  "^from_oauth_(?:(?:token_)|(?:custom_))?[a-z]+$": "from_oauth_google",
  "^ins_\\w{27}$": `ins_${"a".repeat(27)}`,
  "^mch_\\w{27}$": `mch_${"a".repeat(27)}`,
  "^mt_[0-9A-Fa-f]{32}$": `mt_${"0".repeat(32)}`,
  "^oat_[0-9A-Fa-f]{32}$": `oat_${"0".repeat(32)}`,
  "^oauth_(?:(?:token_)|(?:custom_))?[a-z]+$": "oauth_google",
  "^oauth_[a-z]+$": "oauth_google",
  "^org_\\w{27}$": `org_${"a".repeat(27)}`,
  "^user_\\w{27}$": `user_${"a".repeat(27)}`
}

const fromPattern = (pattern: string): string => {
  const sample = patternSamples[pattern]
  if (sample === undefined) throw new Error(`no sample for the pattern ${pattern}`)
  return sample
}
