/**
 * Documentation code is code: every ```ts block of README.md and of docs/*.md becomes a file of a type-checked
 * project (test/readme/generated/<page>/, tsconfig `paths` mapping the package's public entry points to src/), and
 * every block that is a complete program runs in test/readme/Readme.test.ts.
 *
 * How a block is read (README.md says the same under "Code in these pages"): by the visible line before it.
 * - `*Prelude*…` (a paragraph starting with the italic word): the names the page's fragments have in scope
 *   (imports and `declare`d names); one per page at most; compiled, never run.
 * - `*Fragment*…`: the body of `Effect.gen(function*() { … })` with the page's prelude in scope, its own imports
 *   hoisted (and taking precedence over the prelude's); compiled, never run.
 * - otherwise a complete ES module: compiled and run. One that imports `@effect/vitest` or `vitest` is a test file:
 *   its tests run. Any other runs against a loopback emulator, with `CLERK_SECRET_KEY` and `CLERK_API_URL` set.
 * An HTML comment marker (`<!-- fragment -->`, the old convention) is refused: readers never see it.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"

export type Kind = "prelude" | "fragment" | "test" | "program"

export interface Block {
  /** The markdown file, relative to the repository: `README.md`, `docs/quota.md`. */
  readonly page: string
  /** 1-based line of the opening fence in the page. */
  readonly line: number
  readonly kind: Kind
  /** The block's text, as written. */
  readonly code: string
  /** Generated file, relative to test/readme/generated: `README/l0042-use.ts`. */
  readonly file: string
}

const fence = /^```(\S*)\s*$/
const marker = /^\*(Prelude|Fragment)\*/
const hiddenMarker = /^<!--\s*(prelude|fragment)\b/

const slug = (heading: string) =>
  heading.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "top"

/** The generated directory of a page: `README.md` → `README`, `docs/quota.md` → `docs/quota`. */
export const pageDir = (page: string) => page.replace(/\.md$/, "")

/** The ```ts / ```typescript blocks of a markdown text, classified. */
export const extract = (markdown: string, page = "README.md"): Array<Block> => {
  const lines = markdown.split("\n")
  const blocks: Array<Block> = []
  let heading = "top"
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "")
    const open = fence.exec(line)
    if (open === null) continue
    let end = i + 1
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++
    const lang = open[1]
    if (lang === "ts" || lang === "typescript") {
      // the first line of the paragraph before the block
      let before = i - 1
      while (before >= 0 && lines[before]!.trim() === "") before--
      while (before > 0 && lines[before - 1]!.trim() !== "" && !/^(```|#)/.test(lines[before - 1]!)) before--
      const previous = before >= 0 ? lines[before]!.trim() : ""
      if (hiddenMarker.test(previous)) {
        throw new Error(
          `${page}:${before + 1}: an HTML comment marks a block only for machines; start the paragraph before ` +
            `the block with *Fragment* or *Prelude* instead (see README.md, "Code in these pages")`
        )
      }
      const mark = marker.exec(previous)
      const code = lines.slice(i + 1, end).join("\n") + "\n"
      const kind: Kind = mark !== null
        ? (mark[1]!.toLowerCase() as "prelude" | "fragment")
        : /from\s+["'](@effect\/vitest|vitest)["']/.test(code)
        ? "test"
        : "program"
      const name = kind === "prelude" ? "prelude" : `l${String(i + 1).padStart(4, "0")}-${slug(heading)}`
      blocks.push({ page, line: i + 1, kind, code, file: `${pageDir(page)}/${name}.ts` })
    }
    i = end
  }
  return blocks
}

interface Name {
  readonly name: string
  readonly typeOnly: boolean
}

const hasDeclare = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)

/** Every name a module's imports and top-level declarations bring into scope. */
const scopeNames = (source: ts.SourceFile): Array<Name> => {
  const names: Array<Name> = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (clause === undefined) continue
      if (clause.name) names.push({ name: clause.name.text, typeOnly: clause.isTypeOnly })
      const bindings = clause.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.push({ name: bindings.name.text, typeOnly: clause.isTypeOnly })
      } else if (bindings) {
        for (const element of bindings.elements) {
          names.push({ name: element.name.text, typeOnly: clause.isTypeOnly || element.isTypeOnly })
        }
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push({ name: declaration.name.text, typeOnly: false })
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name !== undefined
    ) {
      names.push({ name: statement.name.text, typeOnly: false })
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      names.push({ name: statement.name.text, typeOnly: true })
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      names.push({ name: statement.name.text, typeOnly: hasDeclare(statement) })
    }
  }
  return names
}

const parse = (file: string, code: string) => ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true)

/** The prelude block as a module exporting every name it brings into scope. */
const preludeModule = (block: Block, names: ReadonlyArray<Name>) => {
  const values = names.filter((n) => !n.typeOnly).map((n) => n.name)
  const types = names.filter((n) => n.typeOnly).map((n) => n.name)
  return [
    `// ${block.page}:${block.line} (prelude), generated by test/readme/generate.ts`,
    block.code,
    values.length > 0 ? `export { ${values.join(", ")} }` : "",
    types.length > 0 ? `export type { ${types.join(", ")} }` : "",
    ""
  ].join("\n")
}

