import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { schemaOf } from '@churn/persistence';
import { decodeCursor, encodeCursor } from './customer-cursor';

export type CustomerSort = 'clv' | 'risk' | 'id';

export interface CustomerFilter {
  segment?: string;
  tier?: string;
  risk?: string;
  minClv?: number;
  sort: CustomerSort;
  limit: number;
  cursor?: string;
}

export interface CustomerSummary {
  customerId: string;
  segment: string | null;
  tier: string | null;
  stage: string | null;
  clvMinor: number | null;
  currency: string | null;
  pAlive: number | null;
  churnProbability: number | null;
  riskLevel: string | null;
  drivers: string[];
  scoredAt: string | null;
  predictedAt: string | null;
}

interface ViewRow {
  customer_id: string;
  segment: string | null;
  tier: string | null;
  stage: string | null;
  clv_minor: string | null;
  currency: string | null;
  p_alive: number | null;
  churn_probability: number | null;
  risk_level: string | null;
  prediction: { drivers?: { text: string }[] } | null;
  score_computed_at: Date | null;
  predicted_at: Date | null;
  sort_value: string | number;
}

/** Sort key per order: always descending by value then id, with NULLs (not yet scored/predicted) last. */
const SORT_KEY: Record<CustomerSort, string> = {
  clv: 'COALESCE(clv_minor, -1)',
  risk: 'COALESCE(churn_probability, -1)',
  id: 'customer_id',
};

const toSummary = (r: ViewRow): CustomerSummary => ({
  customerId: r.customer_id,
  segment: r.segment,
  tier: r.tier,
  stage: r.stage,
  clvMinor: r.clv_minor === null ? null : Number(r.clv_minor),
  currency: r.currency,
  pAlive: r.p_alive,
  churnProbability: r.churn_probability,
  riskLevel: r.risk_level,
  drivers: r.prediction?.drivers?.map((d) => d.text) ?? [],
  scoredAt: r.score_computed_at?.toISOString() ?? null,
  predictedAt: r.predicted_at?.toISOString() ?? null,
});

/** Reads of the read model's customer_view: filtered, sorted, keyset-paginated lists and single rows. */
@Injectable()
export class CustomerQueries {
  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return `"${schemaOf(this.dataSource)}".customer_view`;
  }

  async list(filter: CustomerFilter): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (filter.segment) where.push(`segment = ${bind(filter.segment)}`);
    if (filter.tier) where.push(`tier = ${bind(filter.tier)}`);
    if (filter.risk) where.push(`risk_level = ${bind(filter.risk)}`);
    if (filter.minClv !== undefined) where.push(`clv_minor >= ${bind(filter.minClv)}`);
    const key = SORT_KEY[filter.sort];
    if (filter.cursor) {
      const at = decodeCursor(filter.cursor);
      where.push(filter.sort === 'id' ? `customer_id > ${bind(at.id)}` : `(${key}, customer_id) < (${bind(at.value)}::double precision, ${bind(at.id)})`);
    }
    const order = filter.sort === 'id' ? 'customer_id ASC' : `${key} DESC, customer_id DESC`;
    const rows: ViewRow[] = await this.dataSource.query(
      `SELECT *, ${key} AS sort_value FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${bind(filter.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > filter.limit && last ? encodeCursor({ value: filter.sort === 'id' ? last.customer_id : Number(last.sort_value), id: last.customer_id }) : null;
    return { items: page.map(toSummary), nextCursor };
  }

  async one(customerId: string): Promise<{ summary: CustomerSummary; score: unknown; prediction: unknown } | undefined> {
    const rows: (ViewRow & { score: unknown })[] = await this.dataSource.query(`SELECT *, 0 AS sort_value FROM ${this.table} WHERE customer_id = $1`, [customerId]);
    const row = rows[0];
    return row && { summary: toSummary(row), score: row.score, prediction: row.prediction };
  }

  async timeline(customerId: string): Promise<{ at: string; kind: string; summary: unknown }[]> {
    const rows: { at: Date; kind: string; summary: unknown }[] = await this.dataSource.query(
      `SELECT at, kind, summary FROM "${schemaOf(this.dataSource)}".customer_timeline WHERE customer_id = $1 ORDER BY at DESC, event_id LIMIT 500`,
      [customerId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, summary: r.summary }));
  }

  async snapshots(customerId: string): Promise<unknown[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, segment, tier, stage, currency, clv_minor, purchase_count, frequency, net_spend_minor, churn_probability
       FROM "${schemaOf(this.dataSource)}".customer_daily WHERE customer_id = $1 ORDER BY day`,
      [customerId],
    );
    return rows;
  }
}
