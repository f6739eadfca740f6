import type { RetentionRule } from '../retention/retention.job';

/**
 * A processed-event record only has to outlive every chance of the event coming again: the source
 * topic's retention (a replay cannot reach further back) plus a margin for a lagging consumer.
 */
export function processedEventsRetention(keepMs: number): RetentionRule {
  return { name: 'processed-events', table: 'processed_events', timeColumn: 'processed_at', keepMs };
}
