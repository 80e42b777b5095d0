/**
 * The emulator CLI's arguments.
 *
 * @since 0.1.0
 */
import * as Quota from "./Quota.js"
import * as WebhookSigner from "./WebhookSigner.js"

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
  /** `--rate-limit 100/10s`: the per-key quota. */
  readonly rateLimit?: Quota.Options | undefined
  /** `--webhook-url`, `--webhook-secret`, `--webhook-events`: one endpoint to send webhooks to. */
  readonly webhook?: {
    readonly url: string
    /** `undefined`: the CLI makes one and prints it. */
    readonly secret: string | undefined
    readonly events: ReadonlyArray<string> | undefined
  } | undefined
}

/**
 * What the command line asks for: usage (`--help`, `-h`), or an emulator with these options.
 *
 * @since 0.4.0
 * @category models
 */
export type Command =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Serve"; readonly options: CliOptions }

/**
 * A command line the CLI refuses (exit code 2): an unknown flag, a missing or bad value.
 *
 * @since 0.4.0
 * @category errors
 */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

/**
 * The flags that take a value, in the order usage lists them. A new flag is one more entry here and one more field
 * read in `parseCommand`; npm's variable for it (`npm_config_<name with _>`) follows from its name.
 */
const flags = [
  { name: "port", value: "<port>", help: "port on 127.0.0.1, 0 for any free one (default 8787)" },
  { name: "secret-key", value: "<key>", help: "the key clients must send (default: a new random sk_test_ key)" },
  { name: "issuer", value: "<url>", help: "the iss of session tokens (default https://emulator.clerk.local)" },
  { name: "rate-limit", value: "<n>/<window>", help: "answer 429 past n requests per window per key, e.g. 100/10s" },
  { name: "webhook-url", value: "<url>", help: "send every event there, signed as Clerk does, retried as Svix does" },
  {
    name: "webhook-secret",
    value: "<whsec_…>",
    help: "the signing secret of --webhook-url (default: a new one, printed)"
  },
  { name: "webhook-events", value: "<types>", help: "only these event types, comma-separated (default: all)" }
] as const

type FlagName = (typeof flags)[number]["name"]

const npmVariable = (flag: string) => `npm_config_${flag.replace(/-/g, "_")}`

/**
 * The usage text `--help` prints.
 *
 * @since 0.4.0
 * @category formatting
 */
export const usage = (): string => {
  const rows = [...flags.map((f) => [`--${f.name} ${f.value}`, f.help]), ["-h, --help", "print this and exit"]]
  const width = Math.max(...rows.map(([left]) => left!.length))
  return [
    "Usage: clerk-emulator [options]",
    "",
    "Serves a seeded emulator of Clerk's Backend API on 127.0.0.1 until Ctrl+C, and prints its URL, its secret key",
    "and commands that work when pasted.",
    "",
    "Options:",
    ...rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`)
  ].join("\n")
}

const isFlagName = (name: string): name is FlagName => flags.some((f) => f.name === name)

/**
 * Parses the command line: `--help`/`-h`, or `--port`, `--secret-key`, `--issuer`, `--rate-limit`, `--webhook-url`,
 * `--webhook-secret` and `--webhook-events` (`--name value` or `--name=value`). An unknown flag, a flag without its value, a stray argument or a bad value is
 * a `UsageError` naming it.
 *
 * Under an npm script (`npm_lifecycle_event` set), a flag given to `npm run emulator` without `--` is kept by npm
 * for itself: `--port=0` arrives as `npm_config_port=0`, and `--port 0` (npm 11) as `npm_config_port=true` with `0`
 * passed on as a bare argument. Both are read here; what cannot be paired up (several such flags, each with its bare
 * value) fails with a message saying to put `--` first, never silently ignored.
 *
 * @since 0.4.0
 * @category parsing
 */
export const parseCommand = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = {}
): Command => {
  const values = new Map<FlagName, string>()
  const bare: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === "--help" || arg === "-h") return { _tag: "Help" }
    if (!arg.startsWith("-")) {
      bare.push(arg)
      continue
    }
    const equals = arg.indexOf("=")
    const name = arg.slice(2, equals === -1 ? undefined : equals)
    if (!arg.startsWith("--") || !isFlagName(name)) {
      throw new UsageError(`unknown option ${arg.split("=")[0]} (clerk-emulator --help lists them)`)
    }
    if (equals !== -1) {
      values.set(name, arg.slice(equals + 1))
    } else {
      const value = args[i + 1]
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`)
      values.set(name, value)
      i++
    }
  }
  if (env.npm_lifecycle_event !== undefined) {
    const keptByNpm = flags.map((f) => f.name).filter((flag) => {
      const value = env[npmVariable(flag)]
      return !values.has(flag) && value !== undefined && value !== ""
    })
    const valueless = keptByNpm.filter((flag) => env[npmVariable(flag)] === "true")
    if (valueless.length > 1 || (valueless.length === 1 && bare.length !== 1)) {
      throw new UsageError(
        `npm kept ${valueless.map((flag) => `--${flag}`).join(", ")} for itself: ` +
          `put -- before the emulator's flags, e.g. npm run emulator -- --port 8787`
      )
    }
    for (const flag of keptByNpm) {
      const value = env[npmVariable(flag)]!
      values.set(flag, value === "true" ? bare.shift()! : value)
    }
  }
  if (bare.length > 0) throw new UsageError(`unexpected argument ${bare[0]} (clerk-emulator --help lists the options)`)
  const port = Number(values.get("port") ?? "8787")
  if (values.get("port") === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${values.get("port")}`)
  }
  const rateLimit = values.get("rate-limit")
  let quota: Quota.Options | undefined
  try {
    quota = rateLimit === undefined ? undefined : Quota.parse(rateLimit)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const webhookUrl = values.get("webhook-url")
  const webhookSecret = values.get("webhook-secret")
  const webhookEvents = values.get("webhook-events")
  if (webhookUrl === undefined && (webhookSecret !== undefined || webhookEvents !== undefined)) {
    throw new UsageError("--webhook-secret and --webhook-events need --webhook-url")
  }
  if (webhookUrl !== undefined && !URL.canParse(webhookUrl)) {
    throw new UsageError(`--webhook-url must be a URL, got ${webhookUrl}`)
  }
  if (webhookSecret !== undefined && !WebhookSigner.isValidSecret(webhookSecret)) {
    throw new UsageError("--webhook-secret must be whsec_ followed by base64")
  }
  return {
    _tag: "Serve",
    options: {
      port,
      secretKey: values.get("secret-key"),
      issuer: values.get("issuer"),
      ...(quota === undefined ? {} : { rateLimit: quota }),
      ...(webhookUrl === undefined ? {} : {
        webhook: {
          url: webhookUrl,
          secret: webhookSecret,
          events: webhookEvents?.split(",").map((type) => type.trim()).filter((type) => type !== "")
        }
      })
    }
  }
}

/**
 * The options of a command line that serves (see `parseCommand`); `--help` is a `UsageError` holding the usage.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseArgs = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = {}
): CliOptions => {
  const command = parseCommand(args, env)
  if (command._tag === "Help") throw new UsageError(usage())
  return command.options
}

/**
 * A string as one POSIX shell word (single-quoted), so a printed command works when pasted.
 *
 * @since 0.3.0
 * @category formatting
 */
export const shellQuote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
