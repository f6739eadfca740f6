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
  // A constant column (no complaints in a purchase-only export) teaches the model nothing: its
  // scale is stored as 0 and standardize maps it to 0 for everyone, also at serving time, so a
  // customer who does complain is not scored on weights that never saw a complaint.
  return { means, stds: stds.map((v) => (v > 0 ? Math.sqrt(v) : 0)) };
}

export function standardize(scaler: Standardizer, row: readonly number[]): number[] {
  return row.map((v, j) => (scaler.stds[j] > 0 ? (v - scaler.means[j]) / scaler.stds[j] : 0));
}
