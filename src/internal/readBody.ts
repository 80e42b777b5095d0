import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const utf8 = new TextDecoder()

/**
 * Reads a body stream to its end as UTF-8 text, failing with `tooLarge()` as soon as it passes `maxBytes` (the
 * stream is then cancelled, which aborts the request). The bytes counted are the stream's: decoded ones under
 * `fetch`, so a gzip bomb stops at the limit too.
 *
 * @internal
 */
export const readBody = <E, E2>(
  stream: Stream.Stream<Uint8Array, E>,
  maxBytes: number,
  tooLarge: () => E2
): Effect.Effect<string, E | E2> =>
  Effect.map(
    Stream.runFoldEffect(stream, { chunks: [] as Array<Uint8Array>, size: 0 }, (body, chunk) => {
      const size = body.size + chunk.byteLength
      if (size > maxBytes) return Effect.fail(tooLarge())
      body.chunks.push(chunk)
      return Effect.succeed({ chunks: body.chunks, size })
    }),
    ({ chunks, size }) => {
      if (chunks.length === 1) return utf8.decode(chunks[0])
      const all = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        all.set(chunk, offset)
        offset += chunk.byteLength
      }
      return utf8.decode(all)
    }
  )
