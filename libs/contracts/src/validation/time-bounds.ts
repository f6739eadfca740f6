import type { ValidationIssue } from '../schemas/dead-letter';

/** Plausibility window for event times; both ends are configuration. */
export interface TimeBounds {
  /** Events further in the future than this are clock or data errors. Default 24 h. */
  readonly maxFutureSkewMs: number;
  /** Nothing this platform scores happened before this instant. Default 1990-01-01T00:00:00Z. */
  readonly earliest: Date;
}

export const DEFAULT_TIME_BOUNDS: TimeBounds = {
  maxFutureSkewMs: 24 * 60 * 60 * 1000,
  earliest: new Date('1990-01-01T00:00:00Z'),
};

/** Converts an RFC 3339 timestamp (already format-checked) to a UTC instant within the bounds. */
export function toUtcInstant(
  path: string,
  timestamp: string,
  now: Date,
  bounds: TimeBounds,
): { ok: true; instant: string } | { ok: false; issue: ValidationIssue } {
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis)) return { ok: false, issue: { path, message: 'is not a valid timestamp' } };
  if (millis > now.getTime() + bounds.maxFutureSkewMs) {
    return { ok: false, issue: { path, message: `is more than ${bounds.maxFutureSkewMs / 3_600_000} h in the future` } };
  }
  if (millis < bounds.earliest.getTime()) {
    return { ok: false, issue: { path, message: `is before ${bounds.earliest.toISOString()}` } };
  }
  return { ok: true, instant: new Date(millis).toISOString() };
}

let cachedMillis = Number.NaN;
let cachedIso = '';

/**
 * `date.toISOString()`, remembered for the last instant asked: a batch stamps every event with
 * the same `now`, and formatting it again per event was a measurable share of ingestion's time.
 */
export function isoInstant(date: Date): string {
  const millis = date.getTime();
  if (millis !== cachedMillis) {
    cachedIso = date.toISOString();
    cachedMillis = millis;
  }
  return cachedIso;
}