/** A fragment as a module: its imports, the prelude's other names, its body inside `Effect.gen`. */
const fragmentModule = (block: Block, prelude: ReadonlyArray<Name>) => {
  const source = parse(block.file, block.code)
  const imports = source.statements.filter(ts.isImportDeclaration)
  const own = new Set(scopeNames(ts.factory.updateSourceFile(source, imports)).map((n) => n.name))
  let body = block.code
  for (const declaration of [...imports].reverse()) {
    body = body.slice(0, declaration.getStart(source)) + body.slice(declaration.getEnd())
  }
  const fromPrelude = prelude.filter((n) => !own.has(n.name))
    .map((n) => (n.typeOnly ? `type ${n.name}` : n.name))
  return [
    `// ${block.page}:${block.line} (fragment), generated by test/readme/generate.ts`,
    ...imports.map((declaration) => declaration.getText(source)),
    fromPrelude.length > 0 ? `import { ${fromPrelude.join(", ")} } from "./prelude.js"` : "",
    `import * as ReadmeFragmentEffect from "effect/Effect"`,
    "",
    "export const readmeFragment = ReadmeFragmentEffect.gen(function*() {",
    body.replace(/^\s*\n/, "").trimEnd(),
    "})",
    ""
  ].join("\n")
}

/** What each generated file of one page holds. */
export const modules = (blocks: ReadonlyArray<Block>): Map<string, string> => {
  const out = new Map<string, string>()
  const preludes = blocks.filter((b) => b.kind === "prelude")
  if (preludes.length > 1) {
    throw new Error(
      `${preludes[0]!.page} has ${preludes.length} prelude blocks (lines ${preludes.map((b) => b.line)}); one at most`
    )
  }
  const preludeNames = preludes.length === 1 ? scopeNames(parse("prelude.ts", preludes[0]!.code)) : []
  for (const block of blocks) {
    switch (block.kind) {
      case "prelude":
        out.set(block.file, preludeModule(block, preludeNames))
        break
      case "fragment":
        out.set(block.file, fragmentModule(block, preludeNames))
        break
      default:
        out.set(
          block.file,
          `// ${block.page}:${block.line} (${block.kind}), generated by test/readme/generate.ts\n${block.code}`
        )
    }
  }
  return out
}

export const root = Path.resolve(import.meta.dirname, "../..")
export const generatedDir = Path.join(root, "test/readme/generated")

/**
 * The package's public entry points (`exports` of package.json), each with the src/ module its dist/ file is built
 * from: `effect-clerk/Sessions` → `src/services/Sessions.ts`.
 */
export const publicEntries = (): Array<{ readonly specifier: string; readonly source: string }> => {
  const pkg = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")) as {
    name: string
    exports: Record<string, unknown>
  }
  return Object.entries(pkg.exports).flatMap(([key, target]) => {
    const js = typeof target === "string" ? target : (target as { default?: unknown } | null)?.default
    if (typeof js !== "string" || !js.startsWith("./dist/") || !js.endsWith(".js")) return []
    const specifier = key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`
    return [{ specifier, source: Path.join(root, "src", js.slice("./dist/".length, -".js".length) + ".ts") }]
  })
}

/** The pages whose blocks are code: README.md and every docs/*.md, relative to the repository. */
export const pages = (): Array<string> => {
  const docs = Path.join(root, "docs")
  const inDocs = Fs.existsSync(docs) ? Fs.readdirSync(docs).filter((f) => f.endsWith(".md")).sort() : []
  return ["README.md", ...inDocs.map((f) => `docs/${f}`)]
}

/**
 * Writes test/readme/generated: per page, one file per block (in `<page>/`, with the page's prelude as
 * `<page>/prelude.ts`), and one tsconfig resolving the package to src/.
 */
export const generate = (): Array<Block> => {
  const blocks = pages().flatMap((page) => extract(Fs.readFileSync(Path.join(root, page), "utf8"), page))
  Fs.rmSync(generatedDir, { recursive: true, force: true })
  for (const page of new Set(blocks.map((b) => b.page))) {
    Fs.mkdirSync(Path.join(generatedDir, pageDir(page)), { recursive: true })
    for (const [file, text] of modules(blocks.filter((b) => b.page === page))) {
      Fs.writeFileSync(Path.join(generatedDir, file), text)
    }
  }
  const paths = Object.fromEntries(
    publicEntries().map(({ source, specifier }) => [specifier, [Path.relative(generatedDir, source)]])
  )
  const tsconfig = {
    extends: "../../../tsconfig.json",
    compilerOptions: { paths },
    include: ["./**/*.ts"],
    exclude: []
  }
  Fs.writeFileSync(Path.join(generatedDir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2) + "\n")
  return blocks
}
