/**
 * A `fetch` that sends requests straight to the emulator's web handler, in process: no sockets,
 * same observable behaviour as Node's undici `fetch` for aborts and connection resets.
 *
 * @since 0.1.0
 */

/**
 * The error undici's `fetch` rejects with when the peer resets the connection:
 * `TypeError: fetch failed` caused by `Error: read ECONNRESET` (`code: "ECONNRESET"`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const connectionReset = (): TypeError =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" })
  })

/**
 * Whether an error is the one `connectionReset` makes.
 *
 * @since 0.1.0
 * @category guards
 */
export const isConnectionReset = (error: unknown): boolean =>
  error instanceof TypeError && typeof error.cause === "object" && error.cause !== null &&
  (error.cause as { readonly code?: unknown }).code === "ECONNRESET"

/**
 * A `fetch` over `handler`. A path-only URL (`/v1/sessions`) is resolved against `baseUrl`; any
 * origin reaches the handler. Aborting `init.signal` rejects with the signal's reason (as undici
 * does) and interrupts the handler.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  handler: (request: Request) => Promise<Response>,
  baseUrl: string
): typeof globalThis.fetch => {
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let request: Request
    try {
      request = new Request(typeof input === "string" && input.startsWith("/") ? new URL(input, baseUrl) : input, init)
    } catch (error) {
      return Promise.reject(error)
    }
    const signal = request.signal
    if (signal.aborted) {
      return Promise.reject(signal.reason)
    }
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => reject(signal.reason)
      signal.addEventListener("abort", onAbort, { once: true })
      handler(request).then(
        (response) => {
          signal.removeEventListener("abort", onAbort)
          resolve(response)
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort)
          reject(error)
        }
      )
    })
  }
  return fetch as typeof globalThis.fetch
}
