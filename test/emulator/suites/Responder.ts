import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import { document } from "../../../src/emulator/description/Document.js"
import { synthesize } from "../../../src/emulator/description/Synthesize.js"
import * as Fault from "../../../src/emulator/Fault.js"
import { call, code } from "../support/Bapi.js"
import { checkRequestBody, checkResponse, type Operation, operations } from "../support/Description.js"

/** The operations stateful routes answer (the responder answers the other ones). */
export const statefulOperations: ReadonlySet<string> = new Set([
  // sessions, sign-in tokens, JWKS
  ...["GetSessionList", "createSession", "GetSession", "RefreshSession", "RevokeSession", "CreateSessionToken"],
  ...["CreateSessionTokenFromTemplate", "CreateSignInToken", "RevokeSignInToken", "GetJWKS"],
  // users
  ...["GetUserList", "GetUsersCount", "CreateUser", "GetUser", "UpdateUser", "DeleteUser", "BanUser", "UnbanUser"],
  ...["LockUser", "UnlockUser", "UpdateUserMetadata", "ReplaceUserMetadata"],
  // email addresses and phone numbers
  ...["CreateEmailAddress", "GetEmailAddress", "UpdateEmailAddress", "DeleteEmailAddress", "ReplaceUserEmailAddress"],
  ...["CreatePhoneNumber", "GetPhoneNumber", "UpdatePhoneNumber", "DeletePhoneNumber", "ReplaceUserPhoneNumber"],
  // organizations and memberships
  ...["ListOrganizations", "CreateOrganization", "GetOrganization", "UpdateOrganization", "DeleteOrganization"],
  ...["MergeOrganizationMetadata", "ReplaceOrganizationMetadata", "InstanceGetOrganizationMemberships"],
  ...["UsersGetOrganizationMemberships", "ListOrganizationMemberships", "CreateOrganizationMembership"],
  ...["UpdateOrganizationMembership", "UpdateOrganizationMembershipMetadata", "DeleteOrganizationMembership"],
  // organization invitations, invitations
  ...["ListInstanceOrganizationInvitations", "UsersGetOrganizationInvitations", "ListOrganizationInvitations"],
  ...["ListPendingOrganizationInvitations", "CreateOrganizationInvitation", "CreateOrganizationInvitationBulk"],
  ...["GetOrganizationInvitation", "RevokeOrganizationInvitation"],
  ...["ListInvitations", "CreateInvitation", "CreateBulkInvitations", "RevokeInvitation"],
  // JWT templates, allow and block lists
  ...["ListJWTTemplates", "CreateJWTTemplate", "GetJWTTemplate", "UpdateJWTTemplate", "DeleteJWTTemplate"],
  ...["ListAllowlistIdentifiers", "CreateAllowlistIdentifier", "DeleteAllowlistIdentifier"],
  ...["ListBlocklistIdentifiers", "CreateBlocklistIdentifier", "DeleteBlocklistIdentifier"],
  // machine tokens, API keys, OAuth access tokens (src/emulator/MachineRoutes.ts)
  ...["createM2MToken", "verifyM2MToken", "revokeM2MToken", "createApiKey", "verifyApiKey", "revokeApiKey"],
  "verifyOAuthAccessToken"
])

const responderOperations = operations.filter((operation) => !statefulOperations.has(operation.operationId))

/** A request valid against the operation: path parameters and required query parameters from their schemas. */
const requestOf = (operation: Operation) => {
  const hints = { key: operation.operationId, now: Date.UTC(2026, 0, 1) }
  const value = (parameter: any) => String(synthesize(document, parameter.schema ?? {}, hints, parameter.name))
  const path = operation.path.replace(
    /\{([^}]+)\}/g,
    (_, name: string) => encodeURIComponent(value(operation.parameters.find((p) => p.in === "path" && p.name === name)))
  )
  const query = new URLSearchParams(
    operation.parameters.filter((p) => p.in === "query" && p.required === true).map((p) => [p.name, value(p)])
  )
  const bodySchema = operation.raw.requestBody?.content?.["application/json"]?.schema
  const body = bodySchema === undefined ? undefined : synthesize(document, bodySchema, hints)
  return { path: `/v1${path}${query.size === 0 ? "" : `?${query}`}`, body }
}

