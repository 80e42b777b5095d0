import { Cause, Effect, Exit, Inspectable, Logger, LogLevel, Option, Tracer } from "effect"
import type { Context } from "effect"
import { inspect } from "node:util"

/** A span as the recording tracer saw it. */
export class RecordedSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly sampled = true
  readonly spanId: string
  readonly traceId: string
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<readonly [string, Record<string, unknown>]> = []
  readonly links: Array<Tracer.SpanLink>

  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind,
    id: number
  ) {
    this.status = { _tag: "Started", startTime }
    this.spanId = `span_${id}`
    this.traceId = Option.match(parent, { onNone: () => `trace_${id}`, onSome: (p) => p.traceId })
    this.links = [...links]
  }

  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }

  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }

  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push([name, attributes ?? {}])
  }

  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

/** A tracer that keeps every span it starts. Use with `Effect.withTracer(recorder.tracer)`. */
export const makeRecordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const span = new RecordedSpan(name, parent, context, links, startTime, kind, spans.length)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })
  return { spans, tracer }
}

/** Every text a span exposes to an exporter: name, attribute values, events and links. */
export const spanTexts = (span: RecordedSpan): ReadonlyArray<string> => [
  span.name,
  ...[...span.attributes].map(([key, value]) => `${key}=${render(value)}`),
  ...span.events.map(([name, attributes]) => `${name} ${render(attributes)}`),
  ...span.links.map((link) => render(link.attributes))
]

/** Renders any value the ways a log line or an exporter might. */
export const render = (value: unknown): string =>
  [String(value), safeJson(value), Inspectable.format(value), inspect(value, { depth: 10 })].join("\n")

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? "undefined"
  } catch {
    return "<unserialisable>"
  }
}

/** A logger that renders every entry (at every level) as text, with `Logger.withMinimumLogLevel(LogLevel.All)`. */
export const makeRecordingLogger = () => {
  const lines: Array<string> = []
  const logger = Logger.make((options) => {
    lines.push(
      Logger.logfmtLogger.log(options),
      JSON.stringify(Logger.structuredLogger.log(options)),
      render(options.message)
    )
  })
  const capture = <A, E, R>(self: Effect.Effect<A, E, R>) =>
    self.pipe(Logger.withMinimumLogLevel(LogLevel.All), Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
  return { lines, capture }
}

/** Every rendering of a failure a user might print, log or ship. */
export const failureTexts = (cause: Cause.Cause<unknown>): ReadonlyArray<string> => {
  const failure = Option.getOrThrow(Cause.failureOption(cause))
  return [
    (failure as { message: string }).message,
    String(failure),
    JSON.stringify(failure),
    render(failure),
    Cause.pretty(cause),
    Cause.pretty(cause, { renderErrorCause: true }),
    render(cause)
  ]
}

/** Every rendering of the exit an ended span holds (what an exporter could serialise); none while it runs. */
export const exitTexts = (span: RecordedSpan): ReadonlyArray<string> => {
  if (span.status._tag !== "Ended") return []
  const exit = span.status.exit
  return [render(exit), ...(Exit.isFailure(exit) ? [Cause.pretty(exit.cause)] : [])]
}
