import { Injectable } from '@nestjs/common';
import type { AlertV1 } from '@churn/contracts';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../lifecycle/returned-rows';

export interface ClaimedDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
}

export interface QueuedDelivery extends ClaimedDelivery {
  subscriptionId: string;
}

export interface AttemptRecord {
  deliveryId: string;
  status: 'delivered' | 'pending' | 'parked';
  httpStatus: number | null;
  error: string | null;
  retryInMs: number;
}

export interface DeliveryView {
  deliveryId: string;
  subscriptionId: string;
  alertId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'parked';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
  parkedAt: string | null;
}

const VIEW_COLUMNS = `delivery_id::text AS "deliveryId", subscription_id AS "subscriptionId", alert_id AS "alertId", event_id AS "eventId",
  event_type AS "eventType", status, attempts, next_attempt_at AS "nextAttemptAt", last_error AS "lastError", last_status AS "lastStatus",
  created_at AS "createdAt", delivered_at AS "deliveredAt", parked_at AS "parkedAt"`;

/** The webhook delivery queue: one row per (subscription, alert event). */
@Injectable()
export class DeliveryStore {
  /**
   * Queues the events for every active subscription whose filter matches, inside the caller's
   * transaction, leased for `leaseMs` to this instance (which sends them from memory after the
   * commit). Events held back (control group, contact fatigue) reach no channel and are not queued.
   */
  async enqueue(manager: EntityManager, events: readonly AlertV1[], leaseMs: number): Promise<QueuedDelivery[]> {
    const deliverable = events.filter((e) => !e.heldBackBy);
    if (deliverable.length === 0) return [];
    const schema = schemaOf(manager.connection);
    const bodies = new Map(deliverable.map((e) => [e.eventId, { body: JSON.stringify(e), eventType: e.type }]));
    const rows: { deliveryId: string; subscriptionId: string; eventId: string }[] = await manager.query(
      `INSERT INTO "${schema}".webhook_deliveries (subscription_id, alert_id, event_id, event_type, body, status, next_attempt_at, created_at)
       SELECT s.subscription_id, e.alert_id, e.event_id, e.event_type, e.body, 'pending', now() + $2 * interval '1 millisecond', now()
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (alert_id text, event_id text, event_type text, body text, level text, queue text, tier text))
         WITH ORDINALITY AS e(alert_id, event_id, event_type, body, level, queue, tier, n)
       JOIN "${schema}".webhook_subscriptions s ON s.active
         AND (s.levels IS NULL OR e.level = ANY(s.levels))
         AND (s.queues IS NULL OR e.queue = ANY(s.queues))
         AND (s.tiers IS NULL OR e.tier = ANY(s.tiers))
       ORDER BY e.n
       ON CONFLICT (subscription_id, event_id) DO NOTHING
       RETURNING delivery_id::text AS "deliveryId", subscription_id AS "subscriptionId", event_id AS "eventId"`,
      [
        JSON.stringify(
          deliverable.map((e) => ({ alert_id: e.alertId, event_id: e.eventId, event_type: e.type, body: bodies.get(e.eventId)!.body, level: e.level, queue: e.queue, tier: e.valueTier })),
        ),
        leaseMs,
      ],
    );
    return rows.map((r) => ({ ...r, ...bodies.get(r.eventId)!, attempts: 0 }));
  }

  /**
   * Claims up to `limit` due deliveries of one subscription by pushing their next attempt past
   * `leaseMs` (longer than a request may take): another worker or instance skips them meanwhile,
   * and a crash mid-request only delays the retry until the lease ends.
   */
  async claimDue(manager: EntityManager, subscriptionId: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const schema = schemaOf(manager.connection);
    return returnedRows<ClaimedDelivery>(await manager.query(
      `UPDATE "${schema}".webhook_deliveries d SET next_attempt_at = clock_timestamp() + ($3 || ' milliseconds')::interval
       FROM (SELECT delivery_id FROM "${schema}".webhook_deliveries
             WHERE subscription_id = $1 AND status = 'pending' AND next_attempt_at <= clock_timestamp()
             ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id::text AS "deliveryId", d.event_id AS "eventId", d.event_type AS "eventType", d.body, d.attempts`,
      [subscriptionId, limit, String(leaseMs)],
    ));
  }

