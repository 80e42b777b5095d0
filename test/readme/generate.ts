/**
 * `tsx test/readme/generate.ts`: writes test/readme/generated (one file per ```ts block of README.md and its
 * tsconfig); `npm run typecheck` runs it, then type-checks that project. See blocks.ts.
 */
import { generate } from "./blocks.js"

const blocks = generate()
const count = (kind: string) => blocks.filter((b) => b.kind === kind).length
console.log(
  `README.md: ${blocks.length} ts blocks (${count("program")} programs, ${count("test")} test files, ` +
    `${count("fragment")} fragments, ${count("prelude")} prelude) → test/readme/generated`
)
