/**
 * The whole generation, in memory: description text → model → files (path → formatted text). `main.ts` writes
 * them; test/codegen checks the committed files equal a fresh run.
 */
import { parse } from "yaml"
import { emit } from "./effect3/emit.js"
import { format } from "./format.js"
import { normalize } from "./normalize.js"

/** The description the client is generated from, relative to the repository root. */
export const specPath = "spec/clerk-bapi-2026-05-12.yml"

/**
 * dprint's output. A class heading too long for one line (`export class X\n  extends Schema.Class<X>(…)`) takes
 * dprint a second pass to settle; only those files get it.
 */
const formatted = (path: string, text: string): string => {
  const once = format(path, text)
  return once.includes("\n  extends Schema.Class<") ? format(path, once) : once
}

/**
 * The generated files. `formatted: false` skips the formatter (the slow part): what the freshness test compares,
 * ignoring whitespace (the linter checks the committed files' formatting).
 */
export const generate = (specText: string, options: { readonly formatted?: boolean } = {}): Map<string, string> => {
  const files = emit(normalize(parse(specText)), { spec: specPath })
  return options.formatted === false ? files : new Map([...files].map(([path, text]) => [path, formatted(path, text)]))
}
