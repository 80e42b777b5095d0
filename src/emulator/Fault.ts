/**
 * Faults the emulator can inject into its next responses, to test a client's reliability:
 * error statuses (with `Retry-After`), latency, connection resets, broken bodies and
 * responses that drift from the contract.
 *
 * ```ts
 * yield* emulator.injectFault(Fault.status(429, { retryAfter: 2, method: "GET", path: "/v1/sessions/:id" }))
 * yield* emulator.injectFault({ _tag: "Latency", duration: "2 seconds", times: 3 })
 * ```
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"

/**
 * Which requests a fault applies to, and how many of them.
 *
 * @since 0.1.0
 * @category models
 */
export interface Target {
  /** HTTP method (any when absent or `"*"`). */
  readonly method?: string
  /**
   * Path pattern (any when absent or `"*"`): `/v1/sessions/:id` matches one segment per `:name`,
   * a final `*` segment matches the rest (`/v1/sign_in_tokens/*`). The query string is ignored.
   */
  readonly path?: string
  /** How many matching requests get the fault (default 1; `Infinity` for all of them). */
  readonly times?: number
}

/**
 * Answers with this status and a Clerk error body, without processing the request.
 *
 * @since 0.1.0
 * @category models
 */
export interface Status {
  readonly _tag: "Status"
  readonly status: number
  readonly code?: string
  readonly message?: string
  readonly longMessage?: string
  /** The `Retry-After` header (delta-seconds or HTTP-date). */
  readonly retryAfter?: string | number
  /**
   * Process the request first (the model changes), then answer this status instead of the result: a server that
   * acted but whose answer was lost, the case in which a client must not repeat a creation.
   */
  readonly afterProcessing?: boolean
}

/**
 * Waits, then processes the request normally. A client abort during the wait is recorded and
 * stops the request before it is processed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Latency {
  readonly _tag: "Latency"
  readonly duration: Duration.DurationInput
}

/**
 * Resets the connection without answering: the in-process `fetch` rejects like undici
 * (`TypeError: fetch failed`, cause `ECONNRESET`), the loopback server destroys the socket.
 *
 * @since 0.1.0
 * @category models
 */
export interface Reset {
  readonly _tag: "Reset"
}

/**
 * Answers with a truncated JSON body (`Content-Type: application/json`), default status 200.
 *
 * @since 0.1.0
 * @category models
 */
export interface MalformedJson {
  readonly _tag: "MalformedJson"
  readonly status?: number
}

/**
 * Answers with an HTML page (`text/html`), default 502 `<html>…Bad Gateway…</html>`, as a proxy would.
 *
 * @since 0.1.0
 * @category models
 */
export interface Html {
  readonly _tag: "Html"
  readonly status?: number
  readonly body?: string
}

/**
 * Answers with an empty body (`Content-Type: application/json`, `Content-Length: 0`), default status 200.
 *
 * @since 0.1.0
 * @category models
 */
export interface EmptyBody {
  readonly _tag: "EmptyBody"
  readonly status?: number
}

/**
 * Processes the request, then adds unknown fields to the JSON of a 2xx answer (to the top-level
 * object and to every object in its list).
 *
 * @since 0.1.0
 * @category models
 */
export interface ExtraFields {
  readonly _tag: "ExtraFields"
  readonly fields?: Readonly<Record<string, unknown>>
}

/**
 * Processes the request, then replaces `field` (default `status`) of the 2xx answer's objects
 * with `value` (default `"emulator_unknown_value"`), like an enum member added by Clerk later.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownEnum {
  readonly _tag: "UnknownEnum"
  readonly field?: string
  readonly value?: string
}

/**
 * Processes the request, then removes `field` from the 2xx answer's objects.
 *
 * @since 0.1.0
 * @category models
 */
export interface DropField {
  readonly _tag: "DropField"
  readonly field: string
}

/**
 * What a fault does.
 *
 * @since 0.1.0
 * @category models
 */
export type Action = Status | Latency | Reset | MalformedJson | Html | EmptyBody | ExtraFields | UnknownEnum | DropField

/**
 * A fault: what it does, and to which requests.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Action & Target

/**
 * The faults that answer without processing the request (the model is left untouched), but a `Status` with
 * `afterProcessing`.
 *
 * @since 0.1.0
 * @category models
 */
export type Answering = Status | Reset | MalformedJson | Html | EmptyBody

/**
 * The faults that rewrite the JSON of a processed request's answer.
 *
 * @since 0.1.0
 * @category models
 */
export type Rewriting = ExtraFields | UnknownEnum | DropField

/**
 * Whether the fault answers without processing the request.
 *
 * @since 0.1.0
 * @category guards
 */
export const isAnswering = (action: Action): action is Answering =>
  (action._tag === "Status" && action.afterProcessing !== true) || action._tag === "Reset" ||
  action._tag === "MalformedJson" ||
  action._tag === "Html" || action._tag === "EmptyBody"

