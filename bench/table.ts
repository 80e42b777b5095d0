/** Plain-text tables: the first column left-aligned, the others right-aligned. */
export const table = (title: string, header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd()
  return [title, `  ${line(header)}`, ...rows.map((row) => `  ${line(row)}`)].join("\n")
}

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "-")

export const ratio = (n: number, base: number) => `${fixed(n / base, 2)}×`

export const kb = (bytes: number) => `${fixed(bytes / 1024, 1)} kB`

export const mb = (bytes: number) => `${fixed(bytes / 1024 / 1024, 1)} MB`
