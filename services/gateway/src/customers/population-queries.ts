import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { schemaOf } from '@churn/persistence';

export type Dimension = 'segment' | 'tier';

export interface Distribution {
  dimension: Dimension;
  total: number;
  distribution: { value: string; customers: number; share: number }[];
  since: string | null;
  /** Customers whose value changed since the start of `since` (UTC); `from` null: not known then. */
  movement: { from: string | null; to: string; customers: number }[];
}

export interface KpiPoint {
  day: string;
  customers: number;
  churnRate: number;
  repurchaseRate: number;
  aovMinor: number | null;
  meanClvMinor: number | null;
}

export interface Kpis {
  currency: string | null;
  series: KpiPoint[];
  /** Last point minus the first of the series (null with fewer than two days). */
  trend: { churnRate: number; repurchaseRate: number; aovMinor: number | null; meanClvMinor: number | null } | null;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Population views over the read model: distributions now, movement since a day (from the daily
 * snapshots: a customer's state on a day is their latest snapshot up to that day), the churn-risk
 * histogram and KPIs per day.
 */
@Injectable()
export class PopulationQueries {
  constructor(private readonly dataSource: DataSource) {}

  private get schema(): string {
    return `"${schemaOf(this.dataSource)}"`;
  }

  async distribution(dimension: Dimension, since: string | undefined): Promise<Distribution> {
    const rows: { value: string; customers: string }[] = await this.dataSource.query(
      `SELECT ${dimension} AS value, count(*) AS customers FROM ${this.schema}.customer_view WHERE ${dimension} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    const total = rows.reduce((n, r) => n + Number(r.customers), 0);
    const movement = since === undefined ? [] : await this.movement(dimension, since);
    return {
      dimension,
      total,
      distribution: rows.map((r) => ({ value: r.value, customers: Number(r.customers), share: total ? round(Number(r.customers) / total) : 0 })),
      since: since ?? null,
      movement,
    };
  }

  private async movement(dimension: Dimension, since: string): Promise<Distribution['movement']> {
    const rows: { from: string | null; to: string; customers: string }[] = await this.dataSource.query(
      `WITH before AS (
         SELECT DISTINCT ON (customer_id) customer_id, ${dimension} AS value FROM ${this.schema}.customer_daily
         WHERE day < $1::date ORDER BY customer_id, day DESC)
       SELECT b.value AS "from", v.${dimension} AS "to", count(*) AS customers
       FROM ${this.schema}.customer_view v LEFT JOIN before b USING (customer_id)
       WHERE v.${dimension} IS NOT NULL AND b.value IS DISTINCT FROM v.${dimension}
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      [since],
    );
    return rows.map((r) => ({ from: r.from, to: r.to, customers: Number(r.customers) }));
  }

  /** Churn probability in ten bins of 0.1, plus customers per risk level. */
  async riskHistogram(): Promise<{ bins: { from: number; to: number; customers: number }[]; byLevel: Record<string, number>; predicted: number }> {
    const bins: { bin: number; customers: string }[] = await this.dataSource.query(
      `SELECT LEAST(floor(churn_probability * 10), 9)::int AS bin, count(*) AS customers FROM ${this.schema}.customer_view WHERE churn_probability IS NOT NULL GROUP BY 1`,
    );
    const levels: { risk_level: string; customers: string }[] = await this.dataSource.query(
      `SELECT risk_level, count(*) AS customers FROM ${this.schema}.customer_view WHERE risk_level IS NOT NULL GROUP BY 1`,
    );
    const counts = new Map(bins.map((b) => [b.bin, Number(b.customers)]));
    return {
      bins: Array.from({ length: 10 }, (_, i) => ({ from: round(i / 10, 1), to: round((i + 1) / 10, 1), customers: counts.get(i) ?? 0 })),
      byLevel: Object.fromEntries(levels.map((l) => [l.risk_level, Number(l.customers)])),
      predicted: bins.reduce((n, b) => n + Number(b.customers), 0),
    };
  }

  /**
   * KPIs per snapshot day over the last `days` days, in one currency (money is never summed across
   * currencies; default: the most common one): churn rate = share of customers in the churned
   * stage, repurchase rate = share with a repeat purchase day, AOV = net spend per purchase,
   * mean CLV.
   */
  async kpis(days: number, currency: string | undefined): Promise<Kpis> {
    const chosen = currency ?? (await this.mostCommonCurrency());
    if (!chosen) return { currency: null, series: [], trend: null };
    const rows: { day: string; customers: string; churned: string; repeaters: string; spend: string | null; purchases: string | null; clv: string | null }[] =
      await this.dataSource.query(
        `WITH days AS (SELECT DISTINCT day FROM ${this.schema}.customer_daily WHERE day > (now() AT TIME ZONE 'UTC')::date - $1::int)
         SELECT to_char(d.day, 'YYYY-MM-DD') AS day, count(*) AS customers,
                count(*) FILTER (WHERE s.stage = 'churned') AS churned,
                count(*) FILTER (WHERE s.frequency > 0) AS repeaters,
                sum(s.net_spend_minor) AS spend, sum(s.purchase_count) AS purchases, avg(s.clv_minor) AS clv
         FROM days d CROSS JOIN LATERAL (
           SELECT DISTINCT ON (customer_id) * FROM ${this.schema}.customer_daily c WHERE c.day <= d.day ORDER BY customer_id, day DESC) s
         WHERE s.currency = $2
         GROUP BY d.day ORDER BY d.day`,
        [days, chosen],
      );
    const series = rows.map((r) => ({
      day: r.day,
      customers: Number(r.customers),
      churnRate: round(Number(r.churned) / Number(r.customers)),
      repurchaseRate: round(Number(r.repeaters) / Number(r.customers)),
      aovMinor: Number(r.purchases) > 0 ? Math.round(Number(r.spend) / Number(r.purchases)) : null,
      meanClvMinor: r.clv === null ? null : Math.round(Number(r.clv)),
    }));
    const first = series[0];
    const last = series.at(-1);
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    const trend =
      first && last && series.length > 1
        ? { churnRate: round(last.churnRate - first.churnRate), repurchaseRate: round(last.repurchaseRate - first.repurchaseRate), aovMinor: diff(last.aovMinor, first.aovMinor), meanClvMinor: diff(last.meanClvMinor, first.meanClvMinor) }
        : null;
    return { currency: chosen, series, trend };
  }

  private async mostCommonCurrency(): Promise<string | undefined> {
    const rows: { currency: string }[] = await this.dataSource.query(
      `SELECT currency FROM ${this.schema}.customer_view WHERE currency IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    return rows[0]?.currency;
  }
}
