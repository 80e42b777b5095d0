/**
 * `npm run emulator -- --port 8787 [--secret-key sk_test_…] [--issuer https://…]`: serves a seeded
 * Clerk emulator on 127.0.0.1 until SIGINT or SIGTERM.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ClerkEmulator from "./ClerkEmulator.js"

/**
 * Command-line options.
 *
 * @since 0.1.0
 * @category models
 */
export interface CliOptions {
  readonly port: number
  readonly secretKey: string | undefined
  readonly issuer: string | undefined
}

/**
 * Parses `--port`, `--secret-key` and `--issuer` (`--name value` or `--name=value`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseArgs = (args: ReadonlyArray<string>): CliOptions => {
  const values = new Map<string, string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith("--")) {
      continue
    }
    const equals = arg.indexOf("=")
    if (equals !== -1) {
      values.set(arg.slice(2, equals), arg.slice(equals + 1))
    } else {
      values.set(arg.slice(2), args[i + 1] ?? "")
      i++
    }
  }
  const port = Number(values.get("port") ?? "8787")
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${values.get("port")}`)
  }
  return { port, secretKey: values.get("secret-key"), issuer: values.get("issuer") }
}

const program = (options: CliOptions) =>
  Effect.gen(function*() {
    const emulator = yield* ClerkEmulator.ClerkEmulator
    const { url } = yield* ClerkEmulator.serve({ port: options.port })
    const sessions = yield* emulator.sessions
    const users = yield* emulator.users
    yield* Console.log(`Clerk emulator listening on ${url}`)
    yield* Console.log(`  secret key: ${Redacted.value(emulator.secretKey)}`)
    yield* Console.log(`  JWKS:       ${url}/v1/jwks`)
    yield* Console.log(`  seeded:     ${users.length} users, ${sessions.length} sessions`)
    yield* Console.log(
      `  try:        curl -H "Authorization: Bearer $KEY" "${url}/v1/sessions?user_id=${users[0]?.id}"`
    )
    yield* Console.log("Press Ctrl+C to stop.")
    return yield* Effect.never
  }).pipe(
    Effect.scoped,
    Effect.provide(ClerkEmulator.layer({ secretKey: options.secretKey, issuer: options.issuer }))
  )

const main = () => {
  let options: CliOptions
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 2
    return
  }
  const fiber = Effect.runFork(program(options))
  const stop = () => Effect.runFork(Fiber.interrupt(fiber))
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  fiber.addObserver((exit) => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    if (Exit.isFailure(exit) && !Exit.isInterrupted(exit)) {
      const failure = Cause.failureOption(exit.cause)
      console.error(Option.isSome(failure) ? failure.value.message : Cause.pretty(exit.cause))
      process.exitCode = 1
    }
  })
}

main()
