/** Decodes a whole body at once (no `stream` option, so one decoder serves every call); strips a BOM as `text()`. */
const utf8 = new TextDecoder()

/**
 * The text of a body received as `chunks` (`size` bytes in all), decoded as UTF-8 as `Response.text()` does.
 *
 * @internal
 */
export const bodyText = (chunks: ReadonlyArray<Uint8Array>, size: number): string => {
  if (chunks.length === 1) return utf8.decode(chunks[0])
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.byteLength
  }
  return utf8.decode(all)
}
