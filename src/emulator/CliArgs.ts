/**
 * The emulator CLI's arguments.
 *
 * @since 0.1.0
 */
import * as Quota from "./Quota.js"

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
}

/**
 * The options, by flag name, and the variable npm sets for each when it is given to `npm run emulator` without
 * `--` (npm takes `npm run emulator --port 0` as its own setting `port` and passes it as `npm_config_port`).
 */
const flags = {
  port: "npm_config_port",
  "secret-key": "npm_config_secret_key",
  issuer: "npm_config_issuer",
  "rate-limit": "npm_config_rate_limit"
} as const

/**
 * Parses `--port`, `--secret-key`, `--issuer` and `--rate-limit` (`--name value` or `--name=value`).
 *
 * Under an npm script (`npm_lifecycle_event` set), a flag given to `npm run emulator` without `--` is kept by npm
 * for itself: `--port=0` arrives as `npm_config_port=0`, and `--port 0` (npm 11) as `npm_config_port=true` with `0`
 * passed on as a bare argument. Both are read here; what cannot be paired up (several such flags, each with its bare
 * value) fails with a message saying to put `--` first, never silently ignored.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseArgs = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = {}
): CliOptions => {
  const values = new Map<string, string>()
  const bare: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith("--")) {
      bare.push(arg)
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
  if (env.npm_lifecycle_event !== undefined) {
    const keptByNpm = Object.entries(flags).filter(([flag, variable]) =>
      !values.has(flag) && env[variable] !== undefined && env[variable] !== ""
    )
    const valueless = keptByNpm.filter(([, variable]) => env[variable] === "true")
    if (valueless.length > 1 || (valueless.length === 1 && bare.length !== 1)) {
      throw new Error(
        `npm kept ${valueless.map(([flag]) => `--${flag}`).join(", ")} for itself: ` +
          `put -- before the emulator's flags, e.g. npm run emulator -- --port 8787`
      )
    }
    for (const [flag, variable] of keptByNpm) {
      values.set(flag, env[variable] === "true" ? bare[0]! : env[variable]!)
    }
  }
  const port = Number(values.get("port") ?? "8787")
  if (values.get("port") === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got ${values.get("port")}`)
  }
  const rateLimit = values.get("rate-limit")
  return {
    port,
    secretKey: values.get("secret-key"),
    issuer: values.get("issuer"),
    ...(rateLimit === undefined ? {} : { rateLimit: Quota.parse(rateLimit) })
  }
}

/**
 * A string as one POSIX shell word (single-quoted), so a printed command works when pasted.
 *
 * @since 0.3.0
 * @category formatting
 */
export const shellQuote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
