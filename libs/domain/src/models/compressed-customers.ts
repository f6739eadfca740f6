import { type FrequencyRecencyAge } from '../summary/frequency-recency-age';

/**
 * Customers grouped by identical (frequency, recency, T), struct-of-arrays, with weights.
 *
 * The BG/NBD and Pareto/NBD likelihoods depend on a customer only through (x, t_x, T), so
 * customers sharing a triple contribute identical terms: evaluating each unique triple once and
 * multiplying by its count is exact and is the standard speed-up (all customers who never
 * repeated and started on the same day collapse into one row). Terms that depend only on x are
 * computed once per distinct frequency, via `frequencyIndex`.
 */
export interface CompressedCustomers {
  /** Number of unique triples (rows). */
  readonly size: number;
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Customers per row. */
  readonly weight: Float64Array;
  /** Row -> index into distinctFrequencies. */
  readonly frequencyIndex: Int32Array;
  /** Distinct frequencies, ascending. */
  readonly distinctFrequencies: Float64Array;
  /** Total number of customers (sum of weights). */
  readonly customers: number;
  readonly meanT: number;
}

function validate(c: FrequencyRecencyAge): void {
  const { frequency: x, recency: tx, T } = c;
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`frequency must be a non-negative integer, got ${x}`);
  if (!(Number.isFinite(T) && T >= 0)) throw new RangeError(`T must be finite and >= 0, got ${T}`);
  if (!(tx >= 0 && tx <= T)) throw new RangeError(`recency must lie in [0, T], got ${tx} with T = ${T}`);
  if (x === 0 && tx !== 0) throw new RangeError(`recency must be 0 when frequency is 0, got ${tx}`);
}

export function compressCustomers(customers: ReadonlyArray<FrequencyRecencyAge>): CompressedCustomers {
  const rowOf = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  let sumT = 0;
  for (const c of customers) {
    validate(c);
    sumT += c.T;
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const row = rowOf.get(key);
    if (row !== undefined) {
      ws[row] += 1;
    } else {
      rowOf.set(key, xs.length);
      xs.push(c.frequency);
      txs.push(c.recency);
      Ts.push(c.T);
      ws.push(1);
    }
  }
  const distinct = Array.from(new Set(xs)).sort((a, b) => a - b);
  const indexOf = new Map(distinct.map((x, i) => [x, i] as const));
  return {
    size: xs.length,
    frequency: Float64Array.from(xs),
    recency: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    weight: Float64Array.from(ws),
    frequencyIndex: Int32Array.from(xs, (x) => indexOf.get(x) ?? -1),
    distinctFrequencies: Float64Array.from(distinct),
    customers: customers.length,
    meanT: customers.length > 0 ? sumT / customers.length : 0,
  };
}

/** Accepts either raw customers or an already compressed set (so callers can compress once). */
export function asCompressed(input: ReadonlyArray<FrequencyRecencyAge> | CompressedCustomers): CompressedCustomers {
  return Array.isArray(input) ? compressCustomers(input) : (input as CompressedCustomers);
}

/**
 * Every k-th row (k = ceil(size / maxRows)), weights kept: each row is in the sample with
 * probability 1/k, so the sample's log-likelihood is an unbiased, scaled estimate of the full
 * one and its maximiser a good starting point for the full fit.
 */
export function sampleRows(data: CompressedCustomers, maxRows: number): CompressedCustomers {
  if (data.size <= maxRows) return data;
  const stride = Math.ceil(data.size / maxRows);
  const rows: number[] = [];
  for (let i = 0; i < data.size; i += stride) rows.push(i);
  const pick = (a: Float64Array): Float64Array => Float64Array.from(rows, (i) => a[i]);
  const weight = pick(data.weight);
  return {
    ...data,
    size: rows.length,
    frequency: pick(data.frequency),
    recency: pick(data.recency),
    T: pick(data.T),
    weight,
    frequencyIndex: Int32Array.from(rows, (i) => data.frequencyIndex[i]),
    customers: weight.reduce((a, b) => a + b, 0),
  };
}
