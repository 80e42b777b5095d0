/**
 * `examples/webhooks.ts`, run as `npm run example:webhooks` runs it: it prints where its route listens, and the
 * emulator's deliveries of a created and a revoked session arrive there, verified.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "../..")

describe("examples/webhooks.ts, run", () => {
  it("prints its URL, then both session events, verified; the route refuses an unsigned POST", async () => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "examples/webhooks.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = ""
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8")
          if (text.includes("received session.created") && text.includes("received session.revoked")) resolve(text)
        })
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${text}`)))
      })
      const url = /^POST \/webhooks\/clerk on (http:\/\/127\.0\.0\.1:\d+\/webhooks\/clerk)$/m.exec(out)?.[1]
      assert.isDefined(url, out)
      assert.match(out, /received session\.revoked \(msg_\w+\), signature verified/)
      const unsigned = await fetch(url!, { method: "POST", body: "{}" })
      assert.strictEqual(unsigned.status, 400)
      assert.deepStrictEqual(await unsigned.json(), { error: "WebhookInvalid", reason: "missing-headers" })
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve))
      if (child.exitCode === null) child.kill("SIGINT")
      await exited
    }
  }, 60_000)
})
