/**
 * Servers in examples print where they listen (issue 20, item 7): `examples/get-token.ts`, run as `npm run
 * example:get-token` runs it, prints the emulator's URL and the route's, and both answer there.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")

describe("examples/get-token.ts, run", () => {
  it(
    "prints the URLs it listens on, and they answer: the route 401 signed out, the emulator 401 without a key",
    async () => {
      const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "examples/get-token.ts"], {
        cwd: root,
        env: { ...process.env, PORT: "0" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      try {
        const out = await new Promise<string>((resolve, reject) => {
          let text = ""
          child.stdout.on("data", (chunk: Buffer) => {
            text += chunk.toString("utf8")
            if (text.includes("Ctrl-C stops both.")) resolve(text)
          })
          child.once("exit", (code) => reject(new Error(`exited with ${code}: ${text}`)))
        })
        const emulator = /^Clerk emulator: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1]
        const route = /^GET \/api\/get-token-example on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1]
        assert.isDefined(emulator, out)
        assert.isDefined(route, out)
        const signedOut = await fetch(`${route}/api/get-token-example`)
        assert.strictEqual(signedOut.status, 401)
        assert.deepInclude(await signedOut.json(), { error: "Unauthorized", reason: "no-token" })
        assert.strictEqual((await fetch(`${emulator}/v1/sessions`)).status, 401)
      } finally {
        const exited = new Promise((resolve) => child.once("exit", resolve))
        if (child.exitCode === null) child.kill("SIGINT")
        await exited
      }
    },
    120_000
  )
})
