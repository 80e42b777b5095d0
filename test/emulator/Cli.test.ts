/**
 * The emulator for anyone who installed the package (issue 13, item 12): the package's `bin` (`npx clerk-emulator`)
 * is built into dist/ and shipped; `npm run emulator --port 0` (without `--`) honours the port; the command line.
 * The built bin itself, installed from the packed tarball, is run in test/package/Tarball.test.ts (one build for both).
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { parseArgs, parseCommand, shellQuote, UsageError } from "../../src/emulator/CliArgs.js"
import { shellWords, startUntilReady } from "./support/CliProcess.js"

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>
  files: Array<string>
}

describe("clerk-emulator, the package's bin", () => {
  it("is built into dist/ by the build, starts with a node shebang, and is shipped", () => {
    assert.strictEqual(pkg.bin["clerk-emulator"], "dist/emulator/cli.js")
    assert.include(pkg.files, "dist")
    const build = JSON.parse(Fs.readFileSync(Path.join(root, "tsconfig.build.json"), "utf8")) as {
      exclude?: Array<string>
    }
    assert.notInclude(build.exclude ?? [], "src/emulator/cli.ts")
    assert.match(Fs.readFileSync(Path.join(root, "src/emulator/cli.ts"), "utf8"), /^#!\/usr\/bin\/env node\n/)
  })

  it("under npm, `npm run emulator --port 0` (without --) listens on the port given, not the default", async () => {
    const npm = spawn("npm", ["run", "--silent", "emulator", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    try {
      const lines = await startUntilReady(npm)
      const listening = lines.find((l) => l.startsWith("Clerk emulator listening on "))!
      const url = new URL(listening.replace("Clerk emulator listening on ", "").trim())
      assert.notStrictEqual(url.port, "8787")
      assert.strictEqual((await fetch(`${url.origin}/v1/sessions`)).status, 401) // the emulator, listening
    } finally {
      // npm, its shell and the emulator are one process group
      const exited = new Promise((resolve) => npm.once("exit", resolve))
      if (npm.exitCode === null) process.kill(-npm.pid!, "SIGINT")
      await exited
    }
  }, 120_000)
})

describe("the command line", () => {
  const usageError = (args: ReadonlyArray<string>, pattern: RegExp) => {
    const error = (() => {
      try {
        parseCommand(args)
      } catch (error) {
        return error
      }
    })()
    assert.instanceOf(error, UsageError, args.join(" "))
    assert.match((error as UsageError).message, pattern)
  }

  it("--help and -h ask for usage, wherever they stand", () => {
    for (const args of [["--help"], ["-h"], ["--port", "0", "--help"]]) {
      assert.deepStrictEqual(parseCommand(args), { _tag: "Help" }, args.join(" "))
    }
  })

  it("refuses, naming it, an unknown flag, a flag without its value, a stray argument, a bad value", () => {
    usageError(["--prot", "0"], /^unknown option --prot /)
    usageError(["--verbose=1"], /^unknown option --verbose /)
    usageError(["-p", "0"], /^unknown option -p /)
    usageError(["--port"], /^--port needs a value$/)
    usageError(["--secret-key", "--port", "0"], /^--secret-key needs a value$/)
    usageError(["8787"], /^unexpected argument 8787 /)
    usageError(["--port", "http"], /^--port must be an integer from 0 to 65535, got http$/)
    usageError(["--rate-limit", "lots"], /^--rate-limit must look like 100\/10s/)
  })
})

describe("the command line under npm", () => {
  it("reads a flag npm kept for itself, with its value or with the value passed on bare", () => {
    const npm = { npm_lifecycle_event: "emulator" }
    assert.strictEqual(parseArgs([], { ...npm, npm_config_port: "9001" }).port, 9001)
    assert.strictEqual(parseArgs(["0"], { ...npm, npm_config_port: "true" }).port, 0)
    assert.deepStrictEqual(parseArgs(["sk_test_x"], { ...npm, npm_config_secret_key: "true" }).secretKey, "sk_test_x")
    // flags after -- win; outside npm the variables mean nothing
    assert.strictEqual(parseArgs(["--port", "9002"], { ...npm, npm_config_port: "9001" }).port, 9002)
    assert.strictEqual(parseArgs([], { npm_config_port: "9001" }).port, 8787)
  })

  it("fails, naming the fix, when it cannot tell which bare value is which flag's", () => {
    const env = { npm_lifecycle_event: "emulator", npm_config_port: "true", npm_config_issuer: "true" }
    assert.throws(() => parseArgs(["0", "https://i.test"], env), /put -- before the emulator's flags/)
    assert.throws(() => parseArgs([], { npm_lifecycle_event: "emulator", npm_config_port: "true" }), /put --/)
  })

  it("quotes what it prints for a POSIX shell", () => {
    assert.strictEqual(shellQuote("sk_test_abc"), "sk_test_abc")
    assert.strictEqual(
      shellQuote("http://127.0.0.1:1/v1/sessions?user_id=u"),
      "'http://127.0.0.1:1/v1/sessions?user_id=u'"
    )
    const nasty = "a'b $HOME `x` \"y\""
    assert.deepStrictEqual(shellWords(`echo ${shellQuote(nasty)}`), ["echo", nasty])
    const echoed = spawnSync("sh", ["-c", `printf %s ${shellQuote(nasty)}`], { encoding: "utf8" })
    assert.strictEqual(echoed.stdout, nasty)
  })
})
