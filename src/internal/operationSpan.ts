import * as Effect from "effect/Effect"
import { compact } from "./validate.js"

/**
 * Runs an operation in its own client span (`Sessions.get`…) with non-secret attributes (`undefined` ones are left
 * out); the request pipeline adds the status code and attempts to it. Never put a token or the secret key in
 * `attributes`.
 *
 * @internal
 */
export const operationSpan = (
  name: string,
  attributes: Readonly<Record<string, string | number | boolean | undefined>> = {}
) =>
<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.withSpan(self, name, { kind: "client", captureStackTrace: false, attributes: compact(attributes) })
