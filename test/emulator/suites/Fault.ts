import { assert, describe, it } from "@effect/vitest"
import * as Fault from "../../../src/emulator/Fault.js"

export const suite = () => {
  describe("Fault", () => {
    it("matches method and path patterns", () => {
      assert.isTrue(Fault.matches({}, "GET", "/v1/sessions"))
      assert.isTrue(Fault.matches({ method: "*", path: "*" }, "POST", "/v1/sessions/x/revoke"))
      assert.isTrue(Fault.matches({ method: "get", path: "/v1/sessions/:id" }, "GET", "/v1/sessions/sess_1"))
      assert.isFalse(Fault.matches({ method: "GET", path: "/v1/sessions/:id" }, "POST", "/v1/sessions/sess_1"))
      assert.isFalse(Fault.matches({ path: "/v1/sessions/:id" }, "GET", "/v1/sessions"))
      assert.isFalse(Fault.matches({ path: "/v1/sessions/:id" }, "POST", "/v1/sessions/sess_1/revoke"))
      assert.isTrue(Fault.matches({ path: "/v1/sessions/:id/revoke" }, "POST", "/v1/sessions/sess_1/revoke"))
      assert.isTrue(Fault.matches({ path: "/v1/sign_in_tokens/*" }, "POST", "/v1/sign_in_tokens/sit_1/revoke"))
      assert.isTrue(Fault.matches({ path: "/v1/sessions?limit=1" }, "GET", "/v1/sessions"))
    })

    it("takes the first matching fault in injection order and counts it down", () => {
      const queue = [
        Fault.pending(Fault.status(500, { path: "/v1/jwks" })),
        Fault.pending(Fault.status(503, { times: 2 })),
        Fault.pending(Fault.reset())
      ]
      const [first, afterFirst] = Fault.take(queue, "GET", "/v1/sessions")
      assert.strictEqual(first?._tag === "Status" && first.status, 503)
      assert.strictEqual(afterFirst[1]?.remaining, 1)
      const [second, afterSecond] = Fault.take(afterFirst, "GET", "/v1/sessions")
      assert.strictEqual(second?._tag === "Status" && second.status, 503)
      assert.strictEqual(afterSecond.length, 2)
      const [third] = Fault.take(afterSecond, "GET", "/v1/sessions")
      assert.strictEqual(third?._tag, "Reset")
      const [none, unchanged] = Fault.take([Fault.pending(Fault.reset({ times: 0 }))], "GET", "/")
      assert.isUndefined(none)
      assert.strictEqual(unchanged.length, 1)
    })
  })
}
