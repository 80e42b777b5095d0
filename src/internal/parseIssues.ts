import * as ParseResult from "effect/ParseResult"

const describePath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0 ? "body" : path.map((key) => typeof key === "number" ? `[${key}]` : `["${String(key)}"]`).join("")

/**
 * Describes a parse failure by field path and expectation only, never by the value it got: a 2xx body that fails
 * its schema may hold a JWT or a sign-in ticket, which must not end up in an error message or a log.
 *
 * @internal
 */
export const describeParseError = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .map((issue) => `${describePath(issue.path)} ${issue.message.replace(/,? actual [\s\S]*$/, "")}`)
    .join("; ")
