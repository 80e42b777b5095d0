import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, layer } from "@effect/vitest"
import { DateTime, Effect, Exit, Layer, Option, Redacted, Schedule } from "effect"
import type { Operation } from "../../codegen/model.js"
import * as ClerkEmulator from "../../src/emulator/ClerkEmulator.js"
import * as EffectClerk from "../../src/index.js"
import { api, description, operationObject, validatorOf } from "../support/Description.js"
import { sampleInput, sampleWire } from "../support/Samples.js"

/**
 * Every operation of the Backend API, called through the generated client (its accessor), with every field of its
 * input set, twice: against a server answering the description's documented 2xx answer (which must decode), and
 * against the emulator. Every request must be valid against Clerk's description (method, path, every query
 * parameter, the JSON or multipart body), every emulator answer too, and the client must make of it the value or
 * the typed error its status says.
 */

interface Case {
  readonly op: Operation
  readonly input: Record<string, unknown> | undefined
  readonly path: string
  readonly answer: { readonly status: number; readonly schema: unknown; readonly body: unknown }
}

const caseOf = (op: Operation): Case => {
  const input = op.fields.length === 0
    ? undefined
    : Object.fromEntries(op.fields.map((f) => [f.name, sampleInput(f.type, api, f.wireName)]))
  const path = "/v1/" +
    op.segments.map((s) => ("literal" in s ? s.literal : encodeURIComponent(String(input![s.field])))).join("/")
  const { operation } = operationObject(op.operationId)
  const [status, response] = Object.entries<any>(operation.responses).find(([code]) => code.startsWith("2"))!
  const schema = (response.$ref === undefined ? response : resolveRef(response.$ref)).content?.["application/json"]
    ?.schema
  return {
    op,
    input,
    path,
    answer: { status: Number(status), schema, body: schema === undefined ? undefined : sampleWire(schema, description) }
  }
}

const resolveRef = (ref: string): any => ref.slice(2).split("/").reduce((at: any, key: string) => at[key], description)

interface Recorded {
  readonly method: string
  readonly url: URL
  readonly contentType: string
  readonly body: unknown
  readonly status: number
  readonly answer: unknown
}

const calls: Array<Recorded> = []

/** A `fetch` that records each request and its answer, answered by `respond`. */
const recording = (respond: (request: Request) => Promise<Response>) =>
async (
  input: RequestInfo | URL,
  init?: RequestInit
): Promise<Response> => {
  const request = new Request(input, init)
  const contentType = request.headers.get("content-type") ?? ""
  const body = contentType.startsWith("multipart/form-data")
    ? await request.clone().formData()
    : await request.clone().text().then((text) => (text.length === 0 ? undefined : JSON.parse(text)))
  const response = await respond(request)
  const text = await response.clone().text()
  calls.push({
    method: request.method,
    url: new URL(request.url),
    contentType,
    body,
    status: response.status,
    answer: text.length === 0 ? undefined : JSON.parse(text)
  })
  return response
}

let current: Case | undefined

/** Answers every operation with the description's documented 2xx answer. */
const documented = recording(async () => {
  const answer = current!.answer
  return answer.body === undefined
    ? new Response(null, { status: answer.status })
    : new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json" }
    })
})

const config = { rateLimit: false, retry: Schedule.stop } as const

const clientLayer = EffectClerk.ClerkLive.pipe(
  Layer.provide(
    EffectClerk.ClerkConfig.layer({
      ...config,
      secretKey: Redacted.make("sk_test_operations"),
      apiUrl: "https://api.clerk.test"
    })
  ),
  Layer.provide(Layer.succeed(FetchHttpClient.Fetch, documented as typeof globalThis.fetch))
)

const errorsOf = (validate: { readonly errors?: unknown }) => JSON.stringify(validate.errors)

/** The request `call` is what the description documents for `c.op`, with every input field on the wire. */
const assertRequest = (c: Case, call: Recorded) => {
  const { op } = c
  assert.strictEqual(call.method, op.method)
  assert.strictEqual(call.url.pathname, c.path)
  const { operation, parameters } = operationObject(op.operationId)
  const sent = new Set(op.fields.filter((f) => f.location === "query").map((f) => f.wireName))
  const declared = parameters.filter((p) => p.in === "query" && sent.has(p.name))
  assert.deepStrictEqual([...new Set(call.url.searchParams.keys())].sort(), declared.map((p) => p.name).sort())
  for (const parameter of declared) {
    const values = call.url.searchParams.getAll(parameter.name)
    const value = parameter.schema?.type === "array" ? values : values[0]
    const validate = validatorOf(parameter.schema ?? {}, { coerce: true })
    assert.isTrue(validate(value), `query ${parameter.name}: ${errorsOf(validate)}`)
  }
  const content = operation.requestBody === undefined ? undefined : resolveBody(operation.requestBody).content
  if (content?.["application/json"] !== undefined) {
    assert.match(call.contentType, /^application\/json/)
    const validate = validatorOf(content["application/json"].schema)
    assert.isTrue(validate(call.body), `body: ${errorsOf(validate)}`)
  } else if (content?.["multipart/form-data"] !== undefined) {
    const form = call.body as FormData
    const properties = resolveSchema(content["multipart/form-data"].schema).properties
    assert.deepStrictEqual([...new Set(form.keys())].sort(), Object.keys(properties).sort())
    for (const [name, property] of Object.entries<any>(properties)) {
      const value = form.get(name)
      if (property.format === "binary") assert.instanceOf(value, Blob, name)
      else assert.strictEqual(typeof value, "string", name)
    }
  } else {
    assert.isUndefined(call.body)
  }
}

