import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, DateTime, Effect, Either, Equal, FastCheck as fc, Hash, Schema } from "effect"
import * as NodeAssert from "node:assert"
import { inspect } from "node:util"
import { Session, SessionPage } from "../../src/index.js"
import * as FastDecode from "../../src/internal/fastDecode.js"

/*
 * The hand-written decoders must be indistinguishable from the schema: on any input, either they decline
 * (`undefined`, and the schema decodes) or they answer a value identical to the schema's — same prototypes, same
 * own property names in the same order with the same attributes, same primitive values (`DateTime.Utc`s included:
 * `epochMillis` and the empty non-enumerable `partsUtc` cache, as `DateTime.unsafeMake` makes them).
 */

const identical = (actual: unknown, expected: unknown, path = "value"): void => {
  if (typeof expected !== "object" || expected === null) {
    assert.isTrue(Object.is(actual, expected), `${path}: ${String(actual)} is not ${String(expected)}`)
    return
  }
  assert.isTrue(typeof actual === "object" && actual !== null, `${path} is not an object`)
  const a = actual as object
  assert.strictEqual(Object.getPrototypeOf(a), Object.getPrototypeOf(expected), `${path}: prototype`)
  assert.deepStrictEqual(Reflect.ownKeys(a), Reflect.ownKeys(expected), `${path}: own keys`)
  for (const key of Reflect.ownKeys(expected)) {
    const da = Object.getOwnPropertyDescriptor(a, key)!
    const de = Object.getOwnPropertyDescriptor(expected, key)!
    const at = `${path}.${String(key)}`
    assert.deepStrictEqual(
      [da.enumerable, da.writable, da.configurable, da.get, da.set],
      [de.enumerable, de.writable, de.configurable, de.get, de.set],
      `${at}: attributes`
    )
    identical(da.value, de.value, at)
  }
}

/** Runs both on `input`: the fast decoder may only decline, or agree exactly. Answers whether it answered. */
const agree = <A>(fast: (u: unknown) => A | undefined, schema: Schema.Schema<A, any>, input: unknown) => {
  const expected = Schema.decodeUnknownEither(schema)(input)
  const actual = fast(input)
  if (actual === undefined) return false
  assert.isTrue(Either.isRight(expected), "the fast decoder accepted what the schema rejects")
  identical(actual, Either.getOrThrow(expected))
  return true
}

// Wire sessions: generated sessions, encoded, so every field has its wire key and a valid value.
const wireSession = Arbitrary.make(Session).map(Schema.encodeSync(Session))

/** Any JSON value, plus the few non-JSON values a caller of the decoder could pass. */
const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, NaN, Infinity, -0, 8.64e15, 8.64e15 + 1, -8.64e15, 1.5, -1.5, [], {}, "__proto__")
)

const keys = [
  "object",
  "id",
  "user_id",
  "client_id",
  "actor",
  "status",
  "last_active_organization_id",
  "last_active_at",
  "latest_activity",
  "expire_at",
  "abandon_at",
  "updated_at",
  "created_at"
]
const activityKeys = [
  "object",
  "id",
  "is_mobile",
  "device_type",
  "browser_name",
  "browser_version",
  "ip_address",
  "city",
  "country"
]

/** A wire session with up to three fields (its own or its activity's) deleted or replaced by odd values. */
const mutatedSession = fc.tuple(
  wireSession,
  fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...keys, ...activityKeys.map((k) => `activity.${k}`)), oddValue), {
    maxLength: 3
  })
).map(([session, edits]) => {
  const out: Record<string, any> = { ...session }
  if (typeof out.latest_activity === "object" && out.latest_activity !== null) {
    out.latest_activity = { ...out.latest_activity }
  }
  for (const [remove, key, value] of edits) {
    const inActivity = key.startsWith("activity.")
    const into = inActivity ? out.latest_activity : out
    if (typeof into !== "object" || into === null) continue
    const name = inActivity ? key.slice("activity.".length) : key
    if (remove) delete into[name]
    // a copy: `{}` and `[]` of `oddValue` are shared constants, and a later edit may write into what this one put
    else into[name] = typeof value === "object" && value !== null ? structuredClone(value) : value
  }
  return out
})

