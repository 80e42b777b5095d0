import { assert, describe, it } from "@effect/vitest"
import { classifyTransportFailure } from "../../src/internal/transport.js"

/** The failures a transport library reports, some quoting the request's headers in their message. */
describe("classifyTransportFailure", () => {
  it("keeps a fixed text and the error code, never the library's message", () => {
    const key = "sk_test_CLASSIFY_SECRET\r\nX-Injected: 1"
    const cases: ReadonlyArray<readonly [unknown, string, string]> = [
      [
        new TypeError(`Headers.append: "Bearer ${key}" is an invalid header value.`),
        "Network",
        "request failed"
      ],
      [
        new TypeError("fetch failed", {
          cause: Object.assign(new Error(`Invalid character in header content ["authorization"]: Bearer ${key}`), {
            code: "ERR_INVALID_CHAR"
          })
        }),
        "Network",
        "request failed (ERR_INVALID_CHAR)"
      ],
      [
        Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:1 Bearer ${key}`), { code: "ECONNREFUSED" }),
        "ConnectionRefused",
        "connection refused (ECONNREFUSED)"
      ],
      [
        Object.assign(new Error(`socket hang up ${key}`), { code: "ECONNRESET" }),
        "ConnectionReset",
        "connection reset (ECONNRESET)"
      ],
      [
        Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        "ConnectionReset",
        "connection closed (UND_ERR_SOCKET)"
      ],
      [
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${key}`), { code: "ENOTFOUND" }),
        "Network",
        "host name not resolved (ENOTFOUND)"
      ],
      [
        Object.assign(new Error("wrong version number"), { code: "ERR_SSL_WRONG_VERSION_NUMBER" }),
        "Network",
        "TLS failure (ERR_SSL_WRONG_VERSION_NUMBER)"
      ],
      // a `code` that is not an error code is not echoed either
      [Object.assign(new Error("x"), { code: `Bearer ${key}` }), "Network", "request failed"],
      ["a string thrown", "Network", "request failed"],
      [undefined, "Network", "request failed"]
    ]
    for (const [cause, failure, detail] of cases) {
      const classified = classifyTransportFailure(cause)
      assert.strictEqual(classified.failure, failure, detail)
      assert.strictEqual(classified.detail, detail)
      assert.notInclude(classified.detail, "CLASSIFY_SECRET")
    }
  })
})
