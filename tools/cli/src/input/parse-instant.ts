import { MS_PER_DAY } from '@churn/domain';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Date.UTC silently rolls 2024-02-30 over to March 1st; a calendar check must refuse it. Plain
// arithmetic: this runs once per row of million-row files.
function utcDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0)) return undefined;
  return Date.UTC(year, month - 1, day);
}

/**
 * Parses a calendar date (YYYY-MM-DD: 00:00Z of that UTC day) or an RFC 3339 timestamp with an
 * offset into epoch ms; undefined for anything else. Stricter than Date.parse, which accepts
 * local times and many non-standard forms that would shift instants by the machine's zone.
 */
export function parseInstant(text: string): number | undefined {
  const date = DATE.exec(text);
  if (date !== null) return utcDay(Number(date[1]), Number(date[2]), Number(date[3]));
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const day = utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  // RFC 3339 allows second 60 (leap second); epoch time has none, so it counts as the next second.
  if (day === undefined || hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const [offsetHours, offsetMins] = [Number(m[10]), Number(m[11])];
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return day + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** The UTC calendar day (YYYY-MM-DD) containing an instant, for messages and outputs. */
export function utcDate(epochMs: number): string {
  return new Date(Math.floor(epochMs / MS_PER_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}
