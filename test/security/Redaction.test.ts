import { assert, describe, it, layer } from "@effect/vitest"
import { Cause, ConfigError, Effect, Exit, Inspectable, Option, Redacted, Schedule } from "effect"
import { inspect } from "node:util"
import type { ClerkError } from "../../src/index.js"
import { ClerkConfig, ClerkRetry, Sessions, SignInTokens } from "../../src/index.js"
import {
  clerkError,
  fakeClerkLayer,
  json,
  makeFakeFetch,
  noRetry,
  type Script,
  secretKey
} from "../support/FakeFetch.js"
import { jwt, wireSession } from "../support/Fixtures.js"
import { operations } from "../support/Operations.js"
import { failureTexts, makeRecordingLogger, makeRecordingTracer, render, spanTexts } from "../support/Recording.js"

type Services = Sessions.Sessions | SignInTokens.SignInTokens

/** Ways to make each error tag happen: a name, the fake's answers and the call. */
const provocations: ReadonlyArray<
  readonly [string, ReadonlyArray<Script>, Effect.Effect<unknown, ClerkError, Services>]
> = [
  ["Unauthorized", [clerkError(401, "authentication_invalid")], Sessions.get("sess_1")],
  ["NotFound", [clerkError(404, "resource_not_found")], SignInTokens.revoke("sit_1")],
  ["Gone", [clerkError(410, "deprecated_endpoint")], Sessions.verify("sess_1", { token: jwt })],
  ["RateLimited", [clerkError(429, "too_many_requests", { "retry-after": "1" })], Sessions.list()],
  ["ClerkApiError", [clerkError(422, "form_param_missing")], Sessions.create({ userId: "user_1" })],
  ["UnexpectedResponse", [new Response("<html/>", { status: 502 })], Sessions.revoke("sess_1")],
  ["UnexpectedResponse", [json(200, { object: "token" })], Sessions.createToken("sess_1")],
  ["TransportError", [{ fail: "ECONNREFUSED" }], SignInTokens.create({ userId: "user_1" })],
  ["TransportError", [{ fail: "ECONNRESET" }], Sessions.get("sess_1")],
  ["InvalidInput", [], Sessions.refresh("sess_1", { expiredToken: "", refreshToken: "r", requestOrigin: "o" })]
]

const assertNoSecret = (texts: ReadonlyArray<string>, what: string) => {
  for (const text of texts) {
    assert.notInclude(text, secretKey, what)
    assert.notInclude(text, "FAKE_SECRET", what)
  }
}

const fake = makeFakeFetch()

