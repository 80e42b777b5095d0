import { assert } from "@effect/vitest"
import { Effect } from "effect"
import type { ClerkError } from "../../src/index.js"
import { InvalidInput } from "../../src/index.js"
import { type Call, type FakeFetch, json, type Script } from "./FakeFetch.js"

/** The only call the fake saw. */
export const onlyCall = (calls: ReadonlyArray<Call>): Call => {
  assert.strictEqual(calls.length, 1, "exactly one request")
  return calls[0]!
}

/** The query string of a call as sorted `[name, value]` pairs. */
export const query = (call: Call) => [...call.url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b))

/** Helpers that script a shared fake fetch, run an effect, and return its value or error with the calls made. */
export const harness = (fake: FakeFetch) => {
  const withFake = <A, E, R>(effect: Effect.Effect<A, E, R>, ...answers: ReadonlyArray<Script>) =>
    Effect.gen(function*() {
      fake.script(...answers)
      const exit = yield* Effect.exit(effect)
      return { exit, calls: [...fake.calls] }
    })

  const succeed = <A, E, R>(effect: Effect.Effect<A, E, R>, ...answers: ReadonlyArray<Script>) =>
    Effect.flatMap(
      withFake(effect, ...answers),
      ({ calls, exit }) => Effect.map(exit, (value) => ({ value, calls, call: onlyCall(calls) }))
    )

  const fail = <A, E, R>(effect: Effect.Effect<A, E, R>, ...answers: ReadonlyArray<Script>) =>
    Effect.flatMap(
      withFake(effect, ...answers),
      ({ calls, exit }) => Effect.map(Effect.flip(exit), (error) => ({ error, calls }))
    )

  /** Asserts that `effect` fails with `InvalidInput` on `field` and sends nothing. */
  const rejects = <R>(effect: Effect.Effect<unknown, ClerkError, R>, field: string) =>
    Effect.gen(function*() {
      const { calls, error } = yield* fail(effect, json(500, {}))
      assert.instanceOf(error, InvalidInput)
      assert.strictEqual(error.field, field)
      assert.strictEqual(calls.length, 0, "no request sent")
    })

  return { withFake, succeed, fail, rejects } as const
}
