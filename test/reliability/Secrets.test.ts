/**
 * The secret key over real sockets: it never shows in an error (message, String, JSON, Cause.pretty), a log line at
 * any level, a span's name, attributes, events or exit, or the demo's output; a
 * `sk_live_` key is only sent over https or to loopback.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, ConfigError, Effect, Exit, Layer, Option, Redacted } from "effect"
import { spawn } from "node:child_process"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as Fault from "../../src/emulator/Fault.js"
import type { ClerkError } from "../../src/index.js"
import { ClerkConfig, Sessions, SignInTokens } from "../../src/index.js"
import {
  exitTexts,
  failureTexts,
  makeRecordingLogger,
  makeRecordingTracer,
  render,
  spanTexts
} from "../support/Recording.js"
import { liveLayer } from "../support/Transport.js"
import {
  type ClientOptions,
  closedPort,
  fresh,
  Loopback,
  loopbackSuite,
  operations,
  type Services,
  userId,
  withClient,
  wrongKey
} from "./support/Loopback.js"

/** Every key a test used: the emulator's, and the wrong one of the Unauthorized client. */
const keysOf = Effect.map(Loopback, ({ emulator }) => [Redacted.value(emulator.secretKey), Redacted.value(wrongKey)])

const assertNoKey = (texts: ReadonlyArray<string>, keys: ReadonlyArray<string>, what: string) => {
  for (const text of texts) {
    for (const key of keys) {
      assert.isFalse(text.includes(key), `${what} shows a secret key`)
      // nor its distinctive tail (a key cut by a length limit)
      assert.isFalse(text.includes(key.slice(-16)), `${what} shows part of a secret key`)
    }
  }
}

interface Scenario {
  readonly name: string
  readonly tag: ClerkError["_tag"]
  readonly fault?: Fault.Fault
  readonly options?: ClientOptions
  readonly closed?: boolean
  readonly run: Effect.Effect<unknown, ClerkError, Services>
}

/** One failure of every kind, each over the loopback emulator. */
const scenarios = (sessionId: string): ReadonlyArray<Scenario> => [
  { name: "a wrong key", tag: "Unauthorized", options: { secretKey: wrongKey }, run: Sessions.get(sessionId) },
  { name: "a missing session", tag: "NotFound", run: Sessions.get("sess_missing") },
  { name: "verify on the default version", tag: "Gone", run: Sessions.verify(sessionId, { token: "t" }) },
  {
    name: "a 429 storm",
    tag: "RateLimited",
    fault: Fault.status(429, { retryAfter: 0, times: Infinity }),
    run: Sessions.list({ userId })
  },
  { name: "a 500", tag: "ClerkApiError", fault: Fault.status(500), run: Sessions.create({ userId }) },
  { name: "an HTML 502", tag: "UnexpectedResponse", fault: Fault.html(), run: SignInTokens.create({ userId }) },
  {
    name: "malformed JSON",
    tag: "UnexpectedResponse",
    fault: Fault.malformedJson(),
    run: Sessions.revoke(sessionId)
  },
  { name: "an empty body", tag: "UnexpectedResponse", fault: Fault.emptyBody(), run: Sessions.createToken(sessionId) },
  {
    name: "a missing field",
    tag: "UnexpectedResponse",
    fault: Fault.dropField("jwt"),
    run: Sessions.createTokenFromTemplate(sessionId, "test")
  },
  {
    name: "a timeout",
    tag: "TransportError",
    fault: Fault.latency("2 seconds", { times: Infinity }),
    options: { timeout: "100 millis" },
    run: Sessions.get(sessionId)
  },
  { name: "a reset", tag: "TransportError", fault: Fault.reset(), run: Sessions.create({ userId }) },
  { name: "a refused connection", tag: "TransportError", closed: true, run: SignInTokens.revoke("sit_1") },
  { name: "invalid input", tag: "InvalidInput", run: Sessions.list({ limit: 0 }) }
]

/** Runs every scenario; gives its name, exit and the cause. */
const provoke = Effect.gen(function*() {
  const { emulator } = yield* fresh
  const session = (yield* emulator.sessions).find((s) => s.status === "active")!
  const port = yield* closedPort
  const results: Array<{ readonly name: string; readonly tag: string; readonly exit: Exit.Exit<unknown, ClerkError> }> =
    []
  for (const scenario of scenarios(session.id)) {
    yield* emulator.clearFaults
    if (scenario.fault !== undefined) yield* emulator.injectFault(scenario.fault)
    const options = { ...scenario.options, ...(scenario.closed ? { apiUrl: `http://127.0.0.1:${port}` } : {}) }
    const exit = yield* Effect.exit(scenario.run.pipe(withClient(options)))
    results.push({ name: scenario.name, tag: scenario.tag, exit })
  }
  yield* emulator.clearFaults
  return results
})

