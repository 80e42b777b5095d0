#!/usr/bin/env node
/**
 * `npx clerk-emulator --port 8787 [--secret-key sk_test_…] [--issuer https://…] [--rate-limit 100/10s]
 * [--webhook-url <url> [--webhook-secret whsec_…] [--webhook-events user.created,…]]` (the package's `bin`, built into
 * dist/; in this repository `npm run emulator -- --port 8787`): serves a seeded Clerk emulator on 127.0.0.1 until
 * SIGINT or SIGTERM, sends its webhooks to the URL given, and prints commands that work when pasted. `--help` prints usage
 * (exit 0); a command line it cannot read prints why (exit 2).
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ClerkEmulator from "./ClerkEmulator.js"
import { type CliOptions, parseCommand, shellQuote, usage } from "./CliArgs.js"
import * as WebhookSigner from "./WebhookSigner.js"

const program = (options: CliOptions, webhookSecret: string | undefined) =>
  Effect.gen(function*() {
    const emulator = yield* ClerkEmulator.ClerkEmulator
    const { url } = yield* ClerkEmulator.serve({ port: options.port })
    const sessions = yield* emulator.sessions
    const users = yield* emulator.users
    // an emulator's test key, printed so that the lines below work when pasted
    const key = Redacted.value(emulator.secretKey)
    const sessionsOfFirstUser = `${url}/v1/sessions?user_id=${encodeURIComponent(users[0]?.id ?? "")}`
    yield* Console.log(`Clerk emulator listening on ${url}`)
    yield* Console.log(
      `  secret key: ${key}   # ${
        options.secretKey === undefined ? "a test key this emulator made up" : "the key given"
      }; clients send it as Bearer`
    )
    yield* Console.log(`  JWKS:       ${url}/v1/jwks (with the secret key)`)
    yield* Console.log(`  seeded:     ${users.length} users, ${sessions.length} sessions`)
    if (options.rateLimit !== undefined) {
      const window = Duration.format(Duration.decode(options.rateLimit.window ?? "10 seconds"))
      yield* Console.log(`  quota:      ${options.rateLimit.limit} requests per ${window}, then 429 + Retry-After`)
    }
    if (options.webhook !== undefined && webhookSecret !== undefined) {
      const events = options.webhook.events?.join(", ") ?? "every event"
      yield* Console.log(`  webhooks:   ${events} to ${options.webhook.url}, signed with the secret below`)
      yield* Console.log(
        `              export CLERK_WEBHOOK_SIGNING_SECRET=${shellQuote(webhookSecret)}   # for ClerkWebhooks.fromEnv`
      )
    }
    yield* Console.log(
      `  try:        curl -H ${shellQuote(`Authorization: Bearer ${key}`)} ${shellQuote(sessionsOfFirstUser)}`
    )
    yield* Console.log(
      `  or:         export CLERK_SECRET_KEY=${shellQuote(key)} CLERK_API_URL=${shellQuote(url)}` +
        "   # for ClerkConfig.fromEnv"
    )
    yield* Console.log("Press Ctrl+C to stop.")
    return yield* Effect.never
  }).pipe(
    Effect.scoped,
    Effect.provide(
      ClerkEmulator.layer({
        secretKey: options.secretKey,
        issuer: options.issuer,
        rateLimit: options.rateLimit,
        webhooks: options.webhook === undefined || webhookSecret === undefined
          ? undefined
          : [{ url: options.webhook.url, secret: webhookSecret, events: options.webhook.events }]
      })
    )
  )

const main = () => {
  let options: CliOptions
  try {
    const command = parseCommand(process.argv.slice(2), process.env)
    if (command._tag === "Help") {
      console.log(usage())
      return
    }
    options = command.options
  } catch (error) {
    console.error(`clerk-emulator: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
    return
  }
  const stop = () => Effect.runFork(Fiber.interrupt(fiber))
  const fiber = Effect.runFork(
    program(options, options.webhook === undefined ? undefined : options.webhook.secret ?? WebhookSigner.randomSecret())
      .pipe(
        Effect.catchAllCause((cause) =>
          Cause.isInterruptedOnly(cause) ? Effect.void : Effect.sync(() => {
            const failure = Cause.failureOption(cause)
            console.error(Option.isSome(failure) ? failure.value.message : Cause.pretty(cause))
            process.exitCode = 1
          })
        ),
        Effect.ensuring(Effect.sync(() => {
          process.off("SIGINT", stop)
          process.off("SIGTERM", stop)
        }))
      )
  )
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main()
