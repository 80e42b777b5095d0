/**
 * The emulator for anyone who installed the package (issue 13, item 12): the package's `bin` (`npx clerk-emulator`),
 * built into dist/, serves on the port given and prints commands that work when pasted; `npm run emulator --port 0`
 * (without `--`) honours the port.
 */
import { assert, describe, it } from "@effect/vitest"
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { parseArgs, shellQuote } from "../../src/emulator/CliArgs.js"

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>
  files: Array<string>
}

/** Words of a POSIX shell line made of bare and single-quoted words (what the CLI prints). */
const shellWords = (line: string): Array<string> => {
  const words: Array<string> = []
  for (const [, quoted, bare] of line.matchAll(/((?:'[^']*'|\\')+)|([^\s']+)/g)) {
    words.push(quoted !== undefined ? quoted.replace(/'([^']*)'|\\'/g, (_, inner) => inner ?? "'") : bare!)
  }
  return words
}

/** Runs a command until it prints `Press Ctrl+C`; the lines printed so far. */
const startUntilReady = (child: ChildProcess) =>
  new Promise<Array<string>>((resolve, reject) => {
    let out = ""
    let err = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      if (out.includes("Press Ctrl+C")) resolve(out.split("\n"))
    })
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")))
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${out}${err}`)))
  })

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once("exit", (code) => resolve(code))
    child.kill("SIGINT")
  })

const lineAfter = (lines: ReadonlyArray<string>, label: string) => {
  const line = lines.find((l) => l.trimStart().startsWith(label))
  assert.isDefined(line, `a "${label}" line in ${lines.join("\n")}`)
  return line!.trimStart().slice(label.length).replace(/\s+#.*$/, "").trim()
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

  it(
    "built with the build's tsconfig, serves on --port over loopback; the printed curl and export lines work as pasted",
    async () => {
      // the build's tsconfig, into a cache dir inside the repository (so the built files resolve effect from
      // node_modules); bin paths are relative to the package root, so the output keeps `dist/` under it
      const out = Path.join(root, "node_modules/.cache/effect-clerk-cli-test")
      Fs.rmSync(out, { recursive: true, force: true })
      execFileSync(process.execPath, [
        Path.join(root, "node_modules/typescript/bin/tsc"),
        "-p",
        Path.join(root, "tsconfig.build.json"),
        "--outDir",
        Path.join(out, "dist"),
        "--declaration",
        "false",
        "--declarationMap",
        "false",
        "--sourceMap",
        "false"
      ], { cwd: root, stdio: "pipe" })
      const bin = Path.join(out, pkg.bin["clerk-emulator"]!)
      assert.match(Fs.readFileSync(bin, "utf8"), /^#!\/usr\/bin\/env node\n/)

      const child = spawn(process.execPath, [bin, "--port", "0"], { cwd: out, stdio: ["ignore", "pipe", "pipe"] })
      try {
        const lines = await startUntilReady(child)
        const url = lines[0]!.replace("Clerk emulator listening on ", "").trim()
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
        assert.notStrictEqual(new URL(url).port, "8787")

        // the curl line names no shell variable: its words are the request
        const curl = lineAfter(lines, "try:")
        assert.notInclude(curl, "$")
        const [command, flag, header, target] = shellWords(curl)
        assert.deepStrictEqual([command, flag], ["curl", "-H"])
        const [name, value] = header!.split(": ")
        const response = await fetch(target!, { headers: { [name!]: value! } })
        assert.strictEqual(response.status, 200)
        const sessions = await response.json() as Array<{ object: string }>
        assert.isAbove(sessions.length, 0)
        assert.isTrue(sessions.every((s) => s.object === "session"))

        // and pasted into a shell, as is (curl is a real program; where there is none, the fetch above stands)
        if (spawnSync("sh", ["-c", "command -v curl"]).status === 0) {
          const pasted = spawnSync("sh", ["-c", `${curl} --silent --fail --show-error`], {
            env: { PATH: process.env.PATH },
            encoding: "utf8"
          })
          assert.strictEqual(pasted.status, 0, pasted.stderr)
          assert.deepStrictEqual(JSON.parse(pasted.stdout), sessions)
        }

        // the export line sets what ClerkConfig.fromEnv reads
        const exported = shellWords(lineAfter(lines, "or:"))
        assert.strictEqual(exported[0], "export")
        const env = Object.fromEntries(exported.slice(1).map((word) => word.split(/=(.*)/s).slice(0, 2)))
        assert.strictEqual(env.CLERK_API_URL, url)
        const jwks = await fetch(`${env.CLERK_API_URL}/v1/jwks`, {
          headers: { authorization: `Bearer ${env.CLERK_SECRET_KEY}` }
        })
        assert.strictEqual(jwks.status, 200)
        const other = await fetch(target!, { headers: { authorization: "Bearer sk_test_wrong" } })
        assert.strictEqual(other.status, 401)
      } finally {
        assert.strictEqual(await stop(child), 0)
      }
    },
    180_000
  )

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

describe("parseArgs under npm", () => {
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
