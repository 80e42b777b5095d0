/**
 * The emulator's record of every request it received, for assertions in tests.
 *
 * @since 0.1.0
 */
import type { Fault } from "./Fault.js"

/**
 * How a recorded request ended.
 *
 * - `pending`: still being handled;
 * - `answered`: a response was produced (`status` says which);
 * - `aborted`: the client went away before the answer (nothing was processed after that point);
 * - `reset`: a `Reset` fault dropped the connection.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome = "pending" | "answered" | "aborted" | "reset"

/**
 * One request as the emulator received it.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  /** Order of arrival, from 0 when the log is empty (after `reset` or `clearRequests`). */
  readonly sequence: number
  readonly method: string
  /** Path without the query string, e.g. `/v1/sessions/sess_…/revoke`. */
  readonly path: string
  /** Query parameters (the last value of a repeated name). */
  readonly query: Readonly<Record<string, string>>
  /** Request headers, lower-case names; `authorization` keeps its scheme only (`Bearer <redacted>`). */
  readonly headers: Readonly<Record<string, string>>
  /** The `Clerk-API-Version` header, if sent. */
  readonly apiVersion: string | undefined
  /** Parsed JSON body; the raw text when it is not JSON; `undefined` when empty. */
  readonly body: unknown
  /** The fault applied to this request, if any. */
  readonly fault: Fault | undefined
  readonly outcome: Outcome
  /** `true` when the client aborted the request before the emulator answered. */
  readonly aborted: boolean
  /** The response status, once answered. */
  readonly status: number | undefined
}

/**
 * Redacts the credentials of an `Authorization` header, keeping its scheme.
 *
 * @since 0.1.0
 * @category constructors
 */
export const redactAuthorization = (value: string): string => {
  const space = value.indexOf(" ")
  return space === -1 ? "<redacted>" : `${value.slice(0, space)} <redacted>`
}

/**
 * The body as recorded: JSON when it parses, else the text, `undefined` when empty.
 *
 * @since 0.1.0
 * @category constructors
 */
export const recordedBody = (text: string): unknown => {
  if (text.length === 0) {
    return undefined
  }
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * Appends a new pending entry (dropping the oldest beyond `limit`); returns its sequence number.
 *
 * @since 0.1.0
 * @category constructors
 */
export const append = (
  log: ReadonlyArray<RecordedRequest>,
  entry: Pick<RecordedRequest, "method" | "path" | "query" | "headers" | "apiVersion" | "body" | "fault">,
  limit: number
): readonly [number, ReadonlyArray<RecordedRequest>] => {
  const sequence = (log.at(-1)?.sequence ?? -1) + 1
  const kept = log.length >= limit ? log.slice(log.length - limit + 1) : log
  return [sequence, [...kept, { ...entry, sequence, outcome: "pending", aborted: false, status: undefined }]]
}
