/**
 * The emulator for anyone who installed the package (issue 13, item 12): the package's `bin` (`npx clerk-emulator`)
 * is built into dist/ and shipped; `npm run emulator --port 0` (without `--`) honours the port; the command line,
 * and its webhook flags run from source. The built bin itself, installed from the packed tarball, is run in
 * test/package/Tarball.test.ts (one build for both).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Queue, Redacted } from "effect"
import { spawn, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import { parseArgs, parseCommand, shellQuote, UsageError } from "../../src/emulator/CliArgs.js"
import * as ClerkWebhooks from "../../src/services/ClerkWebhooks.js"
import * as Receiver from "../webhooks/support/Receiver.js"
import { lineAfter, shellWords, startUntilReady, stop } from "./support/CliProcess.js"

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
