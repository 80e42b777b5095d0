import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Tracer from "effect/Tracer"
import { compact } from "./validate.js"

/** Effect's built-in tracer, the one every fiber has unless a `Tracer` is installed (`Layer.setTracer`, OTel…). */
const builtInTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/**
 * Runs an operation in its own client span (`Sessions.get`…) with non-secret attributes (`undefined` ones are left
 * out), and hands `body` the span so the request can record its status code and attempts on it. Callers must never
 * put a token or the secret key in `attributes`.
 *
 * Under Effect's built-in tracer no span is made and `body` gets `undefined`: that tracer exports nothing, and
 * the span would cost more CPU than the rest of a call's own work (bench/RESULTS.md). With any installed tracer every
 * operation gets its span.
 *
 * @internal
 */
export const traced = <A, E, R>(
  name: string,
  attributes: () => Record<string, string | number | boolean | undefined>,
  body: (span: Tracer.Span | undefined) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.withFiberRuntime((fiber) =>
    Context.get(fiber.getFiberRef(DefaultServices.currentServices), Tracer.Tracer) === builtInTracer
      ? body(undefined)
      : Effect.useSpan(
        name,
        { kind: "client", captureStackTrace: false, attributes: compact(attributes()) },
        (span) => Effect.withParentSpan(body(span), span)
      )
  )
