/**
 * The emulator for anyone who installed the package (issue 13, item 12): the package's `bin` (`npx clerk-emulator`),
 * built into dist/, serves on the port given and prints commands that work when pasted; `npm run emulator --port 0`
 * (without `--`) honours the port.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Queue, Redacted } from "effect"
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { parseArgs, parseCommand, shellQuote, UsageError } from "../../src/emulator/CliArgs.js"
import * as ClerkWebhooks from "../../src/services/ClerkWebhooks.js"
import * as Receiver from "../webhooks/support/Receiver.js"

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

  it("reads the webhook flags: one endpoint, its secret (or none: the CLI makes one), its event types", () => {
    const url = "http://127.0.0.1:4000/webhooks"
    assert.deepStrictEqual(parseArgs(["--webhook-url", url]).webhook, { url, secret: undefined, events: undefined })
    assert.deepStrictEqual(
      parseArgs([
        `--webhook-url=${url}`,
        "--webhook-secret",
        "whsec_MfKQ9r8G",
        "--webhook-events",
        " user.created,,a.b "
      ])
        .webhook,
      { url, secret: "whsec_MfKQ9r8G", events: ["user.created", "a.b"] }
    )
    assert.isUndefined(parseArgs(["--port", "0"]).webhook)
    usageError(["--webhook-secret", "whsec_MfKQ9r8G"], /^--webhook-secret and --webhook-events need --webhook-url$/)
    usageError(["--webhook-events", "user.created"], /need --webhook-url$/)
    usageError(["--webhook-url", "not a url"], /^--webhook-url must be a URL, got not a url$/)
    usageError(["--webhook-url", url, "--webhook-secret", "MfKQ9r8G"], /^--webhook-secret must be whsec_/)
  })
})

describe("clerk-emulator --help and a bad flag, run", () => {
  const run = (...args: Array<string>) =>
    spawnSync(process.execPath, [Path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/emulator/cli.ts", ...args], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000
    })

  it("--help prints usage naming every flag and exits 0 without serving", () => {
    const result = run("--help")
    assert.strictEqual(result.status, 0, result.stderr)
    assert.match(result.stdout, /^Usage: clerk-emulator \[options\]/)
    for (
      const flag of [
        "--port",
        "--secret-key",
        "--issuer",
        "--rate-limit",
        "--webhook-url",
        "--webhook-secret",
        "--webhook-events",
        "-h, --help"
      ]
    ) {
      assert.include(result.stdout, flag)
    }
    assert.notInclude(result.stdout, "listening")
  }, 60_000)

  it("an unknown flag exits 2, naming it on stderr, without serving", () => {
    const result = run("--prot", "8787")
    assert.strictEqual(result.status, 2, result.stdout + result.stderr)
    assert.strictEqual(result.stdout, "")
    assert.include(result.stderr, "clerk-emulator: unknown option --prot")
  }, 60_000)
})

describe("clerk-emulator --webhook-url, run", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

  /** Starts the CLI (from source, as `npm run emulator` does) until it is ready; stopped with the scope. */
  const cli = (...args: Array<string>) =>
    Effect.acquireRelease(
      Effect.suspend(() => {
        const child = spawn(
          process.execPath,
          [Path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/emulator/cli.ts", "--port", "0", ...args],
          { cwd: root, stdio: ["ignore", "pipe", "pipe"] }
        )
        return Effect.map(Effect.promise(() => startUntilReady(child)), (lines) => ({ child, lines }))
      }),
      ({ child }) => Effect.promise(() => stop(child))
    )

  /** The printed `export` line that configures a client, read as a shell would. */
  const clientOf = (lines: ReadonlyArray<string>) => {
    const env = Object.fromEntries(shellWords(lineAfter(lines, "or:")).slice(1).map((word) => word.split(/=(.*)/s)))
    return (method: string, path: string, body: unknown) =>
      Effect.promise(() =>
        fetch(`${env.CLERK_API_URL}${path}`, {
          method,
          headers: { authorization: `Bearer ${env.CLERK_SECRET_KEY}`, "content-type": "application/json" },
          body: JSON.stringify(body)
        }).then((response) => response.json() as Promise<any>)
      )
  }

  /** Verifies a received delivery with `ClerkWebhooks` and the given secret. */
  const verify = (received: Receiver.Received, signingSecret: string) =>
    ClerkWebhooks.verifyDelivery({ body: received.body, headers: received.headers }).pipe(
      Effect.provide(Layer.orDie(ClerkWebhooks.layer({ secret: Redacted.make(signingSecret) }))),
      Effect.either
    )

  it.live(
    "without --webhook-secret: prints a new one, and every event arrives signed with it",
    () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const { lines } = yield* cli("--webhook-url", receiver.url)
        assert.strictEqual(lineAfter(lines, "webhooks:").replace(/,.*$/, ""), `every event to ${receiver.url}`)
        const exported = shellWords(lines.find((line) => line.includes("CLERK_WEBHOOK_SIGNING_SECRET="))!.trim())
        assert.strictEqual(exported[0], "export")
        const [name, printed] = exported[1]!.split(/=(.*)/s)
        assert.strictEqual(name, "CLERK_WEBHOOK_SIGNING_SECRET")
        assert.match(printed!, /^whsec_[A-Za-z0-9+/]+=*$/)
        assert.notStrictEqual(printed, secret)

        const call = clientOf(lines)
        const user = yield* call("POST", "/v1/users", { email_address: ["cli@example.com"] })
        const received = yield* Queue.take(receiver.received)
        const delivery = yield* verify(received, printed!)
        assert.strictEqual(delivery._tag, "Right", JSON.stringify(delivery))
        if (delivery._tag !== "Right") return
        assert.strictEqual(delivery.right.id, received.headers["svix-id"])
        assert.strictEqual(delivery.right.event._tag, "UserCreated")
        assert.strictEqual(delivery.right.event._tag === "UserCreated" && delivery.right.event.data.id, user.id)
        // signed with the printed secret, not any other
        const other = yield* verify(received, secret)
        assert.strictEqual(other._tag === "Left" && other.left.reason, "bad-signature")
      }).pipe(Effect.scoped),
    120_000
  )

  it.live(
    "with --webhook-secret and --webhook-events: that secret, those event types only",
    () =>
      Effect.gen(function*() {
        const receiver = yield* Receiver.make()
        const { child, lines } = yield* cli(
          "--webhook-url",
          receiver.url,
          "--webhook-secret",
          secret,
          "--webhook-events",
          "user.created, organization.created"
        )
        assert.strictEqual(
          lineAfter(lines, "webhooks:").replace(/,\s*signed.*$/, ""),
          `user.created, organization.created to ${receiver.url}`
        )
        const call = clientOf(lines)
        // a session first: session.created is not subscribed to, so only the user and the organization arrive
        const session = yield* call("POST", "/v1/sessions", { user_id: ClerkEmulator.seededUserId(0) })
        assert.strictEqual(session.object, "session", JSON.stringify(session))
        const user = yield* call("POST", "/v1/users", { email_address: ["events@example.com"] })
        const organization = yield* call("POST", "/v1/organizations", { name: "CLI", created_by: user.id })
        const events = yield* Effect.forEach(
          [1, 2],
          () => Effect.flatMap(Queue.take(receiver.received), (received) => verify(received, secret))
        )
        const verified = events.map((event) =>
          event._tag === "Left"
            ? event.left._tag
            : event.right.event._tag === "UserCreated" || event.right.event._tag === "OrganizationCreated"
            ? `${event.right.event._tag} ${event.right.event.data.id}`
            : event.right.event._tag
        )
        assert.sameMembers(verified, [`UserCreated ${user.id}`, `OrganizationCreated ${organization.id}`])
        // stopped, so nothing more can arrive: what did arrive is all there was (no session.created, no membership)
        yield* Effect.promise(() => stop(child))
        assert.strictEqual(yield* Queue.size(receiver.received), 0)
      }).pipe(Effect.scoped),
    120_000
  )
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
