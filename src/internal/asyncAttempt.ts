import * as Effect from "effect/Effect"
import { TransportError, type UnexpectedResponse } from "../errors/ClerkError.js"
import { timerMillis } from "./timeout.js"
import { classifyTransportFailure } from "./transport.js"
import type { Attempt, WireRequest } from "./wire.js"

/**
 * How a transport's request ends its attempt. Only the first call counts.
 *
 * @internal
 */
export interface Settle<A, E> {
  /** Resumes the attempt with `effect` (the answer: `onResponse` of the response) and stops the deadline. */
  readonly done: (effect: Effect.Effect<A, E | TransportError>) => void
  /** Resumes the attempt with the `TransportError` of a failure of the request. */
  readonly failed: (cause: unknown) => void
  /** Fails the attempt with `attempt.onTooLarge(status)` (a body past `maxResponseBytes`) and aborts the request. */
  readonly tooLarge: (status: number) => void
}

/**
 * One attempt as a single `Effect.async`: `start` sends the request, reports its end through `Settle` and answers
 * how to abort it. On the live clock the deadline is a timer in that same callback, which fails the attempt with
 * `attempt.onTimeout()` and aborts the request; on any other clock (`TestClock`) it is `Effect.timeoutFail`.
 * Interruption aborts the request. A `start` that throws fails the attempt as a transport failure.
 *
 * @internal
 */
export const asyncAttempt = <A, E>(
  request: WireRequest,
  attempt: Attempt,
  start: (settle: Settle<A, E>) => () => void
): Effect.Effect<A, E | TransportError | UnexpectedResponse> => {
  const millis = timerMillis(attempt.clock, attempt.timeout)
  const send = Effect.async<A, E | TransportError | UnexpectedResponse>((resume) => {
    let settled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let abort = () => {}
    const done = (effect: Effect.Effect<A, E | TransportError | UnexpectedResponse>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(effect)
    }
    const failed = (cause: unknown) =>
      done(
        Effect.fail(
          new TransportError({ method: request.method, path: request.path, ...classifyTransportFailure(cause) })
        )
      )
    const tooLarge = (status: number) => {
      done(Effect.fail(attempt.onTooLarge(status)))
      abort()
    }
    if (millis !== undefined) {
      timer = setTimeout(() => {
        done(Effect.fail(attempt.onTimeout()))
        abort()
      }, millis)
    }
    try {
      abort = start({ done, failed, tooLarge })
    } catch (cause) {
      failed(cause)
    }
    return Effect.sync(() => {
      settled = true
      clearTimeout(timer)
      abort()
    })
  })
  return millis === undefined
    ? Effect.timeoutFail(send, { duration: attempt.timeout, onTimeout: attempt.onTimeout })
    : send
}
