import { Injectable } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../lifecycle/returned-rows';
import { type ErasureRequest, pseudonymizeBody } from './pseudonym';

/** What erasing one customer changed (counts only: this goes to the logs, which never name customers). */
export interface CustomerErasure {
  /** Alerts now naming the pseudonym. */
  alerts: number;
  /** Whether the customer's rule state (last level and prediction) existed and was deleted. */
  stateDeleted: boolean;
  /** Pending or parked webhook deliveries of the customer's alerts, deleted unsent. */
  droppedDeliveryIds: string[];
  /** Delivered webhook deliveries whose stored body now names the pseudonym. */
  rewrittenDeliveries: number;
}

/**
 * Erasure (customer-erasures.v1) over alerting's tables, inside the caller's transaction.
 *
 * - `alerts`: customer_id becomes the pseudonym, the rest stays, so the outcome report (per alert:
 *   reason, action, control group, purchases in `alert_purchases`, which hold alert and purchase
 *   event ids, never the customer's) counts exactly what it counted before. History rows name
 *   alerts and operators, never the customer, and stay.
 * - `customer_state` (last level, as-of and the last prediction) is deleted: it only feeds the
 *   next prediction of this customer and the dry run's default input.
 * - `webhook_deliveries`: not yet delivered ones are deleted (sending them later would name the
 *   customer, and no subscriber can act on a pseudonym); delivered ones are kept as the record of
 *   what was sent, with the stored body naming the pseudonym.
 * - `outbox`: see `forgetOutbox`.
 */
@Injectable()
export class ErasureStore {
  async anonymize(manager: EntityManager, request: ErasureRequest): Promise<CustomerErasure> {
    const s = schemaOf(manager.connection);
    // First the state row: a prediction of this customer being applied right now locks it first
    // too, so we wait for its commit and the statements below see every alert and delivery it wrote.
    const [state] = (await manager.query(
      `WITH d AS (DELETE FROM "${s}".customer_state WHERE customer_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [request.customerId],
    )) as { n: number }[];
    // Locked in alert_id order, the order the appliers lock alerts in, so erasure cannot deadlock with them.
    const locked: { alert_id: string }[] = await manager.query(
      `SELECT alert_id FROM "${s}".alerts WHERE customer_id = $1 ORDER BY alert_id FOR UPDATE`,
      [request.customerId],
    );
    const alertIds = locked.map((row) => row.alert_id);
    if (alertIds.length === 0) return { alerts: 0, stateDeleted: state!.n > 0, droppedDeliveryIds: [], rewrittenDeliveries: 0 };
    await manager.query(`UPDATE "${s}".alerts SET customer_id = $2 WHERE alert_id = ANY($1::text[])`, [alertIds, request.pseudonym]);
    const dropped = returnedRows<{ delivery_id: string }>(
      await manager.query(
        `DELETE FROM "${s}".webhook_deliveries WHERE alert_id = ANY($1::text[]) AND status <> 'delivered' RETURNING delivery_id::text AS delivery_id`,
        [alertIds],
      ),
    );
    const rewritten = await this.rewriteDelivered(manager, alertIds, request);
    return { alerts: alertIds.length, stateDeleted: state!.n > 0, droppedDeliveryIds: dropped.map((row) => row.delivery_id), rewrittenDeliveries: rewritten };
  }

  /**
   * Outbox rows of these customers, sent or not. Every alerts.v1 record is keyed by its customer;
   * a dead letter is keyed by the record's key, and its payload may name the customer under another
   * key. Unsent alerts.v1 records are deleted rather than published after the erasure (they would
   * name the customer; its other consumers erase it too). A sent dead letter is also deleted when
   * its bytes merely contain an id (it is already on alerting.dlq.v1 and was only kept for
   * inspection); unsent rows only by their key, so a short id never discards another's dead letter.
   * Run it after every `anonymize` of the batch: by then concurrent writers for these customers
   * have committed, so their rows are visible here.
   */
  async forgetOutbox(manager: EntityManager, customerIds: readonly string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    const s = schemaOf(manager.connection);
    const [deleted] = (await manager.query(
      `WITH d AS (
         DELETE FROM "${s}".outbox o
         WHERE o.key = ANY($1::text[])
            OR (o.sent_at IS NOT NULL AND o.topic = $2
                AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS c(id) WHERE position(convert_to(c.id, 'UTF8') IN o.value) > 0))
         RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [customerIds, Topics.alertingDlq],
    )) as { n: number }[];
    return deleted!.n;
  }

  private async rewriteDelivered(manager: EntityManager, alertIds: readonly string[], request: ErasureRequest): Promise<number> {
    const s = schemaOf(manager.connection);
    const delivered: { delivery_id: string; body: string }[] = await manager.query(
      `SELECT delivery_id::text AS delivery_id, body FROM "${s}".webhook_deliveries
       WHERE alert_id = ANY($1::text[]) AND status = 'delivered' ORDER BY delivery_id FOR UPDATE`,
      [alertIds],
    );
    if (delivered.length === 0) return 0;
    await manager.query(
      `UPDATE "${s}".webhook_deliveries d SET body = r.body
       FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id bigint, body text) WHERE d.delivery_id = r.delivery_id`,
      [JSON.stringify(delivered.map((row) => ({ delivery_id: row.delivery_id, body: pseudonymizeBody(row.body, request.customerId, request.pseudonym) })))],
    );
    return delivered.length;
  }
}
