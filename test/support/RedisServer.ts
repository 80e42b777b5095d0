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

const waitReady = (child: ChildProcess): Promise<void> =>
  new Promise((resolve, reject) => {
    let output = ""
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData)
        resolve()
      }
    }
    child.stdout?.on("data", onData)
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)))
  })

/** Starts `redis-server` on a free loopback port; `Effect.acquireRelease` stops it with the scope. */
export const redisServer = Effect.acquireRelease(
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
      ], { stdio: ["ignore", "pipe", "pipe"] })
      await waitReady(child)
    }
    const stop = async () => {
      const running = child
      child = undefined
      if (running === undefined || running.exitCode !== null) return
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
