import type { RetentionRule } from '../retention/retention.job';

const MS_PER_DAY = 86_400_000;

/**
 * A tombstone names the customer, so it is kept only while an event of the erased past can still
 * be delivered: as long as the processed-event records, which outlive the consumed topics'
 * retention for the same reason (PROCESSED_EVENTS_RETENTION_DAYS, default 35 days).
 */
export function erasedCustomersRetention(config: { PROCESSED_EVENTS_RETENTION_DAYS: number }): RetentionRule {
  return {
    name: 'erased-customers',
    table: 'erased_customers',
    timeColumn: 'erased_at',
    keepMs: config.PROCESSED_EVENTS_RETENTION_DAYS * MS_PER_DAY,
  };
}
