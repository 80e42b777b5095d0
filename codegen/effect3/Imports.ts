/** The imports one generated module needs, collected while its code is emitted. */
export class Imports {
  private readonly namespaces = new Map<string, string>()
  private readonly named = new Map<string, Map<string, boolean>>()

  /** `import * as Name from "module"`; answers `Name`. */
  namespace(name: string, module: string): string {
    this.namespaces.set(name, module)
    return name
  }

  /** `import { name } from "module"` (`import type` when only types are used); answers `name`. */
  add(name: string, module: string, typeOnly = false): string {
    const names = this.named.get(module) ?? new Map<string, boolean>()
    names.set(name, (names.get(name) ?? true) && typeOnly)
    this.named.set(module, names)
    return name
  }

  /** The import declarations, sorted by module as the linter wants them. */
  render(): string {
    const lines: Array<[string, string]> = []
    for (const [name, module] of this.namespaces) lines.push([module, `import * as ${name} from "${module}"`])
    for (const [module, names] of this.named) {
      const sorted = [...names].sort(([a], [b]) => a.localeCompare(b))
      const allTypes = sorted.every(([, typeOnly]) => typeOnly)
      const list = sorted.map(([name, typeOnly]) => (typeOnly && !allTypes ? `type ${name}` : name)).join(", ")
      lines.push([module, `import ${allTypes ? "type " : ""}{ ${list} } from "${module}"`])
    }
    return lines.sort(([a], [b]) => compareModules(a, b)).map(([, line]) => line).join("\n")
  }
}

/** dprint's order: packages, then relative modules from the farthest (`../../`) to the nearest (`./`), case-insensitive. */
const compareModules = (a: string, b: string): number => {
  const rank = (m: string) => (m.startsWith(".") ? 1000 - (m.match(/\.\.\//g)?.length ?? 0) : 0)
  const byRank = rank(a) - rank(b)
  if (byRank !== 0) return byRank
  const [x, y] = [a.toLowerCase(), b.toLowerCase()]
  return x < y ? -1 : x > y ? 1 : 0
}