const multipart = (emulator: ClerkEmulator.Handle, method: string, path: string) =>
  Effect.promise(async () => {
    const form = new FormData()
    form.append("file", new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }), "logo.png")
    const response = await emulator.fetch(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${Redacted.value(emulator.secretKey)}` },
      body: form
    })
    const text = await response.text()
    return { status: response.status, json: text === "" ? undefined : JSON.parse(text) }
  })

const success = (operation: Operation) =>
  Number(Object.keys(operation.raw.responses).filter((status) => status.startsWith("2")).sort()[0])

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator>) =>
  describe("The description-driven responder", () => {
    it("answers 173 of the 249 operations; stateful routes the other 76", () => {
      assert.strictEqual(operations.length, 249)
      assert.strictEqual(responderOperations.length, 173)
      assert.isTrue([...statefulOperations].every((id) => operations.some((o) => o.operationId === id)))
    })

    describe("every operation, called with a valid request, answers its documented success, valid against the description", () => {
      const tags = [...new Set(operations.map((operation) => operation.raw.tags?.[0] ?? "untagged"))]
      for (const tag of tags) {
        it.effect(tag, () =>
          Effect.gen(function*() {
            const emulator = yield* ClerkEmulator.ClerkEmulator
            for (const operation of operations.filter((o) => (o.raw.tags?.[0] ?? "untagged") === tag)) {
              const { body, path } = requestOf(operation)
              assert.isUndefined(checkRequestBody(operation, body), `${operation.operationId}: the request is invalid`)
              const reply = operation.raw.requestBody?.content?.["multipart/form-data"] === undefined
                ? yield* call(emulator, operation.method, path, body)
                : yield* multipart(emulator, operation.method, path)
              assert.isUndefined(checkResponse(operation.method, path, reply.status, reply.json))
              if (!statefulOperations.has(operation.operationId)) {
                assert.strictEqual(
                  reply.status,
                  success(operation),
                  `${operation.operationId} ${JSON.stringify(reply.json)}`
                )
              }
            }
          }))
      }
    })

    it.effect("a missing required body field is a form_param_missing naming it, in the status the operation documents", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const withRequired = responderOperations.filter((operation) =>
          (operation.raw.requestBody?.content?.["application/json"]?.schema?.$ref === undefined
            ? operation.raw.requestBody?.content?.["application/json"]?.schema?.required
            : undefined)?.length > 0
        )
        assert.isAbove(withRequired.length, 20)
        for (const operation of withRequired) {
          const reply = yield* call(emulator, operation.method, requestOf(operation).path, {})
          const expected = operation.raw.responses["422"] === undefined ? 400 : 422
          assert.strictEqual(reply.status, expected, operation.operationId)
          assert.strictEqual(code(reply), "form_param_missing", operation.operationId)
          const required = operation.raw.requestBody.content["application/json"].schema.required
          assert.include(required, reply.json.errors[0].meta.param_name, operation.operationId)
        }
      }))

    it.effect("query parameters are typed: limit=ten is badly formed, limit=0 out of range, both reported", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        const reply = yield* call(emulator, "GET", "/v1/machines?limit=0&offset=ten")
        assert.strictEqual(reply.status, 422)
        assert.deepStrictEqual(
          reply.json.errors.map((e: any) => [e.code, e.meta.param_name]),
          [["form_param_value_invalid", "limit"], ["form_param_format_invalid", "offset"]]
        )
        const pattern = yield* call(emulator, "GET", "/v1/api_keys/not-an-id")
        assert.strictEqual(pattern.status, 400)
        assert.deepStrictEqual(pattern.json.errors[0].meta, { param_name: "apiKeyID" })
      }))

    it.effect("ids stay consistent: what a create answered, get, update and list answer; a deleted item is gone", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        const created = yield* call(emulator, "POST", "/v1/redirect_urls", { url: "https://app.example/callback" })
        assert.strictEqual(created.json.url, "https://app.example/callback")
        const id = created.json.id
        assert.deepStrictEqual((yield* call(emulator, "GET", `/v1/redirect_urls/${id}`)).json, created.json)
        const listed = yield* call(emulator, "GET", "/v1/redirect_urls")
        assert.deepStrictEqual(listed.json.map((r: any) => r.id), [id])
        const machine = (yield* call(emulator, "POST", "/v1/machines", { name: "worker" })).json
        const renamed = yield* call(emulator, "PATCH", `/v1/machines/${machine.id}`, { name: "worker-2" })
        assert.strictEqual(renamed.json.id, machine.id)
        assert.strictEqual(renamed.json.name, "worker-2")
        assert.strictEqual((yield* call(emulator, "GET", `/v1/machines/${machine.id}`)).json.name, "worker-2")
        const deleted = yield* call(emulator, "DELETE", `/v1/redirect_urls/${id}`)
        assert.strictEqual(deleted.json.id, id)
        assert.isTrue(deleted.json.deleted)
        assert.strictEqual(code(yield* call(emulator, "GET", `/v1/redirect_urls/${id}`)), "resource_not_found")
        assert.deepStrictEqual((yield* call(emulator, "GET", "/v1/redirect_urls")).json, [])
      }))

    it.effect("faults, the request log and drift faults apply to the responder's routes too", () =>
      Effect.gen(function*() {
        const emulator = yield* ClerkEmulator.ClerkEmulator
        yield* emulator.reset
        yield* emulator.injectFault(Fault.status(503, { path: "/v1/domains" }))
        assert.strictEqual((yield* call(emulator, "GET", "/v1/domains")).status, 503)
        assert.strictEqual((yield* call(emulator, "GET", "/v1/domains")).status, 200)
        yield* emulator.injectFault(Fault.dropField("object", { path: "/v1/instance" }))
        const drifted = yield* Effect.promise(() =>
          emulator.fetch(`${emulator.url}/v1/instance`, {
            headers: { authorization: `Bearer ${Redacted.value(emulator.secretKey)}` }
          }).then((r) => r.json())
        )
        assert.isDefined(checkResponse("GET", "/v1/instance", 200, drifted), "the validator catches a dropped field")
        const log = yield* emulator.requests
        assert.deepStrictEqual(log.slice(-3).map((r) => [r.path, r.status]), [
          ["/v1/domains", 503],
          ["/v1/domains", 200],
          ["/v1/instance", 200]
        ])
      }))
  })
