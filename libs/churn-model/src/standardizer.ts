/** Per-column mean and standard deviation, fitted on training rows and stored with the model. */
export interface Standardizer {
  readonly means: number[];
  readonly stds: number[];
}

export function fitStandardizer(rows: readonly number[][]): Standardizer {
  if (rows.length === 0) throw new RangeError('cannot fit a standardizer to zero rows');
  const width = rows[0].length;
  const means = new Array<number>(width).fill(0);
  const stds = new Array<number>(width).fill(0);
  for (const row of rows) row.forEach((v, j) => (means[j] += v / rows.length));
  for (const row of rows) row.forEach((v, j) => (stds[j] += (v - means[j]) ** 2 / rows.length));
  // A constant column (e.g. no complaints in a purchase-only export) would divide by zero: its
  // standardized value is 0 for everyone, which is what a scale of 1 gives.
  return { means, stds: stds.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

export function standardize(scaler: Standardizer, row: readonly number[]): number[] {
  return row.map((v, j) => (v - scaler.means[j]) / scaler.stds[j]);
}
