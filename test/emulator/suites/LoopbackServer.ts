import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect } from "effect"
import * as Net from "node:net"
import * as Os from "node:os"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../../src/emulator/Fault.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { eventually, send } from "../support/Http.js"

const connects = (host: string, port: number) =>
  Effect.promise(() =>
    new Promise<boolean>((resolve) => {
      const socket = Net.connect({ host, port })
      socket.setTimeout(500)
      socket.once("connect", () => {
        socket.destroy()
        resolve(true)
      })
      socket.once("error", () => resolve(false))
      socket.once("timeout", () => {
        socket.destroy()
        resolve(false)
      })
    })
  )

const rejection = (promise: Promise<unknown>) =>
  Effect.promise(() => promise.then(() => undefined, (error: unknown) => error as Error & { cause?: any }))

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator, true>) =>
  describe("ClerkEmulator.serve", () => {
    describe("over real sockets", () => {
      it.scoped("answers global fetch on http://127.0.0.1:<ephemeral port>", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const { port, url } = yield* ClerkEmulator.serve()
          assert.strictEqual(url, `http://127.0.0.1:${port}`)
          assert.isAbove(port, 0)
          const list = yield* Effect.promise(() =>
            send(fetch, `${url}/v1/sessions?user_id=${Seed.userId(0)}`, emulator, "GET")
          )
          assert.strictEqual(list.status, 200)
          assert.strictEqual(list.headers.get("content-type"), "application/json")
          assert.strictEqual(list.json.length, 4)
          const created = yield* Effect.promise(() =>
            send(fetch, `${url}/v1/sessions`, emulator, "POST", { body: { user_id: Seed.userId(0) } })
          )
          assert.strictEqual(created.status, 200)
          const unauthorized = yield* Effect.promise(() =>
            send(fetch, `${url}/v1/sessions`, emulator, "GET", { authorization: false })
          )
          assert.strictEqual(unauthorized.status, 401)
          const [first] = yield* emulator.requests
          assert.strictEqual(first?.headers.host, `127.0.0.1:${port}`)
        }))

      it.scoped("binds 127.0.0.1 only", () =>
        Effect.gen(function*() {
          const { port } = yield* ClerkEmulator.serve({ port: 0 })
          assert.isTrue(yield* connects("127.0.0.1", port))
          assert.isFalse(yield* connects("::1", port))
          const external = Object.values(Os.networkInterfaces()).flat().find((address) =>
            address !== undefined && address.family === "IPv4" && !address.internal
          )
          if (external !== undefined) {
            assert.isFalse(yield* connects(external.address, port))
          }
        }))

      it.scoped("drops the connection on a Reset fault: fetch rejects with a TypeError caused by ECONNRESET", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const { url } = yield* ClerkEmulator.serve()
          yield* emulator.injectFault(Fault.reset({ method: "POST", path: "/v1/sessions" }))
          const error = yield* rejection(
            send(fetch, `${url}/v1/sessions`, emulator, "POST", { body: { user_id: Seed.userId(0) } })
          )
          assert.instanceOf(error, TypeError)
          assert.strictEqual(error?.message, "fetch failed")
          assert.strictEqual(error?.cause?.code, "ECONNRESET")
          assert.strictEqual((yield* emulator.sessions).length, 12)
          const after = yield* Effect.promise(() => send(fetch, `${url}/v1/jwks`, emulator, "GET"))
          assert.strictEqual(after.status, 200)
        }))

      it.scoped("records a slow request the client aborted, and processes nothing", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          yield* emulator.reset
          const { url } = yield* ClerkEmulator.serve()
          yield* emulator.injectFault(Fault.latency("5 seconds", { method: "POST" }))
          const error = yield* rejection(
            send(fetch, `${url}/v1/sessions`, emulator, "POST", {
              body: { user_id: Seed.userId(0) },
              signal: AbortSignal.timeout(100)
            })
          )
          assert.strictEqual(error?.name, "TimeoutError")
          const [entry] = yield* eventually(emulator.requests, (log) => log[0]?.aborted === true)
          assert.deepStrictEqual([entry?.method, entry?.path, entry?.outcome, entry?.status], [
            "POST",
            "/v1/sessions",
            "aborted",
            undefined
          ])
          assert.deepStrictEqual(entry?.body, { user_id: Seed.userId(0) })
          assert.strictEqual((yield* emulator.sessions).length, 12)
        }))

      it.scoped("closes the server and its connections when the scope closes", () =>
        Effect.gen(function*() {
          const emulator = yield* ClerkEmulator.ClerkEmulator
          const first = yield* Effect.scoped(Effect.gen(function*() {
            const address = yield* ClerkEmulator.serve()
            const other = yield* ClerkEmulator.serve()
            assert.notStrictEqual(address.port, other.port)
            const reply = yield* Effect.promise(() => send(fetch, `${address.url}/v1/jwks`, emulator, "GET"))
            assert.strictEqual(reply.status, 200)
            return address
          }))
          assert.isFalse(yield* connects("127.0.0.1", first.port))
        }))

      it.scoped("fails with ServeError when the port is taken", () =>
        Effect.gen(function*() {
          const { port } = yield* ClerkEmulator.serve()
          const error = yield* Effect.flip(ClerkEmulator.serve({ port }))
          assert.strictEqual(error._tag, "ServeError")
          assert.strictEqual(error.port, port)
          assert.match(error.message, /EADDRINUSE/)
        }))
    })
  })
