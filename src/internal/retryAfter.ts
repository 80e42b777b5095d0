import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/**
 * Parses a `Retry-After` header: delta-seconds (`"3"`, `"1.5"`) or an HTTP date, relative to `nowMillis`.
 * Negative and unparseable values give `None`; a date in the past gives zero.
 *
 * @internal
 */
export const parseRetryAfter = (value: string, nowMillis: number): Option.Option<Duration.Duration> => {
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Option.some(Duration.seconds(Number(trimmed)))
  }
  const date = Date.parse(trimmed)
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) {
    return Option.none()
  }
  return Option.some(Duration.millis(Math.max(0, date - nowMillis)))
}
