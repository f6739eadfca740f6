import type { ConsumedRecord } from '@churn/messaging';

/**
 * A record as a consumer receives it, for unit tests of record parsers and appliers: `value` is
 * sent as is when a string (so a test can pass bytes that are not JSON), as JSON otherwise, and
 * null stands for a record without a value (a tombstone).
 */
export function consumedRecord(
  topic: string,
  value: unknown,
  { offset = '7', key = 'c-1', partition = 1 }: { offset?: string; key?: string | null; partition?: number } = {},
): ConsumedRecord {
  return {
    topic,
    partition,
    offset,
    key,
    value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: '0',
  };
}
