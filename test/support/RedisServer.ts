import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as net from "node:net"

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before use). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error()))
    })
  })

/** A real `redis-server` on 127.0.0.1 (no persistence), for tests; installed by `.ci/run` when missing. */
export interface RedisServer {
  readonly port: number
  /** Stops it (SIGKILL: like a crash, no goodbye to clients). */
  readonly stop: () => Promise<void>
  /** Starts it again on the same port. */
  readonly start: () => Promise<void>
}

/** The one line a test fails with when `redis-server` cannot be run at all. */
export const notInstalled =
  "redis-server is not on PATH: install it to run the Redis tests (apt-get install redis-server, or brew install redis)"

/** Resolves once the server accepts connections; rejects, with one line, if it cannot start within `startMillis`. */
const waitReady = (child: ChildProcess, startMillis: number): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`redis-server did not start within ${startMillis} ms: ${output.slice(-300)}`))
    }, startMillis)
    const done = (error?: Error) => {
      clearTimeout(timer)
      child.stdout?.off("data", onData)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) done()
    }
    child.stdout?.on("data", onData)
    child.once("error", (error: NodeJS.ErrnoException) =>
      done(error.code === "ENOENT" ? new Error(notInstalled) : new Error(`redis-server: ${error.message}`)))
    child.once("exit", (code) =>
      done(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)))
  })

/**
 * Starts `redis-server` on a free loopback port; `Effect.acquireRelease` stops it with the scope. Fails fast, with
 * one line, when it is not installed or does not start (`env`: the environment it is looked up and run in).
 */
export const redisServerWith = (options: { readonly env?: NodeJS.ProcessEnv; readonly startMillis?: number } = {}) =>
  Effect.acquireRelease(
    Effect.promise(async (): Promise<RedisServer & { readonly current: () => ChildProcess | undefined }> => {
      const port = await freePort()
      let child: ChildProcess | undefined
      const start = async () => {
        child = spawn("redis-server", [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--protected-mode",
          "yes"
        ], { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env })
        await waitReady(child, options.startMillis ?? 10_000)
      }
      const stop = async () => {
        const running = child
        child = undefined
        if (running === undefined || running.exitCode !== null || running.pid === undefined) return
        await new Promise<void>((resolve) => {
          running.once("exit", () => resolve())
          running.kill("SIGKILL")
        })
      }
      await start()
      return { port, start, stop, current: () => child }
    }),
    (server) => Effect.promise(() => server.stop())
  )

/** `redis-server` as installed (see {@link redisServerWith}). */
export const redisServer = redisServerWith()
