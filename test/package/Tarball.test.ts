/**
 * The package as a user gets it (issue 20, item 1; issue 13, items 12 and 13): `npm pack` builds dist/ (`prepack`),
 * and the tarball holds every exports and bin target, the LICENSE, the CHANGELOG and every file the docs link to;
 * installed into a fresh ES-module app with the peer dependencies at the ranges package.json declares, it runs a
 * program that imports `effect-clerk` and `effect-clerk/ClerkTest`, and its `clerk-emulator` bin (built with the
 * build's tsconfig) answers `--help`, refuses a bad flag, and serves on the port given, printing commands that work
 * when pasted. Slow by nature (a build and an install): packed and installed once, for every test of the file.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { execFile, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { promisify } from "node:util"
import { lineAfter, shellWords, startUntilReady, stop } from "../emulator/support/CliProcess.js"
import { pages } from "../readme/blocks.js"
import { relativeLinks } from "../readme/links.js"

const root = Path.resolve(import.meta.dirname, "../..")
const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
  name: string
  license: string
  version: string
  engines: { node: string }
  bin: Record<string, string>
  exports: Record<string, { types: string; default: string } | string | null>
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional?: boolean }>
}

/** Runs a command to its end (asynchronously: a long synchronous child would stall vitest's worker). */
const run = async (command: string, args: ReadonlyArray<string>, cwd: string) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, encoding: "utf8", timeout: 600_000 })
    return { status: 0, stdout, stderr }
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

/** The tarball, packed and installed once for the file. */
interface Installed {
  /** When the pack began. */
  readonly packStart: number
  /** The paths in the tarball. */
  readonly files: ReadonlySet<string>
  /** The scratch app it is installed in. */
  readonly app: string
  /** The app's installed `clerk-emulator` bin (a file of the tarball, run with node). */
  readonly bin: string
}

let dir: string | undefined
let installed: Installed | undefined
const tarball = (): Installed => {
  assert.isDefined(installed, "the tarball was packed and installed (see the failure of beforeAll)")
  return installed!
}

beforeAll(async () => {
  dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-clerk-tarball-"))
  const packStart = Date.now()
  const [report] = JSON.parse(await npm(["pack", "--json", "--pack-destination", dir], root)) as Array<{
    filename: string
    files: Array<{ path: string }>
  }>
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
  await npm(["install", "--no-audit", "--no-fund", "--prefer-offline", Path.join(dir, report!.filename), ...peers], app)
  installed = {
    packStart,
    files: new Set(report!.files.map((file) => file.path)),
    app,
    bin: Path.join(app, "node_modules", pkg.name, pkg.bin["clerk-emulator"]!)
  }
}, 900_000)

afterAll(() => {
  if (dir !== undefined) Fs.rmSync(dir, { recursive: true, force: true })
})

