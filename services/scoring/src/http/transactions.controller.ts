import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import type { ScoringConfig } from '../config';
import { type ExportedTransaction, HistoryStore, type TransactionCursor } from '../history/history.store';
import { SCORING_CONFIG } from '../tokens';

export interface TransactionPage {
  transactions: ExportedTransaction[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

const encodeCursor = (cursor: TransactionCursor): string => Buffer.from(JSON.stringify([cursor.customerId, cursor.eventId])).toString('base64url');

function decodeCursor(text: string): TransactionCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return { customerId: value[0] as string, eventId: value[1] as string };
  } catch {
    // answered below
  }
  throw new ProblemException(problem(400, 'after is not a cursor returned by this route'));
}

/**
 * The stored purchase history, paged in a stable order: scoring owns it, and churn-prediction
 * retrains on it through this route (database per service: no one else reads these tables).
 */
@Controller('v1')
export class TransactionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    @Inject(SCORING_CONFIG) private readonly config: ScoringConfig,
  ) {}

  @Get('transactions')
  async page(@Query('after') after?: string, @Query('limit') limit?: string): Promise<TransactionPage> {
    const size = limit === undefined ? this.config.EXPORT_PAGE_SIZE : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > this.config.EXPORT_MAX_PAGE_SIZE) {
      throw new ProblemException(problem(400, `limit must be an integer from 1 to ${this.config.EXPORT_MAX_PAGE_SIZE}`));
    }
    const cursor = after === undefined || after === '' ? undefined : decodeCursor(after);
    const transactions = await this.history.transactionPage(this.dataSource.manager, cursor, size);
    const last = transactions.at(-1);
    return { transactions, next: transactions.length === size && last ? encodeCursor(last) : null };
  }
}
