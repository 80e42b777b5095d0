/**
 * A string matching a simple regular expression of the description (`^ak_[0-9A-Fa-f]{32}$`,
 * `^(user|org)_\w{27}$`): literals, classes, escapes, groups (their first alternative) and the quantifiers `?`,
 * `*`, `+`, `{n}`, `{n,m}` (the least each allows, at least one for `+`). Anything else gives `undefined`.
 *
 * @since 0.4.0
 */
import * as Ids from "../Ids.js"

const classes: Readonly<Record<string, string>> = {
  d: "0123456789",
  w: "abcdefghijklmnopqrstuvwxyz0123456789_",
  s: " "
}

const expand = (body: string): string | undefined => {
  if (body.startsWith("^")) return undefined
  let out = ""
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    if (char === "\\") {
      const next = body[++i] ?? ""
      out += classes[next] ?? next
    } else if (body[i + 1] === "-" && body[i + 2] !== undefined && body[i + 2] !== "]") {
      for (let code = char.charCodeAt(0); code <= body.charCodeAt(i + 2); code++) out += String.fromCharCode(code)
      i += 2
    } else {
      out += char
    }
  }
  return out.length === 0 ? undefined : out
}

/**
 * A string matching `pattern`, the same for the same `key`, or `undefined` when the pattern is not simple.
 *
 * @since 0.4.0
 * @category constructors
 */
export const example = (pattern: string, key: string): string | undefined => {
  const source = pattern.replace(/^\^/, "").replace(/\$$/, "")
  const noise = Ids.noise(key, 256)
  let out = ""
  let used = 0
  for (let i = 0; i < source.length;) {
    let choices: string | undefined
    let group: string | undefined
    const char = source[i]!
    if (char === "(") {
      const end = source.indexOf(")", i)
      if (end === -1 || source.slice(i + 1, end).includes("(")) return undefined
      group = example(source.slice(i + 1, end).replace(/^\?:/, "").split("|")[0] ?? "", `${key}:${i}`)
      choices = group
      i = end + 1
    } else if (char === "[") {
      const end = source.indexOf("]", i)
      if (end === -1) return undefined
      choices = expand(source.slice(i + 1, end))
      i = end + 1
    } else if (char === "\\") {
      const next = source[i + 1] ?? ""
      choices = classes[next] ?? next
      i += 2
    } else if (")|.".includes(char)) {
      return undefined
    } else {
      choices = char
      i += 1
    }
    if (choices === undefined) return undefined
    let count = 1
    const quantifier = /^(?:\{(\d+)(?:,(\d*))?\}|[?*+])/.exec(source.slice(i))
    if (quantifier !== null) {
      count = quantifier[0] === "?" || quantifier[0] === "*" ? 0 : quantifier[0] === "+" ? 1 : Number(quantifier[1])
      i += quantifier[0].length
    }
    for (let n = 0; n < count; n++) {
      const pick = noise.charCodeAt(used++ % noise.length)
      out += group ?? choices[pick % choices.length]
    }
  }
  try {
    return new RegExp(pattern, "u").test(out) ? out : undefined
  } catch {
    return undefined
  }
}
