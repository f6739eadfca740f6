import { Injectable } from '@nestjs/common';
import { schemaOf } from '@churn/persistence';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../lifecycle/returned-rows';

export interface SubscriptionFilter {
  levels?: string[] | undefined;
  queues?: string[] | undefined;
  tiers?: string[] | undefined;
}

/** A subscription as the API shows it: never the secret. */
export interface SubscriptionView {
  subscriptionId: string;
  url: string;
  description: string | null;
  filter: SubscriptionFilter;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a delivery worker needs. */
export interface SubscriptionTarget {
  subscriptionId: string;
  url: string;
  secret: string;
}

export interface SubscriptionInput {
  url: string;
  secret: string;
  description: string | null;
  filter: SubscriptionFilter;
  active: boolean;
}

interface SubscriptionRow {
  subscription_id: string;
  url: string;
  description: string | null;
  levels: string[] | null;
  queues: string[] | null;
  tiers: string[] | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class SubscriptionStore {
  async create(manager: EntityManager, subscriptionId: string, input: SubscriptionInput): Promise<SubscriptionView> {
    const [row]: SubscriptionRow[] = await manager.query(
      `INSERT INTO "${schemaOf(manager.connection)}".webhook_subscriptions
         (subscription_id, url, secret, description, levels, queues, tiers, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) RETURNING *`,
      [subscriptionId, input.url, input.secret, input.description, input.filter.levels ?? null, input.filter.queues ?? null, input.filter.tiers ?? null, input.active],
    );
    return toView(row!);
  }

  async update(manager: EntityManager, subscriptionId: string, input: SubscriptionInput): Promise<SubscriptionView | undefined> {
    const [row] = returnedRows<SubscriptionRow>(await manager.query(
      `UPDATE "${schemaOf(manager.connection)}".webhook_subscriptions SET url = $2, secret = $3, description = $4, levels = $5, queues = $6,
         tiers = $7, active = $8, updated_at = now() WHERE subscription_id = $1 RETURNING *`,
      [subscriptionId, input.url, input.secret, input.description, input.filter.levels ?? null, input.filter.queues ?? null, input.filter.tiers ?? null, input.active],
    ));
    return row && toView(row);
  }

  /** The stored input (with the secret), for a partial update. */
  async input(manager: EntityManager, subscriptionId: string): Promise<SubscriptionInput | undefined> {
    const [row]: (SubscriptionRow & { secret: string })[] = await manager.query(
      `SELECT * FROM "${schemaOf(manager.connection)}".webhook_subscriptions WHERE subscription_id = $1 FOR UPDATE`,
      [subscriptionId],
    );
    if (!row) return undefined;
    const view = toView(row);
    return { url: row.url, secret: row.secret, description: row.description, filter: view.filter, active: row.active };
  }

  async find(manager: EntityManager, subscriptionId: string): Promise<SubscriptionView | undefined> {
    const [row]: SubscriptionRow[] = await manager.query(`SELECT * FROM "${schemaOf(manager.connection)}".webhook_subscriptions WHERE subscription_id = $1`, [subscriptionId]);
    return row && toView(row);
  }

  async list(manager: EntityManager): Promise<SubscriptionView[]> {
    const rows: SubscriptionRow[] = await manager.query(`SELECT * FROM "${schemaOf(manager.connection)}".webhook_subscriptions ORDER BY created_at, subscription_id`);
    return rows.map(toView);
  }

  /** Deletes the subscription and its queued deliveries. */
  async remove(manager: EntityManager, subscriptionId: string): Promise<boolean> {
    const rows = returnedRows(await manager.query(
      `DELETE FROM "${schemaOf(manager.connection)}".webhook_subscriptions WHERE subscription_id = $1 RETURNING subscription_id`,
      [subscriptionId],
    ));
    return rows.length > 0;
  }

  async activeTargets(manager: EntityManager): Promise<SubscriptionTarget[]> {
    return manager.query(`SELECT subscription_id AS "subscriptionId", url, secret FROM "${schemaOf(manager.connection)}".webhook_subscriptions WHERE active`);
  }
}

function toView(row: SubscriptionRow): SubscriptionView {
  const filter: SubscriptionFilter = {};
  if (row.levels) filter.levels = row.levels;
  if (row.queues) filter.queues = row.queues;
  if (row.tiers) filter.tiers = row.tiers;
  return {
    subscriptionId: row.subscription_id,
    url: row.url,
    description: row.description,
    filter,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