/**
 * Whether the fault rewrites the JSON of a processed request's answer.
 *
 * @since 0.1.0
 * @category guards
 */
export const isRewriting = (action: Action): action is Rewriting =>
  action._tag === "ExtraFields" || action._tag === "UnknownEnum" || action._tag === "DropField"

/**
 * A status fault: `status(503)`, `status(429, { retryAfter: 2, path: "/v1/sessions" })`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const status = (code: number, options: Omit<Status, "_tag" | "status"> & Target = {}): Fault => ({
  ...options,
  _tag: "Status",
  status: code
})

/**
 * A latency fault: `latency("2 seconds")`, `latency(150, { times: 3 })`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const latency = (duration: Duration.DurationInput, target: Target = {}): Fault => ({
  ...target,
  _tag: "Latency",
  duration
})

/**
 * A connection reset.
 *
 * @since 0.1.0
 * @category constructors
 */
export const reset = (target: Target = {}): Fault => ({ ...target, _tag: "Reset" })

/**
 * A truncated JSON body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const malformedJson = (options: Omit<MalformedJson, "_tag"> & Target = {}): Fault => ({
  ...options,
  _tag: "MalformedJson"
})

/**
 * An HTML page instead of JSON (default 502 Bad Gateway).
 *
 * @since 0.1.0
 * @category constructors
 */
export const html = (options: Omit<Html, "_tag"> & Target = {}): Fault => ({ ...options, _tag: "Html" })

/**
 * An empty body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const emptyBody = (options: Omit<EmptyBody, "_tag"> & Target = {}): Fault => ({
  ...options,
  _tag: "EmptyBody"
})

/**
 * Unknown extra fields in the JSON answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const extraFields = (options: Omit<ExtraFields, "_tag"> & Target = {}): Fault => ({
  ...options,
  _tag: "ExtraFields"
})

/**
 * An unknown enum value in the JSON answer (default: `status` becomes `"emulator_unknown_value"`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const unknownEnum = (options: Omit<UnknownEnum, "_tag"> & Target = {}): Fault => ({
  ...options,
  _tag: "UnknownEnum"
})

/**
 * A required field dropped from the JSON answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const dropField = (field: string, target: Target = {}): Fault => ({ ...target, _tag: "DropField", field })

/**
 * Whether a request matches the fault's method and path pattern.
 *
 * @since 0.1.0
 * @category matching
 */
export const matches = (target: Target, method: string, path: string): boolean =>
  (target.method === undefined || target.method === "*" || target.method.toUpperCase() === method.toUpperCase()) &&
  (target.path === undefined || target.path === "*" || pathMatches(target.path, path))

const segments = (path: string): Array<string> => path.split("/").filter((segment) => segment.length > 0)

const pathMatches = (pattern: string, path: string): boolean => {
  const expected = segments(pattern.split("?")[0] ?? "")
  const actual = segments(path)
  for (let i = 0; i < expected.length; i++) {
    const segment = expected[i] as string
    if (segment === "*" && i === expected.length - 1) {
      return true
    }
    const value = actual[i]
    if (value === undefined || (!segment.startsWith(":") && segment !== value)) {
      return false
    }
  }
  return expected.length === actual.length
}

/**
 * A fault waiting in the queue, with how many matching requests it still applies to.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pending {
  readonly fault: Fault
  readonly remaining: number
}

/**
 * Takes the first pending fault matching the request (in injection order), and the queue after it
 * (its count decremented, removed at zero).
 *
 * @since 0.1.0
 * @category matching
 */
export const take = (
  queue: ReadonlyArray<Pending>,
  method: string,
  path: string
): readonly [Fault | undefined, ReadonlyArray<Pending>] => {
  const index = queue.findIndex((pending) => pending.remaining > 0 && matches(pending.fault, method, path))
  if (index === -1) {
    return [undefined, queue]
  }
  const { fault, remaining } = queue[index] as Pending
  const rest = remaining > 1
    ? queue.map((pending, i) => i === index ? { fault, remaining: remaining - 1 } : pending)
    : queue.filter((_, i) => i !== index)
  return [fault, rest]
}

/**
 * A new queue entry for the fault (`times` defaults to 1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const pending = (fault: Fault): Pending => ({ fault, remaining: Math.max(0, fault.times ?? 1) })

/**
 * The status an answering fault replies with (a `Reset` replies with none, reported as 0).
 *
 * @since 0.1.0
 * @category matching
 */
export const answerStatus = (fault: Answering): number => {
  switch (fault._tag) {
    case "Status":
      return fault.status
    case "MalformedJson":
    case "EmptyBody":
      return fault.status ?? 200
    case "Html":
      return fault.status ?? 502
    case "Reset":
      return 0
  }
}
