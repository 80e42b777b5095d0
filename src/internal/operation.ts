import * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidInput } from "../errors/ClerkError.js"
import type { ErrorFor, Request, Service as Http } from "../services/ClerkHttpClient.js"
import type { OptionalError } from "./errorFromResponse.js"
import { operationSpan } from "./operationSpan.js"
import { describeParseError } from "./parseIssues.js"
import { validator } from "./validate.js"

/*
 * What every generated operation (src/services/*.ts, src/services/operations/*.ts) is built from: its input checked
 * and encoded by a Schema (camelCase → the wire's snake_case) or refused with `InvalidInput` before anything is sent,
 * then one request through `ClerkHttpClient`, in one span named after the operation.
 */

const ids = validator("path")

/**
 * A path parameter: an id (or a name) that is not blank, not a dot segment, at most 256 characters, well-formed.
 *
 * @internal
 */
export const PathSegment = Schema.String.pipe(
  Schema.filter((value) => ids.idError("", value) === undefined, {
    description: "a non-blank id of at most 256 characters, not \".\" or \"..\", without lone surrogates"
  })
)

/**
 * A file to upload: bytes or a `Blob` (a `File` is one).
 *
 * @internal
 */
export const Upload = Schema.Union(
  Schema.Uint8ArrayFromSelf,
  Schema.declare((u): u is Blob => typeof Blob !== "undefined" && u instanceof Blob, { description: "a Blob" })
)

/**
 * The multipart body of an upload: files as they are (bytes as a `Blob`), other values as text, `undefined` left out.
 *
 * @internal
 */
export const formData = (fields: Readonly<Record<string, unknown>>): FormData => {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (value instanceof Uint8Array) form.append(name, new Blob([value as Uint8Array<ArrayBuffer>]), name)
    else if (value instanceof Blob) form.append(name, value, name)
    else form.append(name, String(value))
  }
  return form
}

/**
 * The decoder of an answer without a body (204, 202).
 *
 * @internal
 */
export const decodeVoid = (_: unknown): Effect.Effect<void, ParseResult.ParseError> => Effect.void

/**
 * The input of an operation that takes none.
 *
 * @internal
 */
export const NoInput = Schema.Struct({})

/** The first field a parse issue names (the input's own camelCase key), else `input`. */
const fieldOf = (issue: ParseResult.ParseIssue): string => {
  switch (issue._tag) {
    case "Pointer":
      return Array.isArray(issue.path) ? String(issue.path[0] ?? "input") : String(issue.path)
    case "Composite": {
      const first = Array.isArray(issue.issues) ? issue.issues[0] : issue.issues
      return first === undefined ? "input" : fieldOf(first as ParseResult.ParseIssue)
    }
    case "Refinement":
    case "Transformation":
      return fieldOf(issue.issue)
    default:
      return "input"
  }
}

/**
 * One operation over the client: `input` is checked and encoded by `schema` (its `InvalidInput` names the field and
 * what was expected, never the value), `toRequest` makes the request of the encoded input, and the whole call is
 * one span named `name` (`Users.getUser`).
 *
 * @internal
 */
export const operation = <I, W, A, Allow extends OptionalError["_tag"] = never>(
  http: Http,
  name: string,
  schema: Schema.Schema<I, W>,
  toRequest: (wire: W) => Request<A, Allow>
) => {
  const encode = Schema.encodeUnknown(schema)
  return (input?: I): Effect.Effect<A, InvalidInput | ErrorFor<Allow>> =>
    Effect.flatMap(
      Effect.mapError(
        encode(input ?? {}),
        (error) => new InvalidInput({ operation: name, field: fieldOf(error.issue), detail: describeParseError(error) })
      ),
      (wire) => http.execute(toRequest(wire))
    ).pipe(operationSpan(name))
}
