/**
 * `tsx test/readme/generate.ts`: writes test/readme/generated (one file per ```ts block of README.md and docs/*.md,
 * and their tsconfig); `npm run typecheck` runs it, then type-checks that project. See blocks.ts.
 */
import { generate } from "./blocks.js"

const blocks = generate()
for (const page of new Set(blocks.map((b) => b.page))) {
  const count = (kind: string) => blocks.filter((b) => b.page === page && b.kind === kind).length
  console.log(
    `${page}: ${count("program")} programs, ${count("test")} test files, ${count("fragment")} fragments, ` +
      `${count("prelude")} prelude`
  )
}
console.log(`${blocks.length} ts blocks → test/readme/generated`)
