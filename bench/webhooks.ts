/**
 * Webhook verification of a 2 KiB `user.created` delivery, per call, in interleaved batches (rotated order each
 * round, warm-up rounds discarded): the HMAC-SHA256 floor (`node:crypto` over `id.timestamp.body`, nothing else),
 * effect-clerk's signature check (`verifySignature`: headers, tolerance, HMAC, constant-time compare), its whole
 * `verify` (the same, then JSON and the typed event), and `standardwebhooks` (the package @clerk/backend's
 * `verifyWebhook` uses: signature and `JSON.parse`). effect-clerk's sides run inside one Effect program per batch.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { createHmac, createSecretKey, randomBytes } from "node:crypto"
import { Webhook } from "standardwebhooks"
import * as ClerkWebhooks from "../src/services/ClerkWebhooks.js"
import * as Sign from "../test/webhooks/support/Sign.js"
import { median, rotate } from "./stats.js"

export interface Settings {
  readonly rounds: number
  readonly warmup: number
  readonly batch: number
}

export interface Result {
  /** Median µs per call, by side. */
  readonly micros: Record<Side, number>
  readonly bodyBytes: number
}

const sides = [
  "hmac floor",
  "effect-clerk verifySignature",
  "effect-clerk verify (typed event)",
  "standardwebhooks"
] as const
type Side = typeof sides[number]

/** A `user.created` event as Clerk sends it (test/webhooks/support), padded to exactly 2048 bytes of JSON. */
const body2k = (): string => {
  const event = Sign.userCreated()
  const base = JSON.stringify({ ...event, data: { ...event.data, public_metadata: { note: "" } } }).length
  return JSON.stringify({ ...event, data: { ...event.data, public_metadata: { note: "x".repeat(2048 - base) } } })
}

export const run = async (settings: Settings): Promise<Result> => {
  const secret = `whsec_${randomBytes(24).toString("base64")}`
  const key = createSecretKey(Buffer.from(secret.slice(6), "base64"))
  const text = body2k()
  const bytes = new TextEncoder().encode(text)
  const id = "msg_2g7np7Hrk0SN6kj5EDMLDaKNL0S"
  const timestamp = String(Math.floor(Date.now() / 1000))
  const signature = `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.`).update(bytes).digest("base64")}`
  const headers = { "svix-id": id, "svix-timestamp": timestamp, "svix-signature": signature }
  const webhooks = await Effect.runPromise(ClerkWebhooks.make({ secret: Redacted.make(secret) }))
  const standard = new Webhook(secret)
  const standardHeaders = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature }
  const raw = { body: bytes, headers }
  // each side once, checked, so that a broken side cannot look fast
  if (Effect.runSync(webhooks.verify(raw))._tag !== "UserCreated") throw new Error("verify failed")
  Effect.runSync(webhooks.verifySignature(raw))
  standard.verify(Buffer.from(bytes), standardHeaders)

  /**
   * `n` calls of each side. effect-clerk's run inside one Effect program, as a server's handler runs them (and as
   * table 8 runs `verifyToken`): an `Effect.runSync` per call would add a fiber's creation to each one.
   */
  const inEffect = (verify: (input: typeof raw) => Effect.Effect<unknown, unknown>) => (n: number) =>
    Effect.runSync(Effect.gen(function*() {
      for (let i = 0; i < n; i++) yield* verify(raw)
    }))
  const plain = (f: () => unknown) => (n: number) => {
    for (let i = 0; i < n; i++) f()
  }
  const calls: Record<Side, (n: number) => void> = {
    "hmac floor": plain(() => createHmac("sha256", key).update(`${id}.${timestamp}.`).update(bytes).digest()),
    "effect-clerk verifySignature": inEffect(webhooks.verifySignature),
    "effect-clerk verify (typed event)": inEffect(webhooks.verify),
    standardwebhooks: plain(() => standard.verify(Buffer.from(bytes), standardHeaders))
  }
  const samples: Record<Side, Array<number>> = Object.fromEntries(sides.map((side) => [side, []])) as any
  for (let round = 0; round < settings.warmup + settings.rounds; round++) {
    for (const side of rotate(sides, round)) {
      const start = performance.now()
      calls[side](settings.batch)
      const micros = (performance.now() - start) * 1000 / settings.batch
      if (round >= settings.warmup) samples[side].push(micros)
    }
  }
  return {
    micros: Object.fromEntries(sides.map((side) => [side, median(samples[side])])) as Record<Side, number>,
    bodyBytes: bytes.length
  }
}

export const table = (result: Result, settings: Settings): string => {
  const floor = result.micros["hmac floor"]
  const rows = sides.map((side) =>
    `| ${side} | ${result.micros[side].toFixed(2)} | ${(result.micros[side] / floor).toFixed(2)}× |`
  )
  return [
    `Webhook verification, ${result.bodyBytes}-byte body (median of ${settings.rounds} interleaved rounds of ${settings.batch} calls)`,
    "",
    "| side | µs per call | vs HMAC floor |",
    "| --- | ---: | ---: |",
    ...rows,
    "",
    `Target: verifySignature within 2× the HMAC floor: ${
      result.micros["effect-clerk verifySignature"] <= 2 * floor ? "met" : "missed"
    }.`
  ].join("\n")
}
