/**
 * The webhook events module, in memory: description text → module text (unformatted). `main.ts` writes and formats
 * it; test/codegen checks the committed file equals a fresh run.
 */
import { createHash } from "node:crypto"
import { parse } from "yaml"
import { emit } from "./emit.js"

/** The description the events are generated from, relative to the repository root. */
export const specPath = "spec/clerk-webhooks-2025-04-15.yml"

/** Where the generated module goes, relative to the repository root. */
export const outputPath = "src/schemas/WebhookEvent.ts"

export const generate = (specText: string): string =>
  emit(parse(specText), { path: specPath, sha256: createHash("sha256").update(specText).digest("hex") })
