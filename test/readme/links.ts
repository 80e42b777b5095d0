/**
 * The relative links of README.md and docs/*.md, resolved against the repository (test/readme/Links.test.ts checks
 * they hold, test/package/Pack.test.ts that the tarball has their files).
 */
import * as Path from "node:path"

/** A relative link: the repository file it names (the page itself for `#anchor`), and its anchor. */
export interface Link {
  readonly target: string
  readonly file: string
  readonly anchor: string | undefined
}

/** `[text](target)` and `![alt](target)` links of a page that are not URLs, resolved against the page's folder. */
export const relativeLinks = (page: string, markdown: string): Array<Link> =>
  [...markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => {
      const [file, anchor] = target.split("#") as [string, string | undefined]
      const resolved = file === "" ? page : Path.posix.normalize(Path.posix.join(Path.posix.dirname(page), file))
      return { target, file: decodeURIComponent(resolved), anchor }
    })
