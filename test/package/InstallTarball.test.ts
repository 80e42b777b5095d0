/**
 * The package as a user gets it (issue 20, item 1): `npm pack` builds dist/ (`prepack`), and the tarball, installed
 * into a fresh ES-module app with the peer dependencies at the ranges package.json declares, runs a program that
 * imports `effect-clerk` and `effect-clerk/ClerkTest`, and its `clerk-emulator` bin answers `--help`. Slow by
 * nature (a build and an install): one test, done once.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { promisify } from "node:util"

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  name: string
  bin: Record<string, string>
  exports: Record<string, { types: string; default: string } | string | null>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}

/** Runs a command to its end (asynchronously: a long synchronous child would stall vitest's worker). */
const run = async (command: string, args: ReadonlyArray<string>, cwd: string) => {
  try {
    const { stdout } = await promisify(execFile)(command, args, { cwd, encoding: "utf8", timeout: 600_000 })
    return { status: 0, stdout, stderr: "" }
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string }
    return { status: failed.code ?? "failed", stdout: failed.stdout ?? "", stderr: failed.stderr ?? String(error) }
  }
}

const npm = async (args: ReadonlyArray<string>, cwd: string) => {
  const result = await run("npm", args, cwd)
  assert.strictEqual(result.status, 0, `npm ${args.join(" ")}: ${result.stderr}`)
  return result.stdout
}

/** The line of a range, as `^` keeps it: `^3.22.4` → `^3.22`, `^0.97.1` → `^0.97`. */
const lineOf = (range: string) => range.replace(/^\^?(\d+\.\d+).*$/, "^$1")

const program = `
import { Effect, Redacted } from "effect"
import { ClerkAuth, Sessions } from "effect-clerk"
import { ClerkTest } from "effect-clerk/ClerkTest"
import * as ClerkEmulator from "effect-clerk/ClerkEmulator"

const main = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  const page = yield* Sessions.list({ userId: ClerkEmulator.seededUserId(0) })
  const token = yield* emulator.sessionToken(page.data.find((s) => s.status === "active").id)
  const claims = yield* ClerkAuth.verifyToken(token)
  console.log(JSON.stringify({ total: page.totalCount, first: page.data[0].id, sid: claims.sessionId }))
}).pipe(Effect.provide(ClerkTest))

await Effect.runPromise(main)
`

describe("the packed tarball", () => {
  it(
    "holds dist/ (built by prepack), installs into a fresh ESM app, runs a program and the clerk-emulator bin",
    async () => {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-clerk-tarball-"))
      try {
        const packStart = Date.now()
        const [report] = JSON.parse(await npm(["pack", "--json", "--pack-destination", dir], root)) as Array<{
          filename: string
          files: Array<{ path: string }>
        }>
        const files = new Set(report!.files.map((file) => file.path))
        const targets = Object.values(pkg.exports).flatMap((target) =>
          target === null ? [] : typeof target === "string" ? [target] : [target.types, target.default]
        )
        const missing = [...targets, ...Object.values(pkg.bin)].map((target) => target.replace(/^\.\//, ""))
          .filter((target) => !files.has(target))
        assert.deepStrictEqual(missing, [], "exports and bin targets the tarball lacks")
        // built by this very pack (prepack), not left over from an earlier build
        assert.isAtLeast(Fs.statSync(Path.join(root, "dist/index.js")).mtimeMs, packStart - 1000)

        const app = Path.join(dir, "app")
        Fs.mkdirSync(app)
        Fs.writeFileSync(
          Path.join(app, "package.json"),
          JSON.stringify({ name: "scratch-app", version: "1.0.0", private: true, type: "module" })
        )
        const peers = Object.entries(pkg.peerDependencies)
          .filter(([name]) => pkg.peerDependenciesMeta[name]?.optional !== true)
          .map(([name, range]) => `${name}@${lineOf(range)}`)
        assert.includeMembers(peers, ["effect@^3.22", "@effect/platform@^0.97"])
        await npm(
          ["install", "--no-audit", "--no-fund", "--prefer-offline", Path.join(dir, report!.filename), ...peers],
          app
        )

        Fs.writeFileSync(Path.join(app, "main.js"), program)
        const main = await run(process.execPath, ["main.js"], app)
        assert.strictEqual(main.status, 0, main.stderr)
        const out = JSON.parse(main.stdout) as { total: number; first: string; sid: string }
        assert.isAbove(out.total, 0)
        assert.match(out.first, /^sess_/)
        assert.match(out.sid, /^sess_/)

        const help = await run("npx", ["clerk-emulator", "--help"], app)
        assert.strictEqual(help.status, 0, help.stderr)
        assert.match(help.stdout, /^Usage: clerk-emulator \[options\]/)
      } finally {
        Fs.rmSync(dir, { recursive: true, force: true })
      }
    },
    900_000
  )
})
