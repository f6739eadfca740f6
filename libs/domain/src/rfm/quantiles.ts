/**
 * Sample quantile by linear interpolation between order statistics (Hyndman & Fan 1996,
 * definition 7; the default of R's quantile() and numpy.quantile). `sorted` must be ascending.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`probability must be in [0, 1], got ${probability}`);
  const h = (sorted.length - 1) * probability;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The 20/40/60/80% quantiles: the four inner boundaries of five quintile bins. */
export function quintileBoundaries(values: ReadonlyArray<number>): QuintileBoundaries {
  const sorted = Float64Array.from(values).sort();
  return [
    quantileOfSorted(sorted, 0.2),
    quantileOfSorted(sorted, 0.4),
    quantileOfSorted(sorted, 0.6),
    quantileOfSorted(sorted, 0.8),
  ];
}

export type QuintileBoundaries = readonly [number, number, number, number];

/**
 * Bin 0..4 of a value against quintile boundaries: bins are (-∞, b1], (b1, b2], ..., (b4, ∞).
 * A value equal to a boundary falls in the lower bin, so heavy ties (say half the population
 * with one purchase) put the whole tie in one bin rather than splitting identical customers.
 */
export function quintileBin(value: number, boundaries: QuintileBoundaries): number {
  let bin = 0;
  for (const b of boundaries) if (value > b) bin += 1;
  return bin;
}
