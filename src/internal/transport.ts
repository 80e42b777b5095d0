import type { TransportFailure } from "../errors/ClerkError.js"

const codeOf = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** An error code as Node, undici and OpenSSL spell them (`ECONNRESET`, `UND_ERR_SOCKET`, `ERR_SSL_…`); nothing else. */
const isCode = (code: string) => /^[A-Z][A-Z0-9_]{1,63}$/.test(code)

/** What a code means, in our words. */
const describeCode = (code: string): string => {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused"
    case "ECONNRESET":
      return "connection reset"
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return "connection closed"
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return "host name not resolved"
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connection timed out"
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable"
    default:
      return /SSL|TLS|CERT|EPROTO/.test(code) ? "TLS failure" : "request failed"
  }
}

/**
 * Classifies a failure of `fetch`, `node:http` or another HttpClient from the `code` in its cause chain, as undici
 * and Node report it (`ECONNREFUSED`, `ECONNRESET`…). The detail is a fixed text plus that code, never the library's
 * own message: some quote the request (an invalid header value, i.e. the `Authorization` header and its key).
 *
 * @internal
 */
export const classifyTransportFailure = (
  cause: unknown
): { readonly failure: TransportFailure; readonly detail: string } => {
  const code = codeOf(cause)
  const known = code !== undefined && isCode(code) ? code : undefined
  const detail = known === undefined ? "request failed" : `${describeCode(known)} (${known})`
  switch (known) {
    case "ECONNREFUSED":
      return { failure: "ConnectionRefused", detail }
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
      return { failure: "ConnectionReset", detail }
    default:
      return { failure: "Network", detail }
  }
}
