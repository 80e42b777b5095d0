import { assert } from "@effect/vitest"
import { Effect } from "effect"
import type { Handle } from "../../../src/emulator/ClerkEmulator.js"
import { checkResponse } from "./Description.js"
import { type Reply, request } from "./Http.js"

/**
 * A request to the emulator whose answer must be valid against Clerk's description (the documented schema of its
 * status, or `ClerkErrors` for a status the operation does not document).
 */
export const call = (emulator: Handle, method: string, path: string, body?: unknown): Effect.Effect<Reply> =>
  Effect.map(request(emulator, method, path, body === undefined ? {} : { body }), (reply) => {
    const problem = checkResponse(method, path, reply.status, reply.text === "" ? undefined : reply.json)
    assert.isUndefined(problem, `${method} ${path} answered ${reply.status}: ${problem} ${reply.text.slice(0, 300)}`)
    return reply
  })

/** The first error code of a Clerk error answer. */
export const code = (reply: Reply): string | undefined => reply.json?.errors?.[0]?.code