describe("fastDecode", () => {
  it("a session: declines or agrees exactly with the schema (generated and mutated wire sessions)", () => {
    let answered = 0
    fc.assert(
      fc.property(mutatedSession, fc.boolean(), (input, viaJson) => {
        const value = viaJson ? JSON.parse(JSON.stringify(input) ?? "null") : input
        if (agree(FastDecode.session, Session, value)) answered++
      }),
      { numRuns: 1500 }
    )
    assert.isAbove(answered, 250, "the fast path should take most well-formed sessions")
  })

  it("a session: answers every unmutated wire session, via JSON as the client gets it", () => {
    fc.assert(
      fc.property(wireSession, (input) => {
        assert.isTrue(agree(FastDecode.session, Session, JSON.parse(JSON.stringify(input))), "declined")
      }),
      { numRuns: 300 }
    )
  })

  it("a page: declines or agrees exactly with the schema", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: wireSession }, { weight: 1, arbitrary: mutatedSession }), {
          maxLength: 8
        }),
        fc.oneof(fc.integer(), oddValue),
        (data, totalCount) => {
          const page = JSON.parse(JSON.stringify({ data, total_count: totalCount }))
          agree(FastDecode.sessionPage, SessionPage, page)
          agree(FastDecode.sessionPage, SessionPage, { data, total_count: totalCount })
        }
      ),
      { numRuns: 200 }
    )
  })

  it("odd inputs: non-objects, arrays, actors with odd keys, timestamps at the Date limits", () => {
    const base = JSON.parse(JSON.stringify(fc.sample(wireSession, { numRuns: 1, seed: 1 })[0]))
    for (const input of [null, undefined, 1, "session", [], [base], { ...base, object: "client" }]) {
      agree(FastDecode.session, Session, input)
    }
    const accepted: Array<unknown> = [{ __proto__: null, sub: "u" }, { a: undefined }, { n: [1, { x: null }] }]
    for (const actor of accepted) {
      assert.isTrue(agree(FastDecode.session, Session, { ...base, actor }), "declined")
    }
    const declined: Array<unknown> = [JSON.parse("{\"__proto__\":{\"x\":1},\"sub\":\"u\"}"), ["a"], [], 1, "a"]
    for (const actor of declined) {
      assert.isFalse(agree(FastDecode.session, Session, { ...base, actor }), "left to the schema")
    }
    for (const t of [0, -0, 1.9, -1.9, 8.64e15, -8.64e15, 8.64e15 + 1, NaN, Infinity, -Infinity]) {
      agree(FastDecode.session, Session, { ...base, expire_at: t })
    }
    const decoded = FastDecode.session({ ...base, expire_at: -1.9 })!
    assert.strictEqual(DateTime.toEpochMillis(decoded.expireAt), -1)
  })

  it("its DateTime.Utc are DateTime.unsafeMake's, before and after DateTime fills their parts cache", () => {
    const base = JSON.parse(JSON.stringify(fc.sample(wireSession, { numRuns: 1, seed: 5 })[0]))
    const value = FastDecode.session({ ...base, created_at: 1_700_000_123_456 })!.createdAt
    const made = DateTime.unsafeMake(1_700_000_123_456)
    identical(value, made)
    NodeAssert.deepStrictEqual(value, made)
    assert.strictEqual(DateTime.formatIso(value), "2023-11-14T22:15:23.456Z")
    assert.deepStrictEqual(DateTime.toPartsUtc(value), DateTime.toPartsUtc(made))
    identical(value, made)
    NodeAssert.deepStrictEqual(value, made)
    // (last: Hash.hash caches a function of its own on each value)
    assert.strictEqual(inspect(value), inspect(made))
    assert.isTrue(Equal.equals(value, made))
    assert.strictEqual(Hash.hash(value), Hash.hash(made))
  })

  it.effect("the client's decoders answer the schema's values and fail with the schema's errors", () =>
    Effect.gen(function*() {
      const input = JSON.parse(JSON.stringify(fc.sample(wireSession, { numRuns: 1, seed: 2 })[0]))
      identical(yield* FastDecode.decodeSession(input), yield* Schema.decodeUnknown(Session)(input))
      const bad = { ...input, expire_at: "soon" }
      assert.deepStrictEqual(
        yield* Effect.flip(FastDecode.decodeSession(bad)),
        yield* Effect.flip(Schema.decodeUnknown(Session)(bad))
      )
    }))

  it.effect("withFastPath uses the fast path only after it builds the probe exactly as the schema does", () =>
    Effect.gen(function*() {
      const input = JSON.parse(JSON.stringify(fc.sample(wireSession, { numRuns: 1, seed: 3 })[0]))
      const probe = JSON.parse(JSON.stringify(fc.sample(wireSession, { numRuns: 1, seed: 4 })[0]))
      const schema = Schema.decodeUnknown(Session)
      let calls = 0
      const counting = (u: unknown) => {
        calls++
        return FastDecode.session(u)
      }
      const real = FastDecode.withFastPath(counting, schema, probe)
      identical(yield* real(input), yield* schema(input))
      assert.strictEqual(calls, 2, "the probe, then the input")

      // a fast path that builds plain objects (as it would against an effect whose internals moved) turns off
      let drifted = 0
      const plain = (u: unknown) => {
        drifted++
        const value = FastDecode.session(u)
        return value === undefined ? undefined : ({ ...value } as Session)
      }
      const guarded = FastDecode.withFastPath(plain, schema, probe)
      identical(yield* guarded(input), yield* schema(input))
      identical(yield* guarded(input), yield* schema(input))
      assert.strictEqual(drifted, 1, "only the probe ran")
      assert.isFalse(FastDecode.builtAlike({ ...(yield* schema(input)) }, yield* schema(input)))
    }))
})