/**
 * The decoded value carries the answer's values under their camelCase names: ids as they were, `*_at` timestamps as
 * the same instant, down through pages (`data`) and arrays.
 */
const assertDecoded = (wire: unknown, decoded: unknown): void => {
  const value = Option.isOption(decoded) ? Option.getOrThrow(decoded) : decoded
  if (Array.isArray(wire)) {
    assert.isTrue(Array.isArray(value))
    if (wire.length > 0) assertDecoded(wire[0], (value as ReadonlyArray<unknown>)[0])
    return
  }
  if (typeof wire !== "object" || wire === null) return
  const record = value as Record<string, unknown>
  const fields = wire as Record<string, unknown>
  const unwrap = (field: unknown) => (Option.isOption(field) ? Option.getOrThrow(field) : field)
  if (typeof fields.id === "string") assert.strictEqual(unwrap(record.id), fields.id)
  if (typeof fields.created_at === "number") {
    assert.strictEqual(DateTime.toEpochMillis(unwrap(record.createdAt) as DateTime.Utc), fields.created_at)
  }
  if (fields.data !== undefined) assertDecoded(fields.data, record.data)
}

/** The answer is what the description documents for its status (any other status: a Clerk error body). */
const assertAnswer = (c: Case, call: Recorded) => {
  const { operation } = operationObject(c.op.operationId)
  const documented = operation.responses[String(call.status)]
  const schema = documented === undefined
    ? { $ref: "#/components/schemas/ClerkErrors" }
    : resolveBody(documented).content?.["application/json"]?.schema
  if (schema === undefined) return assert.isUndefined(call.answer, `${call.status} documents no body`)
  const validate = validatorOf(schema)
  assert.isTrue(validate(call.answer), `answer ${call.status}: ${errorsOf(validate)}`)
}

const resolveBody = (body: any) => (body.$ref === undefined ? body : resolveRef(body.$ref))
const resolveSchema = (
  schema: any
): any => (schema.$ref === undefined ? schema : resolveSchema(resolveRef(schema.$ref)))

const cases = api.services.flatMap((service) => service.operations.map(caseOf))

layer(clientLayer)("every operation of the Backend API", (it) => {
  it("covers all 249 operations of the description", () => {
    assert.strictEqual(cases.length, 249)
  })
  for (const c of cases) {
    it.effect(`${c.op.service}.${c.op.name} (${c.op.method} ${c.op.path})`, () =>
      Effect.gen(function*() {
        current = c
        calls.length = 0
        if (c.answer.schema !== undefined) {
          const validate = validatorOf(c.answer.schema)
          assert.isTrue(validate(c.answer.body), `the sample answer: ${errorsOf(validate)}`)
        }
        const service = (EffectClerk as any)[c.op.service]
        const result = yield* (service[c.op.name] as (input: unknown) => Effect.Effect<unknown, unknown>)(c.input)
        assert.strictEqual(calls.length, 1)
        assertRequest(c, calls[0]!)
        if (c.op.result === undefined) assert.isUndefined(result)
        else assertDecoded(c.answer.body, result)
      }))
  }
})

/** The client over the emulator, through the recording fetch. */
const emulatedLayer = Layer.unwrapEffect(
  Effect.map(ClerkEmulator.ClerkEmulator, (emulator) =>
    EffectClerk.ClerkLive.pipe(
      Layer.provide(EffectClerk.ClerkConfig.layer({ ...config, secretKey: emulator.secretKey, apiUrl: emulator.url })),
      Layer.provide(
        Layer.succeed(FetchHttpClient.Fetch, recording((request) => emulator.fetch(request)) as typeof globalThis.fetch)
      )
    ))
).pipe(Layer.provideMerge(ClerkEmulator.layer()))

/** The error tag the client makes of a non-2xx status. */
const tagOf = (c: Case, status: number) =>
  status === 401
    ? "Unauthorized"
    : status === 404 && c.op.allow.includes("NotFound")
    ? "NotFound"
    : status === 410 && c.op.allow.includes("Gone")
    ? "Gone"
    : status === 429
    ? "RateLimited"
    : "ClerkApiError"

const outcomes = { answered: 0, refused: 0 }

layer(emulatedLayer)("every operation of the Backend API against the emulator", (it) => {
  for (const c of cases) {
    it.effect(`${c.op.service}.${c.op.name}`, () =>
      Effect.gen(function*() {
        calls.length = 0
        const service = (EffectClerk as any)[c.op.service]
        const exit = yield* Effect.exit(
          (service[c.op.name] as (input: unknown) => Effect.Effect<unknown, any>)(c.input)
        )
        assert.strictEqual(calls.length, 1)
        const call = calls[0]!
        assertRequest(c, call)
        assertAnswer(c, call)
        if (call.status >= 200 && call.status < 300) {
          outcomes.answered++
          assert.isTrue(Exit.isSuccess(exit))
          if (Exit.isSuccess(exit) && c.op.result !== undefined) assertDecoded(call.answer, exit.value)
        } else {
          outcomes.refused++
          assert.isTrue(Exit.isFailure(exit))
          const error = yield* Effect.flip(exit)
          assert.strictEqual(error._tag, tagOf(c, call.status))
        }
      }))
  }
  it("the emulator answered every operation, most with their documented success", () => {
    assert.strictEqual(outcomes.answered + outcomes.refused, 249)
    // the rest are documented refusals of the sample input (an id the stateful emulator does not have: 404)
    assert.isAtLeast(outcomes.answered, 180)
  })
})