  /** Milliseconds until this subscription's next pending delivery is due (undefined: none). */
  async nextDueInMs(manager: EntityManager, subscriptionId: string): Promise<number | undefined> {
    const [row]: { ms: number | null }[] = await manager.query(
      `SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - clock_timestamp())) * 1000 AS ms FROM "${schemaOf(manager.connection)}".webhook_deliveries
       WHERE subscription_id = $1 AND status = 'pending'`,
      [subscriptionId],
    );
    return row?.ms === null || row?.ms === undefined ? undefined : Math.max(0, Number(row.ms));
  }

  /**
   * Records finished attempts in one statement: delivered, back to pending with the next attempt
   * `retryInMs` away, or parked (the reason stays in last_error).
   */
  async recordAttempts(manager: EntityManager, attempts: readonly AttemptRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await manager.query(
      `UPDATE "${schemaOf(manager.connection)}".webhook_deliveries d SET attempts = d.attempts + 1, status = r.status,
         last_status = r.last_status, last_error = r.last_error,
         delivered_at = CASE WHEN r.status = 'delivered' THEN clock_timestamp() END,
         parked_at = CASE WHEN r.status = 'parked' THEN clock_timestamp() END,
         next_attempt_at = clock_timestamp() + r.retry_ms * interval '1 millisecond'
       FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id bigint, status text, last_status integer, last_error text, retry_ms bigint)
       WHERE d.delivery_id = r.delivery_id`,
      [
        JSON.stringify(
          attempts.map((a) => ({ delivery_id: a.deliveryId, status: a.status, last_status: a.httpStatus, last_error: a.error, retry_ms: a.retryInMs })),
        ),
      ],
    );
  }

  /** Parked deliveries back to pending with a fresh attempt budget; returns the subscriptions touched. */
  async redrive(manager: EntityManager, where: { deliveryId: string } | { subscriptionId: string }): Promise<{ redriven: number; subscriptionIds: Set<string> }> {
    const byDelivery = 'deliveryId' in where;
    const rows = returnedRows<{ subscription_id: string }>(await manager.query(
      `UPDATE "${schemaOf(manager.connection)}".webhook_deliveries SET status = 'pending', attempts = 0, parked_at = NULL, next_attempt_at = clock_timestamp()
       WHERE status = 'parked' AND ${byDelivery ? 'delivery_id = $1::bigint' : 'subscription_id = $1'} RETURNING subscription_id`,
      [byDelivery ? where.deliveryId : where.subscriptionId],
    ));
    return { redriven: rows.length, subscriptionIds: new Set(rows.map((r) => r.subscription_id)) };
  }

  async find(manager: EntityManager, deliveryId: string): Promise<DeliveryView | undefined> {
    if (!/^\d{1,18}$/.test(deliveryId)) return undefined;
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM "${schemaOf(manager.connection)}".webhook_deliveries WHERE delivery_id = $1::bigint`,
      [deliveryId],
    );
    return rows[0] && viewFromDb(rows[0]);
  }

  async list(manager: EntityManager, subscriptionId: string, status: string | undefined, limit: number): Promise<DeliveryView[]> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${VIEW_COLUMNS} FROM "${schemaOf(manager.connection)}".webhook_deliveries
       WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY delivery_id DESC LIMIT $3`,
      [subscriptionId, status ?? null, limit],
    );
    return rows.map(viewFromDb);
  }
}

function viewFromDb(row: Record<string, unknown>): DeliveryView {
  const out = { ...row };
  for (const key of ['nextAttemptAt', 'createdAt', 'deliveredAt', 'parkedAt']) if (row[key] instanceof Date) out[key] = (row[key] as Date).toISOString();
  return out as unknown as DeliveryView;
}
