/**
 * Setup file of every test file (vitest.config.ts): `layer(...)` of @effect/vitest assigns its runner to the shared
 * `it.effect` and `it.scoped`; with files sharing a worker, a file must start from @effect/vitest's own methods.
 */
import { it, makeMethods } from "@effect/vitest"

makeMethods(it)
