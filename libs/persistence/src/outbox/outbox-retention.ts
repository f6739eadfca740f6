import type { RetentionRule } from '../retention/retention.job';

/** Sent outbox rows are kept a while for inspection, then deleted; unsent rows (sent_at null) never match. */
export function outboxRetention(keepMs: number): RetentionRule {
  return { name: 'outbox', table: 'outbox', timeColumn: 'sent_at', keepMs };
}
