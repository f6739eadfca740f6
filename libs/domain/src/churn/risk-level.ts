import { MS_PER_DAY, utcDayIndex } from '../time/time-unit';

export type RiskLevelName = 'high' | 'medium' | 'low';

/** Lower bounds of the high and medium levels (configuration; these are the defaults). */
export interface RiskThresholds {
  readonly high: number;
  readonly medium: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { high: 0.7, medium: 0.4 };

export function riskLevel(probability: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): RiskLevelName {
  if (!(thresholds.medium < thresholds.high)) throw new RangeError('the medium threshold must be below the high one');
  if (probability >= thresholds.high) return 'high';
  return probability >= thresholds.medium ? 'medium' : 'low';
}

/** True when a probability is within `margin` of a level boundary: a day of ageing may move it across. */
export function nearRiskThreshold(probability: number, thresholds: RiskThresholds, margin: number): boolean {
  return Math.abs(probability - thresholds.high) < margin || Math.abs(probability - thresholds.medium) < margin;
}

/** FNV-1a: a stable spread of customer ids over the day, the same on every instance and restart. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * When a customer's prediction should be re-checked, since ageing alone changes it: near a risk
 * threshold, right after the next UTC day starts (the first moment the features can change); any
 * other customer at their own time of day (a hash of the id, so the population spreads over the
 * day instead of all coming due at midnight), at most a day after now: everyone at least daily.
 */
export function nextCheckAt(customerId: string, now: number, nearThreshold: boolean): number {
  const nextDay = (utcDayIndex(now) + 1) * MS_PER_DAY;
  if (nearThreshold) return nextDay;
  const offset = hash32(customerId) % MS_PER_DAY;
  const today = nextDay - MS_PER_DAY + offset;
  return today > now ? today : today + MS_PER_DAY;
}
