import { Injectable } from '@nestjs/common';
import type { ChurnPredictionV1, InteractionV1, ScoreV1 } from '@churn/contracts';
import type { Interaction } from '@churn/domain';
import { schemaOf } from '@churn/persistence';
import { DataSource, type EntityManager } from 'typeorm';

export interface CustomerState {
  customerId: string;
  score: ScoreV1;
  prediction: ChurnPredictionV1 | null;
}

export interface PredictionUpdate {
  prediction: ChurnPredictionV1;
  nextCheckAt: Date;
}

/** Reads and writes customer_state and interactions; every write runs in the caller's transaction. */
@Injectable()
export class CustomerStateStore {
  private readonly stateTable: string;
  private readonly interactions: string;

  constructor(private readonly dataSource: DataSource) {
    const schema = schemaOf(dataSource);
    this.stateTable = `"${schema}".customer_state`;
    this.interactions = `"${schema}".interactions`;
  }

  /** Row-locks the customers' states (sorted, so overlapping batches cannot deadlock). */
  async lock(manager: EntityManager, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await manager.query(`SELECT 1 FROM ${this.stateTable} WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE`, [[...new Set(customerIds)].sort()]);
  }

  /**
   * Keeps each score unless the stored one is newer: a higher stateVersion, or the same with a
   * later-or-equal computedAt (the scores.v1 ordering rule). Returns the customers whose score changed.
   */
  async putNewestScores(manager: EntityManager, scores: readonly ScoreV1[]): Promise<Set<string>> {
    const newest = new Map<string, ScoreV1>();
    for (const s of scores) {
      const held = newest.get(s.customerId);
      if (!held || s.stateVersion > held.stateVersion || (s.stateVersion === held.stateVersion && s.computedAt > held.computedAt)) newest.set(s.customerId, s);
    }
    if (newest.size === 0) return new Set();
    const list = [...newest.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
    const rows: { customer_id: string }[] = await manager.query(
      `INSERT INTO ${this.stateTable} AS s (customer_id, score, score_state_version, score_computed_at)
       SELECT * FROM unnest($1::text[], $2::jsonb[], $3::bigint[], $4::timestamptz[])
       ON CONFLICT (customer_id) DO UPDATE SET score = EXCLUDED.score, score_state_version = EXCLUDED.score_state_version,
         score_computed_at = EXCLUDED.score_computed_at, updated_at = now()
       WHERE (s.score_state_version, s.score_computed_at) < (EXCLUDED.score_state_version, EXCLUDED.score_computed_at)
       RETURNING customer_id`,
      [list.map((s) => s.customerId), list.map((s) => JSON.stringify(s)), list.map((s) => s.stateVersion), list.map((s) => s.computedAt)],
    );
    return new Set(rows.map((r) => r.customer_id));
  }

  async addInteractions(manager: EntityManager, events: readonly InteractionV1[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.interactions} (customer_id, event_id, kind, score, reference, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[]) ON CONFLICT DO NOTHING`,
      [
        events.map((e) => e.customerId),
        events.map((e) => e.eventId),
        events.map((e) => e.kind),
        events.map((e) => e.score ?? null),
        events.map((e) => e.reference ?? null),
        events.map((e) => e.occurredAt),
      ],
    );
  }

  async states(manager: EntityManager, customerIds: readonly string[]): Promise<Map<string, CustomerState>> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; score: ScoreV1; prediction: ChurnPredictionV1 | null }[] = await manager.query(
      `SELECT customer_id, score, prediction FROM ${this.stateTable} WHERE customer_id = ANY($1::text[])`,
      [[...customerIds]],
    );
    return new Map(rows.map((r) => [r.customer_id, { customerId: r.customer_id, score: r.score, prediction: r.prediction }]));
  }

  /** Stored interactions of these customers (of all customers when `customerIds` is undefined), in the domain's form. */
  async interactionsOf(manager: EntityManager, customerIds?: readonly string[]): Promise<Map<string, Interaction[]>> {
    const columns = 'SELECT customer_id, kind, score, reference, occurred_at FROM ' + this.interactions;
    // Two statements rather than "$1 IS NULL OR ...": the OR would keep the planner off the primary key.
    const rows: { customer_id: string; kind: Interaction['kind']; score: number | null; reference: string | null; occurred_at: Date }[] =
      customerIds === undefined
        ? await manager.query(`${columns} ORDER BY customer_id, occurred_at`)
        : await manager.query(`${columns} WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, occurred_at`, [[...customerIds]]);
    const byCustomer = new Map<string, Interaction[]>();
    for (const r of rows) {
      const interaction: Interaction = { occurredAt: r.occurred_at.getTime(), kind: r.kind, ...(r.score === null ? {} : { score: r.score }), ...(r.reference === null ? {} : { reference: r.reference }) };
      const list = byCustomer.get(r.customer_id);
      if (list) list.push(interaction);
      else byCustomer.set(r.customer_id, [interaction]);
    }
    return byCustomer;
  }

  async savePredictions(manager: EntityManager, updates: readonly PredictionUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await manager.query(
      `UPDATE ${this.stateTable} AS s SET prediction = u.prediction, next_check_at = u.next_check_at, updated_at = now()
       FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[]) AS u(customer_id, prediction, next_check_at)
       WHERE s.customer_id = u.customer_id`,
      [updates.map((u) => u.prediction.customerId), updates.map((u) => JSON.stringify(u.prediction)), updates.map((u) => u.nextCheckAt.toISOString())],
    );
  }

  async prediction(customerId: string): Promise<ChurnPredictionV1 | undefined> {
    const [row]: { prediction: ChurnPredictionV1 | null }[] = await this.dataSource.query(`SELECT prediction FROM ${this.stateTable} WHERE customer_id = $1`, [customerId]);
    return row?.prediction ?? undefined;
  }

  /**
   * Takes up to `limit` customers due for a re-check, by the next_check_at index (no scan of the
   * population), and moves them `retryMs` ahead: a lease, so another tick or instance does not
   * take them again while their re-score is on its way; the new prediction sets the real next time.
   */
  async takeDue(now: Date, limit: number, retryMs: number): Promise<string[]> {
    const rows: { customer_id: string }[] = await this.dataSource.query(
      // A SELECT over the UPDATE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING.
      `WITH taken AS (
         UPDATE ${this.stateTable} SET next_check_at = $2
         WHERE customer_id IN (
           SELECT customer_id FROM ${this.stateTable} WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING customer_id)
       SELECT customer_id FROM taken`,
      [now.toISOString(), new Date(now.getTime() + retryMs).toISOString(), limit],
    );
    return rows.map((r) => r.customer_id);
  }

  /** Customers scoring no longer knows (erased) are not re-checked until a new score arrives. */
  async stopChecking(customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await this.dataSource.query(`UPDATE ${this.stateTable} SET next_check_at = NULL WHERE customer_id = ANY($1::text[])`, [[...customerIds]]);
  }
}
