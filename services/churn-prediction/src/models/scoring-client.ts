import { Inject, Injectable } from '@nestjs/common';
import type { Transaction } from '@churn/domain';
import type { ChurnPredictionConfig } from '../config';
import { CHURN_PREDICTION_CONFIG } from '../tokens';

export class ScoringUnavailableError extends Error {}

interface ExportedTransaction {
  customerId: string;
  type: 'purchase' | 'refund';
  orderId: string;
  occurredAt: string;
  amountMinor: number;
  currency: string;
}

/** Scoring's internal HTTP API: the history export (retraining) and the re-score path (the clock). */
@Injectable()
export class ScoringClient {
  constructor(@Inject(CHURN_PREDICTION_CONFIG) private readonly config: ChurnPredictionConfig) {}

  /** Every stored transaction, page by page. */
  async history(): Promise<Transaction[]> {
    const out: Transaction[] = [];
    let after = '';
    for (;;) {
      const page = (await this.call('GET', `/v1/transactions?limit=${this.config.HISTORY_PAGE_SIZE}&after=${encodeURIComponent(after)}`)) as { transactions: ExportedTransaction[]; next: string | null };
      for (const t of page.transactions) {
        out.push({ customerId: t.customerId, occurredAt: Date.parse(t.occurredAt), amountMinor: t.amountMinor, currency: t.currency, type: t.type, orderId: t.orderId });
      }
      if (page.next === null) return out;
      after = page.next;
    }
  }

  /** Asks scoring to re-score these customers now; their scores come back on scores.v1. */
  async rescore(customerIds: readonly string[]): Promise<{ rescored: number; unknown: string[] }> {
    return (await this.call('POST', '/v1/scores/rescore', { customerIds })) as { rescored: number; unknown: string[] };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.config.SCORING_URL}${path}`, {
        method,
        signal: AbortSignal.timeout(this.config.SCORING_TIMEOUT_MS),
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ScoringUnavailableError(`scoring unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = ((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? '';
      throw new ScoringUnavailableError(`scoring answered ${response.status} to ${method} ${path.split('?')[0]}: ${detail}`);
    }
    return response.json();
  }
}
