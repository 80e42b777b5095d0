/**
 * The `jwtKey` setting: the PEM public key as users paste it (with line breaks, on one line, or with literal `\n`
 * from an environment file), normalised and checked once when the configuration is built.
 *
 * @internal
 */
import { importPem } from "./rsaKey.js"

const begin = "-----BEGIN PUBLIC KEY-----"
const end = "-----END PUBLIC KEY-----"

/**
 * A PEM with 64-character lines, from any of the ways a key is pasted; the input unchanged when it has no
 * `BEGIN PUBLIC KEY` armour (the check then says what is wrong).
 */
export const normalisePem = (input: string): string => {
  const text = input.replace(/\\n/g, "\n").trim()
  const start = text.indexOf(begin)
  const stop = text.indexOf(end)
  if (start !== 0 || stop === -1) return text
  const body = text.slice(begin.length, stop).replace(/\s+/g, "")
  const lines = body.match(/.{1,64}/g) ?? []
  return [begin, ...lines, end].join("\n")
}

/** Why `pem` cannot verify session tokens, or `undefined` when it is an RSA public key of 2048 bits or more. */
export const jwtKeyProblem = (pem: string): Promise<string | undefined> =>
  importPem(pem).then(
    () => undefined,
    () => "jwtKey must be the instance's PEM public key (-----BEGIN PUBLIC KEY-----, RSA, at least 2048 bits)"
  )
