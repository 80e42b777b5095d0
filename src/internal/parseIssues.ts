import type * as ParseResult from "effect/ParseResult"

/** At most this many issues are described, each in at most `maxIssueChars`. */
const maxIssues = 10
const maxIssueChars = 200

const describePath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? "body"
    : path.map((key) => typeof key === "number" ? `[${key}]` : `["${String(key).slice(0, 64)}"]`).join("")

const clip = (text: string) => text.length > maxIssueChars ? `${text.slice(0, maxIssueChars - 1)}…` : text

/**
 * Walks the issue tree without ever looking at a rejected value (no recursion over it: a body nested tens of
 * thousands of levels deep fails its schema at the top and is described in constant depth).
 */
const collect = (issue: ParseResult.ParseIssue, path: ReadonlyArray<PropertyKey>, out: Array<string>): void => {
  if (out.length >= maxIssues) return
  switch (issue._tag) {
    case "Type":
      out.push(clip(`${describePath(path)} Expected ${String(issue.ast)}`))
      return
    case "Missing":
      out.push(`${describePath(path)} is missing`)
      return
    case "Unexpected":
      out.push(`${describePath(path)} is unexpected`)
      return
    case "Forbidden":
      out.push(`${describePath(path)} is forbidden`)
      return
    case "Pointer":
      return collect(issue.issue, [...path, ...(Array.isArray(issue.path) ? issue.path : [issue.path])], out)
    case "Refinement":
      if (issue.kind === "Predicate") {
        out.push(clip(`${describePath(path)} Expected ${String(issue.ast)}`))
        return
      }
      return collect(issue.issue, path, out)
    case "Transformation":
      return collect(issue.issue, path, out)
    case "Composite": {
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues as ParseResult.ParseIssue]
      for (const inner of issues) collect(inner, path, out)
      return
    }
  }
}

/**
 * Describes a parse failure by field path and expectation only, never by the value it got: a 2xx body that fails
 * its schema may hold a JWT or a sign-in ticket, which must not end up in an error message or a log. Bounded: at
 * most 10 issues of 200 characters, whatever the body's size or depth.
 *
 * @internal
 */
export const describeParseError = (error: ParseResult.ParseError): string => {
  const out: Array<string> = []
  collect(error.issue, [], out)
  return out.length === 0 ? "body does not match the schema" : out.join("; ")
}
