/**
 * Run in a fresh process (test/internal/noGlobalMutation.test.ts): records the own property descriptors of every
 * prototype reachable from effect's and @effect/platform's modules, from values they make and from the built-ins
 * (every object that is some object's prototype or some function's `prototype`), then imports effect-clerk, uses it
 * (decoding sessions and pages over `ClerkTest`, formatting their `DateTime`s), and prints, as one JSON line, every
 * property that was added, removed or changed on those prototypes. (Instances are left out: effect caches hashes on
 * its values, Node replaces its lazy globals, as any use of effect or `fetch` does.)
 */
import * as Platform from "@effect/platform"
import * as Effect from "effect"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"

type Snapshot = Map<object, Map<string | symbol, PropertyDescriptor>>

const roots: Array<unknown> = [
  Effect,
  Platform,
  // values whose prototypes the modules do not export
  DateTime.unsafeMake(0),
  DateTime.unsafeMakeZoned(0, { timeZone: "Europe/Lisbon" }),
  Option.some(1),
  Option.none(),
  Effect.Either.right(1),
  Effect.Effect.succeed(1),
  Effect.Exit.succeed(1),
  Effect.Chunk.of(1),
  Effect.HashMap.empty(),
  Effect.Duration.seconds(1),
  Effect.Redacted.make("x"),
  Effect.Data.struct({}),
  globalThis
]

const isObject = (u: unknown): u is object => (typeof u === "object" && u !== null) || typeof u === "function"

const snapshot = (): Snapshot => {
  const seen: Snapshot = new Map()
  const queue: Array<object> = roots.filter(isObject)
  while (queue.length > 0 && seen.size < 500_000) {
    const object = queue.pop()!
    if (seen.has(object)) continue
    const own = new Map<string | symbol, PropertyDescriptor>()
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key)
      if (descriptor === undefined) continue
      own.set(key, descriptor)
      for (const next of [descriptor.value, descriptor.get, descriptor.set]) if (isObject(next)) queue.push(next)
    }
    seen.set(object, own)
    const proto = Reflect.getPrototypeOf(object)
    if (proto !== null) queue.push(proto)
  }
  return seen
}

const name = (object: object) => {
  const ctor = (object as { constructor?: { name?: unknown } }).constructor
  const tag = (object as { _tag?: unknown })._tag
  return [typeof ctor?.name === "string" ? ctor.name : typeof object, typeof tag === "string" ? tag : ""]
    .filter((s) => s !== "").join(" ")
}

const same = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.enumerable === b.enumerable &&
  a.configurable === b.configurable && a.writable === b.writable

const everything = snapshot()
const prototypes = new Set<object>()
for (const object of everything.keys()) {
  const proto = Reflect.getPrototypeOf(object)
  if (proto !== null) prototypes.add(proto)
  const own = everything.get(object)!.get("prototype")?.value
  if (typeof object === "function" && isObject(own)) prototypes.add(own)
}
const before = new Map([...everything].filter(([object]) => prototypes.has(object)))
const objects = before.size
const utcPrototype = Reflect.getPrototypeOf(DateTime.unsafeMake(0))!
if (!before.has(utcPrototype)) throw new Error("DateTime.Utc's prototype is not watched")

const { Sessions } = await import("../../../src/index.js")
const { ClerkTest } = await import("../../../src/layers/ClerkTest.js")
await Effect.Effect.gen(function*() {
  const page = yield* Sessions.list({ limit: 50 })
  const all = yield* Effect.Stream.runCollect(Sessions.listAll({ pageSize: 3 }))
  const one = yield* Sessions.get(page.data[0]!.id)
  for (const session of [...page.data, ...all, one]) {
    DateTime.formatIso(session.createdAt)
    DateTime.toPartsUtc(session.expireAt)
    DateTime.getPartUtc(session.updatedAt, "year")
    String(session.abandonAt)
  }
  if (page.data.length === 0) throw new Error("nothing decoded")
}).pipe(Effect.Effect.provide(ClerkTest), Effect.Effect.runPromise)

const changes: Array<string> = []
for (const [object, own] of before) {
  const now = new Map(Reflect.ownKeys(object).map((key) => [key, Reflect.getOwnPropertyDescriptor(object, key)!]))
  for (const [key, descriptor] of own) {
    const after = now.get(key)
    if (after === undefined) changes.push(`${name(object)}: ${String(key)} removed`)
    else if (!same(descriptor, after)) changes.push(`${name(object)}: ${String(key)} changed`)
  }
  for (const key of now.keys()) if (!own.has(key)) changes.push(`${name(object)}: ${String(key)} added`)
}
console.log(JSON.stringify({ objects, changes }))
