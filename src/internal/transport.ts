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

const messageOf = (cause: unknown): string => {
  const parts: Array<string> = []
  let current: unknown = cause
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    parts.push(current.message)
    current = current.cause
  }
  return parts.length === 0 ? "request failed" : parts.join(": ")
}

/**
 * Classifies a failure of `fetch` (or another HttpClient) from the `code` in its cause chain, as undici and Node
 * report it (`ECONNREFUSED`, `ECONNRESET`…).
 *
 * @internal
 */
export const classifyTransportFailure = (
  cause: unknown
): { readonly failure: TransportFailure; readonly detail: string } => {
  const code = codeOf(cause)
  const detail = messageOf(cause)
  switch (code) {
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