layer(fakeClerkLayer(fake.fetch, noRetry))("Redaction", (it) => {
  describe("errors", () => {
    it.effect("no error carries the secret key in its message, String, JSON or Cause.pretty", () =>
      Effect.gen(function*() {
        const tags = new Set<string>()
        for (const [tag, answers, effect] of provocations) {
          fake.script(...answers)
          const exit = yield* Effect.exit(effect)
          assert.isTrue(Exit.isFailure(exit), tag)
          if (Exit.isSuccess(exit)) continue
          const failure = Option.getOrThrow(Cause.failureOption(exit.cause))
          assert.strictEqual(failure._tag, tag)
          tags.add(failure._tag)
          assertNoSecret(failureTexts(exit.cause), tag)
        }
        assert.strictEqual(tags.size, 8, "every tag was provoked")
      }))

    it.effect("no token value from a request or response appears in an error", () =>
      Effect.gen(function*() {
        fake.script(json(200, { object: "cookie", cookies: [`__session=${jwt}`] }))
        const exit = yield* Effect.exit(
          Sessions.refresh("sess_1", { expiredToken: jwt, refreshToken: "r", requestOrigin: "https://o.test" })
        )
        if (Exit.isSuccess(exit)) return assert.fail("expected a failure")
        for (const text of failureTexts(exit.cause)) assert.notInclude(text, "SIGNATURE_SECRET_VALUE")
      }))
  })

  describe("ClerkConfig", () => {
    it.effect("the service never shows the key in String, JSON or inspect", () =>
      Effect.gen(function*() {
        const config = yield* ClerkConfig.ClerkConfig
        assert.strictEqual(Redacted.value(config.secretKey), secretKey)
        assertNoSecret(
          [
            String(config),
            JSON.stringify(config),
            Inspectable.format(config),
            inspect(config, { depth: 10 }),
            String(config.secretKey),
            `${config.secretKey}`,
            JSON.stringify({ key: config.secretKey })
          ],
          "ClerkConfig"
        )
      }))
  })

  it.effect("a ConfigError never shows the key", () =>
    Effect.gen(function*() {
      const liveKey = "sk_live_FAKE_SECRET_0123456789"
      const failures = [
        ClerkConfig.make({ secretKey: Redacted.make(secretKey), apiUrl: "not a url" }),
        ClerkConfig.make({ secretKey: Redacted.make(liveKey), apiUrl: "http://api.example.test" }),
        ClerkConfig.make({ secretKey: Redacted.make("pk_test_FAKE_SECRET_0123456789") }),
        ClerkConfig.make({ secretKey: Redacted.make(secretKey), apiVersion: "latest" })
      ]
      for (const make of failures) {
        const exit = yield* Effect.exit(make)
        if (Exit.isSuccess(exit)) return assert.fail("expected a ConfigError")
        const error = Option.getOrThrow(Cause.failureOption(exit.cause))
        assert.isTrue(ConfigError.isConfigError(error))
        const texts = [String(error), JSON.stringify(error), render(error), Cause.pretty(exit.cause)]
        for (const text of texts) {
          assert.notInclude(text, "FAKE_SECRET")
        }
      }
    }))

  describe("spans", () => {
    for (const op of operations) {
      it.effect(`${op.name} runs in a "${op.span}" span with non-secret attributes only`, () =>
        Effect.gen(function*() {
          const { spans, tracer } = makeRecordingTracer()
          fake.script(op.ok())
          yield* op.run.pipe(Effect.withTracer(tracer))
          const span = spans.find((s) => s.name === op.span)
          assert.isDefined(span, `no span named ${op.span} in ${spans.map((s) => s.name).join(", ")}`)
          assert.strictEqual(span!.kind, "client")
          for (const [key, value] of Object.entries(op.attributes)) {
            assert.strictEqual(span!.attributes.get(key), value, key)
          }
          assert.strictEqual(span!.attributes.get("http.response.status_code"), 200)
          assert.strictEqual(span!.attributes.get("clerk.attempts"), 1)
          assert.strictEqual(span!.status._tag, "Ended")
          // no platform http.client span: it would end holding the request with its authorization header
          assert.deepStrictEqual(spans.map((s) => s.name), [op.span])
          for (const recorded of spans) {
            if (recorded.status._tag === "Ended") {
              assertNoSecret([render(recorded.status.exit)], `${recorded.name} exit`)
            }
            assertNoSecret(spanTexts(recorded), recorded.name)
            for (const text of spanTexts(recorded)) {
              assert.notInclude(text, "SIGNATURE_SECRET_VALUE", recorded.name)
              assert.notInclude(text, "refresh_SECRET_VALUE", recorded.name)
            }
          }
        }))
    }

    it.effect("nests under the caller's span, under an installed tracer and under Effect's built-in one", () =>
      Effect.gen(function*() {
        const { spans, tracer } = makeRecordingTracer()
        fake.script(clerkError(404, "resource_not_found"))
        const traced = yield* Effect.exit(
          Sessions.get("sess_1").pipe(Effect.withSpan("caller"), Effect.withTracer(tracer))
        )
        const [caller, get] = [spans.find((s) => s.name === "caller")!, spans.find((s) => s.name === "Sessions.get")!]
        assert.deepStrictEqual(Option.map(get.parent, (p) => p.spanId), Option.some(caller.spanId))
        assert.strictEqual(get.attributes.get("http.response.status_code"), 404)
        if (Exit.isSuccess(traced)) return assert.fail("expected NotFound")
        assert.include(Cause.pretty(traced.cause), "at Sessions.get")

        // the built-in tracer exports nothing, but a failure's trace still names the operation under its caller
        fake.script(clerkError(404, "resource_not_found"))
        const untraced = yield* Effect.exit(Sessions.get("sess_1").pipe(Effect.withSpan("caller")))
        if (Exit.isSuccess(untraced)) return assert.fail("expected NotFound")
        const pretty = Cause.pretty(untraced.cause)
        assert.include(pretty, "at caller")
        assert.include(pretty, "at Sessions.get")
        assert.include(pretty, "GET /v1/sessions/sess_1")
      }))

    it.effect("counts attempts and records failures without the key", () =>
      Effect.gen(function*() {
        const { spans, tracer } = makeRecordingTracer()
        fake.script(clerkError(503, "busy"), json(200, wireSession()))
        yield* Sessions.get("sess_1").pipe(ClerkRetry.withRetry(Schedule.recurs(1)), Effect.withTracer(tracer))
        const span = spans.find((s) => s.name === "Sessions.get")!
        assert.strictEqual(span.attributes.get("clerk.attempts"), 2)
        assert.strictEqual(span.attributes.get("http.response.status_code"), 200)

        const failed = makeRecordingTracer()
        fake.script(clerkError(401, "authentication_invalid"))
        yield* Effect.flip(Sessions.revoke("sess_1").pipe(Effect.withTracer(failed.tracer)))
        const revoke = failed.spans.find((s) => s.name === "Sessions.revoke")!
        if (revoke.status._tag !== "Ended") return assert.fail("span not ended")
        assert.isTrue(Exit.isFailure(revoke.status.exit))
        for (const recorded of failed.spans) assertNoSecret(spanTexts(recorded), recorded.name)
        assertNoSecret([render(revoke.status.exit)], "Sessions.revoke exit")
      }))
  })

  describe("logs", () => {
    it.effect("nothing logged at any level, including logged failures, shows the key", () =>
      Effect.gen(function*() {
        const { capture, lines } = makeRecordingLogger()
        yield* capture(Effect.gen(function*() {
          for (const op of operations) {
            fake.script(op.ok())
            yield* op.run
          }
          for (const [, answers, effect] of provocations) {
            fake.script(...answers)
            yield* effect.pipe(
              Effect.tapErrorCause((cause) => Effect.logError("Clerk call failed", cause)),
              Effect.tapError((error) => Effect.logDebug(error)),
              Effect.ignore
            )
          }
          const config = yield* ClerkConfig.ClerkConfig
          yield* Effect.logTrace("config", config)
        }))
        assert.isAbove(lines.length, provocations.length, "the logger captured entries")
        assert.isTrue(lines.some((line) => line.includes("Unauthorized")), "errors were rendered into the log")
        assertNoSecret(lines, "log")
      }))
  })
})

describe("Redaction with a timeout", () => {
  it.live("a timed-out TransportError does not carry the key", () =>
    Effect.gen(function*() {
      const hanging = makeFakeFetch({ hang: true })
      const exit = yield* Effect.exit(
        Sessions.get("sess_1").pipe(
          Effect.provide(fakeClerkLayer(hanging.fetch, { timeout: "20 millis", retry: Schedule.stop }))
        )
      )
      if (Exit.isSuccess(exit)) return assert.fail("expected a timeout")
      const failure = Option.getOrThrow(Cause.failureOption(exit.cause))
      assert.strictEqual(failure._tag, "TransportError")
      if (failure._tag === "TransportError") assert.strictEqual(failure.failure, "Timeout")
      assertNoSecret(failureTexts(exit.cause), "Timeout")
    }))
})