describe("the packed tarball", () => {
  it("holds every exports and bin target, in dist/ built by this very pack (prepack)", () => {
    const { files, packStart } = tarball()
    const targets = Object.values(pkg.exports).flatMap((target) =>
      target === null ? [] : typeof target === "string" ? [target] : [target.types, target.default]
    )
    const missing = [...targets, ...Object.values(pkg.bin)].map((target) => target.replace(/^\.\//, ""))
      .filter((target) => !files.has(target))
    assert.deepStrictEqual(missing, [], "exports and bin targets the tarball lacks")
    // built by this very pack (prepack), not left over from an earlier build
    assert.isAtLeast(Fs.statSync(Path.join(root, "dist/index.js")).mtimeMs, packStart - 1000)
  })

  it("ships a LICENSE whose text is the license package.json names", () => {
    assert.isTrue(tarball().files.has("LICENSE"), "LICENSE in the tarball")
    assert.strictEqual(pkg.license, "MIT")
    const text = Fs.readFileSync(Path.join(root, "LICENSE"), "utf8")
    assert.match(text, /^MIT License\n/)
    assert.include(text.replace(/\s+/g, " "), "Permission is hereby granted, free of charge, to any person")
  })

  it("ships a CHANGELOG whose first section is this version or the next one, unreleased; and says which Node", () => {
    assert.isTrue(tarball().files.has("CHANGELOG.md"), "CHANGELOG.md in the tarball")
    const first = /^## (\d+\.\d+\.\d+)(.*)$/m.exec(Fs.readFileSync(Path.join(root, "CHANGELOG.md"), "utf8"))
    assert.isNotNull(first, "a ## <version> section")
    const [, version, note] = first!
    const [major, minor] = pkg.version.split(".").map(Number)
    const next = [`${major}.${minor! + 1}.0`, `${major! + 1}.0.0`]
    assert.isTrue(
      version === pkg.version || (next.includes(version!) && note!.includes("unreleased")),
      `CHANGELOG starts at ${version}${note}, package.json is ${pkg.version}`
    )
    assert.strictEqual(pkg.engines.node, ">=20")
  })

  it("holds every file README.md and docs/*.md link to by a relative path", () => {
    const { files } = tarball()
    const links = pages().flatMap((page) =>
      relativeLinks(page, Fs.readFileSync(Path.join(root, page), "utf8")).filter((link) => link.file !== page)
        .map((link) => link.file)
    )
    assert.includeMembers(links, ["bench/RESULTS.md", "docs/quota.md", "LICENSE"])
    const missing = links.filter((link) => !files.has(link) && ![...files].some((f) => f.startsWith(`${link}/`)))
    assert.deepStrictEqual(missing, [], "links to files the tarball leaves out")
  })

  it("installs into a fresh ESM app with the peers at their declared lines, and runs a program", async () => {
    Fs.writeFileSync(Path.join(tarball().app, "main.js"), program)
    const main = await run(process.execPath, ["main.js"], tarball().app)
    assert.strictEqual(main.status, 0, main.stderr)
    const out = JSON.parse(main.stdout) as { total: number; first: string; sid: string }
    assert.isAbove(out.total, 0)
    assert.match(out.first, /^sess_/)
    assert.match(out.sid, /^sess_/)
  }, 60_000)
})

describe("clerk-emulator, the tarball's bin", () => {
  it("has a node shebang; `npx clerk-emulator --help` prints usage naming every flag, without serving", async () => {
    assert.match(Fs.readFileSync(tarball().bin, "utf8"), /^#!\/usr\/bin\/env node\n/)
    const help = await run("npx", ["clerk-emulator", "--help"], tarball().app)
    assert.strictEqual(help.status, 0, help.stderr)
    assert.match(help.stdout, /^Usage: clerk-emulator \[options\]/)
    const flags = ["--port", "--secret-key", "--issuer", "--rate-limit", "--webhook-url", "--webhook-secret"]
    for (const flag of [...flags, "--webhook-events", "-h, --help"]) assert.include(help.stdout, flag)
    assert.notInclude(help.stdout, "listening")
  }, 60_000)

  it("an unknown flag exits 2, naming it on stderr, without serving", async () => {
    const result = await run(process.execPath, [tarball().bin, "--prot", "8787"], tarball().app)
    assert.strictEqual(result.status, 2, result.stdout + result.stderr)
    assert.strictEqual(result.stdout, "")
    assert.include(result.stderr, "clerk-emulator: unknown option --prot")
  }, 60_000)

  it("serves on --port over loopback; the printed curl and export lines work as pasted", async () => {
    const child = spawn(process.execPath, [tarball().bin, "--port", "0"], {
      cwd: tarball().app,
      stdio: ["ignore", "pipe", "pipe"]
    })
    try {
      const lines = await startUntilReady(child)
      const url = lines[0]!.replace("Clerk emulator listening on ", "").trim()
      // the key is printed as itself, said to be the emulator's own test key; nothing reads "<redacted>"
      assert.isFalse(lines.some((line) => /redacted/i.test(line)), lines.join("\n"))
      assert.match(lineAfter(lines, "secret key:"), /^sk_test_\S+$/)
      assert.include(lines.find((line) => line.includes("secret key:")), "a test key this emulator made up")
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
  }, 60_000)
})
