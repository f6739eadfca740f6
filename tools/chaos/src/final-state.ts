import { Client } from 'pg';
import type { ChaosInfra } from './infra/chaos-infra';
import { type Namespace, WIN_BACK_POINTS } from './platform';

/** Per customer, what each part of the platform holds about them; values are compared as JSON. */
export type FinalState = Record<string, Map<string, string>>;

/** The history-derived fields of a live score (the others move with the instant it was computed at). */
const SCORE_FIELDS = [
  'purchaseCount',
  'netSpendMinor',
  'frequency',
  'monetaryMinor',
  'lastPurchaseAt',
  'currency',
] as const;

/**
 * Reads the state the history decides, for the customers whose ids start with `customerPrefix`:
 * scoring's stored transactions, the live score in Redis, churn-prediction's interactions and
 * latest risk level, the risk level alerting last acted on and its open risk-level alert, and the
 * loyalty postings. Not compared across runs: state versions, alerts other than the open
 * risk-level one, win-back bonuses and points per posting. Those count or follow the intermediate
 * predictions, and how many there are depends on how events were batched (a backlog after a
 * restart is scored once per batch, not once per event), not on the history.
 */
export async function readFinalState(infra: ChaosInfra, ns: Namespace, customerPrefix: string): Promise<FinalState> {
  const db = new Client({ connectionString: infra.postgres.url });
  await db.connect();
  const like = `${customerPrefix}%`;
  const rows = async (sql: string): Promise<Map<string, string>> => {
    const result = await db.query<{ customer_id: string; value: unknown }>(sql, [like]);
    return new Map(result.rows.map((r) => [r.customer_id, JSON.stringify(r.value)]));
  };
  try {
    const scoring = ns.schemaOf('scoring');
    const churn = ns.schemaOf('churn-prediction');
    const loyalty = ns.schemaOf('loyalty-ledger');
    const alerting = ns.schemaOf('alerting');
    const state: FinalState = {
      'scoring transactions': await rows(
        `SELECT customer_id, json_agg(json_build_array(event_id, type, order_id, amount_minor, currency) ORDER BY event_id) AS value
           FROM "${scoring}".transactions WHERE customer_id LIKE $1 GROUP BY customer_id`,
      ),
      'churn-prediction interactions': await rows(
        `SELECT customer_id, json_agg(json_build_array(event_id, kind, score) ORDER BY event_id) AS value
           FROM "${churn}".interactions WHERE customer_id LIKE $1 GROUP BY customer_id`,
      ),
      'churn-prediction risk level': await rows(
        `SELECT customer_id, prediction->'riskLevel' AS value FROM "${churn}".customer_state WHERE customer_id LIKE $1`,
      ),
      // Every purchase, refund and interaction of the history posted once, by its event key. Not
      // the points, nor tier changes and win-back entries: the tier multiplier and tier upgrades
      // follow the tier when the purchase is applied, which a review applied just before can
      // change (purchases and interactions come through different topics with no order between
      // them); win-back follows alerts and is checked by winBackDifferences.
      'loyalty postings': await rows(
        `SELECT customer_id, json_agg(entry_key ORDER BY entry_key) AS value FROM "${loyalty}".journal_entries
          WHERE (entry_key LIKE 'purchase-event:%' OR entry_key LIKE 'interaction-event:%') AND customer_id LIKE $1
          GROUP BY customer_id`,
      ),
      'alerting last risk level': await rows(
        `SELECT customer_id, last_level AS value FROM "${alerting}".customer_state WHERE customer_id LIKE $1`,
      ),
      'open risk-level alert': await rows(
        `SELECT customer_id, level AS value FROM "${alerting}".alerts
          WHERE reason = 'risk-level' AND status <> 'resolved' AND level IN ('medium', 'high') AND customer_id LIKE $1`,
      ),
      'live score': await liveScores(infra, ns, customerPrefix),
    };
    return state;
  } finally {
    await db.end();
  }
}

async function liveScores(infra: ChaosInfra, ns: Namespace, customerPrefix: string): Promise<Map<string, string>> {
  return infra.redis.withClient(async (redis) => {
    const scores = new Map<string, string>();
    const pattern = `${ns.redisKeyPrefix}score:${customerPrefix}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      const values = keys.length > 0 ? await redis.mget(...keys) : [];
      keys.forEach((key, i) => {
        const score = JSON.parse(values[i]!) as Record<string, unknown>;
        scores.set(key.slice(`${ns.redisKeyPrefix}score:`.length), JSON.stringify(SCORE_FIELDS.map((f) => score[f])));
      });
      cursor = next;
    } while (cursor !== '0');
    return scores;
  });
}

/** What differs, section by section, with a few examples each; empty when the states are equal. */
export function differences(expected: FinalState, actual: FinalState, examples = 5): string[] {
  const found: string[] = [];
  for (const [section, want] of Object.entries(expected)) {
    const got = actual[section] ?? new Map<string, string>();
    const ids = new Set([...want.keys(), ...got.keys()]);
    const differing = [...ids].filter((id) => want.get(id) !== got.get(id)).sort();
    if (differing.length === 0) continue;
    const shown = differing
      .slice(0, examples)
      .map((id) => `${id}: expected ${want.get(id) ?? '(none)'}, got ${got.get(id) ?? '(none)'}`);
    found.push(`${section}: ${differing.length} of ${ids.size} customers differ\n    ${shown.join('\n    ')}`);
  }
  return found;
}

/** How much the state holds, for the log and for asserting that a run did real work. */
export function sizes(state: FinalState): Record<string, number> {
  return Object.fromEntries(Object.entries(state).map(([section, values]) => [section, values.size]));
}

/**
 * Within one run: loyalty granted exactly one win-back to each customer outside the control group
 * whose alert opened at or escalated to high risk, and to no one else (alerts.v1 -> loyalty-ledger
 * lost nothing and counted nothing twice).
 */
export async function winBackDifferences(infra: ChaosInfra, ns: Namespace, customerPrefix: string): Promise<string[]> {
  const db = new Client({ connectionString: infra.postgres.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ customer_id: string; alerted: boolean; adjustments: string | null }>(
      `WITH alerted AS (
         SELECT DISTINCT a.customer_id FROM "${ns.schemaOf('alerting')}".alert_history h
           JOIN "${ns.schemaOf('alerting')}".alerts a USING (alert_id)
          WHERE h.type IN ('opened', 'escalated') AND h.level = 'high' AND NOT a.control_group)
       SELECT coalesce(b.customer_id, alerted.customer_id) AS customer_id, alerted.customer_id IS NOT NULL AS alerted, b.adjustments
         FROM "${ns.schemaOf('loyalty-ledger')}".customer_balances b FULL JOIN alerted USING (customer_id)
        WHERE coalesce(b.customer_id, alerted.customer_id) LIKE $1`,
      [`${customerPrefix}%`],
    );
    return (
      rows
        // Adjustments are booked on the debit side: a grant of N points shows as -N.
        .filter((r) => Number(r.adjustments ?? 0) !== (r.alerted ? -WIN_BACK_POINTS : 0))
        .map(
          (r) =>
            `${r.customer_id}: high-risk alert ${r.alerted}, win-back adjustments ${r.adjustments ?? '(no account)'}`,
        )
    );
  } finally {
    await db.end();
  }
}
