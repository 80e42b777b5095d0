import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Equal, Hash, Schema } from "effect"
import * as NodeAssert from "node:assert"
import { inspect } from "node:util"
import { Session } from "../../src/index.js"
import { decodeSession } from "../../src/internal/fastDecode.js"
import { wireSession } from "../support/Fixtures.js"

/*
 * The fast decoder's `DateTime.Utc`s leave their `partsUtc` cache to an accessor on the shared prototype until
 * `DateTime` fills it (src/internal/fastDecode.ts). They must behave exactly as `DateTime.unsafeMake`'s.
 */

const createdAt = 1_700_000_123_456
const decodedCreatedAt = () =>
  Effect.map(decodeSession(wireSession({ created_at: createdAt })), (session) => session.createdAt)
const partsDescriptor = (value: object) => Object.getOwnPropertyDescriptor(value, "partsUtc")

describe("the fast path's DateTime.Utc", () => {
  it.effect("is lazy: no own parts cache until it is formatted", () =>
    Effect.gen(function*() {
      const value = yield* decodedCreatedAt()
      assert.deepStrictEqual(Reflect.ownKeys(value), ["epochMillis"])
      assert.isUndefined((value as unknown as { partsUtc?: unknown }).partsUtc)
    }))

  it.effect("equals, hashes, renders and compares as DateTime.unsafeMake's, before and after formatting", () =>
    Effect.gen(function*() {
      const value = yield* decodedCreatedAt()
      const made = DateTime.unsafeMake(createdAt)
      const same = () => {
        assert.isTrue(Equal.equals(value, made))
        assert.strictEqual(Hash.hash(value), Hash.hash(made))
        assert.strictEqual(JSON.stringify(value), JSON.stringify(made))
        assert.strictEqual(String(value), String(made))
        assert.strictEqual(inspect(value), inspect(made))
        assert.deepStrictEqual(Object.keys(value), Object.keys(made))
        NodeAssert.deepStrictEqual(value, made)
      }
      same()
      assert.strictEqual(DateTime.formatIso(value), "2023-11-14T22:15:23.456Z")
      assert.deepStrictEqual(DateTime.toPartsUtc(value), DateTime.toPartsUtc(made))
      same()
      assert.isTrue(DateTime.isUtc(value))
      assert.strictEqual(DateTime.getPartUtc(value, "year"), 2023)
      assert.strictEqual(
        DateTime.formatIsoZoned(DateTime.unsafeSetZoneNamed(value, "Europe/Lisbon")),
        DateTime.formatIsoZoned(DateTime.unsafeSetZoneNamed(made, "Europe/Lisbon"))
      )
    }))

  it.effect("gets the very own property unsafeMake makes, the first time DateTime caches its parts", () =>
    Effect.gen(function*() {
      const value = yield* decodedCreatedAt()
      const parts = DateTime.toPartsUtc(value)
      assert.strictEqual(DateTime.toPartsUtc(value), parts, "cached")
      const made = DateTime.unsafeMake(createdAt)
      DateTime.toPartsUtc(made)
      assert.deepStrictEqual(Reflect.ownKeys(value), Reflect.ownKeys(made))
      const [own, theirs] = [partsDescriptor(value)!, partsDescriptor(made)!]
      assert.deepStrictEqual(
        [own.enumerable, own.writable, own.configurable],
        [theirs.enumerable, theirs.writable, theirs.configurable]
      )
      assert.strictEqual(own.value, parts)
    }))

  it.effect("leaves the DateTimes effect makes as they are, and encodes back to the wire", () =>
    Effect.gen(function*() {
      yield* decodedCreatedAt()
      const made = DateTime.unsafeMake(createdAt)
      assert.deepStrictEqual(Reflect.ownKeys(made), ["epochMillis", "partsUtc"])
      const parts = DateTime.toPartsUtc(made)
      assert.strictEqual(partsDescriptor(made)!.value, parts)
      const wire = wireSession({ created_at: createdAt })
      const session = yield* decodeSession(wire)
      assert.deepStrictEqual(Schema.encodeSync(Session)(session).created_at, createdAt)
    }))
})