/** Runs every operation successfully, then every failure scenario. */
const everything = Effect.gen(function*() {
  yield* fresh
  for (const op of operations) {
    const prepared = yield* op.prepare.pipe(withClient(), Effect.orDie)
    const exit = yield* Effect.exit(
      prepared.run.pipe(withClient(prepared.apiVersion === undefined ? {} : { apiVersion: prepared.apiVersion }))
    )
    assert.isTrue(Exit.isSuccess(exit), op.name)
  }
  return yield* provoke
})

loopbackSuite("The secret key over the loopback emulator", {}, (test) => {
  test("is in no error of any kind: message, String, JSON, inspect, Cause.pretty", () =>
    Effect.gen(function*() {
      const keys = yield* keysOf
      const results = yield* provoke
      const tags = new Set<string>()
      for (const { exit, name, tag } of results) {
        if (Exit.isSuccess(exit)) return assert.fail(`${name}: expected ${tag}, got a success`)
        assert.isTrue(Cause.isFailType(exit.cause), `${name}: a typed failure, not a defect`)
        const failure = Option.getOrThrow(Cause.failureOption(exit.cause))
        assert.strictEqual(failure._tag, tag, name)
        tags.add(failure._tag)
        assertNoKey(failureTexts(exit.cause), keys, name)
      }
      assert.strictEqual(tags.size, 8, "every error tag was provoked")
    }))

  test("is in no log line at any level, with log spans, annotations and logged failures", () =>
    Effect.gen(function*() {
      const keys = yield* keysOf
      const { capture, lines } = makeRecordingLogger()
      yield* capture(
        Effect.gen(function*() {
          const results = yield* everything
          for (const { exit, name } of results) {
            yield* Effect.logError(`${name} failed`, Exit.isFailure(exit) ? exit.cause : Cause.empty)
            if (Exit.isFailure(exit)) {
              yield* Effect.logWarning(Cause.squash(exit.cause))
              yield* Effect.logDebug(Cause.failureOption(exit.cause))
              yield* Effect.logTrace(exit)
            }
          }
          const config = yield* ClerkConfig.ClerkConfig.pipe(Effect.provide(ClerkConfig.layer({
            secretKey: (yield* Loopback).emulator.secretKey
          })))
          yield* Effect.logInfo("config", config)
          yield* Effect.logFatal(config.secretKey)
        }).pipe(Effect.withLogSpan("secrets"), Effect.annotateLogs("suite", "reliability"))
      )
      assert.isAbove(lines.length, 40, "the logger captured entries")
      assert.isTrue(lines.some((line) => line.includes("Unauthorized")), "failures were rendered into the log")
      assert.isTrue(lines.some((line) => line.includes("secrets=")), "log spans were rendered")
      assertNoKey(lines, keys, "a log line")
    }))

  test("is in no span name, attribute, event, link or exit", () =>
    Effect.gen(function*() {
      const keys = yield* keysOf
      const { spans, tracer } = makeRecordingTracer()
      yield* everything.pipe(Effect.withTracer(tracer))
      const names = new Set(spans.map((s) => s.name))
      for (const op of ["Sessions.list", "Sessions.create", "Sessions.refresh", "SignInTokens.revoke"]) {
        assert.isTrue(names.has(op), `a ${op} span`)
      }
      assert.isFalse(
        names.has("http.client GET") || names.has("http.client POST"),
        "no platform span holds the request"
      )
      for (const span of spans) {
        assertNoKey(spanTexts(span), keys, `span ${span.name}`)
        assertNoKey(exitTexts(span), keys, `exit of span ${span.name}`)
      }
      const clerkSpans = spans
      assert.isAbove(clerkSpans.length, 20)
      assert.isTrue(clerkSpans.every((s) => s.status._tag === "Ended"), "every effect-clerk span ended")
    }))
})

