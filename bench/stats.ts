/** Summary statistics over samples (milliseconds unless stated). */
export const sorted = (samples: ReadonlyArray<number>) => Float64Array.from(samples).sort()

export const quantile = (samples: ReadonlyArray<number>, q: number) => {
  const s = sorted(samples)
  if (s.length === 0) return NaN
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!
}

export const median = (samples: ReadonlyArray<number>) => quantile(samples, 0.5)

export const p99 = (samples: ReadonlyArray<number>) => quantile(samples, 0.99)

/** Rotates `items` by `round`, so no side always runs first (or last) in an interleaved round. */
export const rotate = <A>(items: ReadonlyArray<A>, round: number): Array<A> =>
  items.map((_, i) => items[(i + round) % items.length]!)
