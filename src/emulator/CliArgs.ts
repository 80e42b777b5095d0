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
 * Parses `--port`, `--secret-key`, `--issuer` and `--rate-limit` (`--name value` or `--name=value`).
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
  const rateLimit = values.get("rate-limit")
  return {
    port,
    secretKey: values.get("secret-key"),
    issuer: values.get("issuer"),
    ...(rateLimit === undefined ? {} : { rateLimit: Quota.parse(rateLimit) })
  }
}