describe("sk_live_ keys", () => {
  const liveKey = "sk_live_RELIABILITY_TEST_0123456789abcdef"

  it.live("are refused with a clear ConfigError for an apiUrl that is neither https nor loopback", () =>
    Effect.gen(function*() {
      for (
        const apiUrl of [
          "http://api.clerk.com",
          "http://api.clerk.com:443",
          "http://localhost.example.com",
          "http://127.0.0.1.nip.io",
          "http://10.0.0.1",
          "http://192.168.1.10:8787",
          "http://[::ffff:10.0.0.1]",
          "HTTP://API.CLERK.COM/v1"
        ]
      ) {
        const exit = yield* Effect.exit(ClerkConfig.make({ secretKey: Redacted.make(liveKey), apiUrl }))
        if (Exit.isSuccess(exit)) return assert.fail(`${apiUrl}: a sk_live_ key was accepted`)
        const error = Option.getOrThrow(Cause.failureOption(exit.cause))
        assert.isTrue(ConfigError.isConfigError(error), apiUrl)
        const text = String(error)
        assert.include(text, "apiUrl", apiUrl)
        assert.match(text, /sk_live_ key is only sent over https \(or to loopback\)/, apiUrl)
        assertNoKey([text, JSON.stringify(error), Cause.pretty(exit.cause), render(error)], [liveKey], apiUrl)
      }
    }))

  it.live("are accepted with https, and work against the emulator on loopback", () =>
    Effect.gen(function*() {
      for (const apiUrl of ["https://api.clerk.com", "https://clerk.internal.example:8443/v1"]) {
        const exit = yield* Effect.exit(ClerkConfig.make({ secretKey: Redacted.make(liveKey), apiUrl }))
        assert.isTrue(Exit.isSuccess(exit), apiUrl)
      }
      const emulator = yield* ClerkEmulator.make({ secretKey: liveKey, seed: { users: 1, sessionsPerUser: 1 } })
      for (const host of ["127.0.0.1", "localhost"]) {
        const { port } = yield* ClerkEmulator.listen(emulator)
        const page = yield* Sessions.list({ userId }).pipe(
          Effect.provide(liveLayer.pipe(
            Layer.provide(ClerkConfig.layer({ secretKey: Redacted.make(liveKey), apiUrl: `http://${host}:${port}` }))
          ))
        )
        assert.strictEqual(page.totalCount, 1, host)
      }
    }).pipe(Effect.scoped))
})

/**
 * The demo, started when this file loads: it runs in its own process while the tests above run (it takes a few
 * seconds: tsx, the emulator's RSA key, a real 1 s Retry-After wait).
 */
const demo = new Promise<{ readonly code: number | null; readonly output: string }>((resolve) => {
  const chunks: Array<Buffer> = []
  const { CLERK_SECRET_KEY: _key, ...env } = process.env
  const child = spawn("npx", ["tsx", "examples/demo.ts"], {
    cwd: new URL("../..", import.meta.url),
    env,
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk))
  child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk))
  child.on("close", (code) => resolve({ code, output: Buffer.concat(chunks).toString("utf8") }))
  child.on("error", (error) => resolve({ code: null, output: String(error) }))
})

describe("the demo", () => {
  it.live("runs every operation, exits 0 and prints no secret key", () =>
    Effect.gen(function*() {
      const { code, output } = yield* Effect.promise(() => demo)
      assert.strictEqual(code, 0, output)
      assert.notInclude(output, "redacted", "no line about a redacted key (issue 20, item 6)")
      assert.include(output, "SignInTokens.revoke", "the demo ran to the end")
      assert.match(output, /get-token-example \(bearer\)\s+200 \{ token \}/, "the seed route answered signed in")
      assert.match(output, /get-token-example \(none\)\s+401/, "and 401 signed out")
      assert.notMatch(output, /eyJ[\w-]+\.eyJ/, "no JWT (session or template token) is printed")
      // the output may name the key prefixes (the rate limit's explanation), never a key
      assert.notMatch(output, /sk_(test|live)_[A-Za-z0-9]{6,}/)
      assert.notMatch(output, /Bearer\s+\S/)
    }), 60_000)

  it.live(
    "shows the emulator's webhook deliveries (issue 19, item 5): each delivered, each verified by the route",
    () =>
      Effect.gen(function*() {
        const { code, output } = yield* Effect.promise(() => demo)
        assert.strictEqual(code, 0, output)
        const delivered = [...output.matchAll(/✓ (session\.\w+)\s+(msg_\w+) delivered \(answered 204\)/g)].map((m) =>
          `${m[1]} (${m[2]})`
        )
        assert.deepStrictEqual(delivered.map((d) => d.split(" ")[0]), ["session.created", "session.revoked"], output)
        // the same svix-ids, as the route's verification of the signature over the raw body saw them
        const verified = /the route verified: (.*)$/m.exec(output)?.[1]?.split(", ")
        assert.sameMembers(verified ?? [], delivered, output)
      }),
    60_000
  )
})
