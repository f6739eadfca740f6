import { Controller, Get, Param } from '@nestjs/common';
import { type CustomerSummary, summarizeCustomer } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import { Clock } from '@churn/config';
import { HistoryStore } from '../history/history.store';
import { ParameterStore } from '../parameters/parameter.store';

export interface CustomerAggregates {
  customerId: string;
  currency: string;
  stateVersion: number;
  asOf: string;
  transactions: { purchases: number; refunds: number };
  /** The domain summary as of now (null when every purchase was refunded); instants as ISO strings. */
  summary: (Omit<CustomerSummary, 'firstPurchaseAt' | 'lastPurchaseAt'> & { firstPurchaseAt: string; lastPurchaseAt: string }) | null;
}

/** What scoring knows about a customer: the stored history, summarized as the models see it. */
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: HistoryStore,
    private readonly parameters: ParameterStore,
    private readonly clock: Clock,
  ) {}

  @Get(':customerId/aggregates')
  async aggregates(@Param('customerId') customerId: string): Promise<CustomerAggregates> {
    const manager = this.dataSource.manager;
    const state = (await this.history.lockCustomers(manager, [customerId], 'share')).get(customerId);
    if (!state) throw new ProblemException(problem(404, 'no purchase history for this customer'));
    const transactions = (await this.history.transactionsOf(manager, [customerId])).get(customerId) ?? [];
    const { timeUnit } = await this.parameters.active(manager);
    const now = this.clock.now();
    const summary = summarizeCustomer(customerId, transactions, { asOf: now.getTime(), timeUnit });
    return {
      customerId,
      currency: state.currency,
      stateVersion: state.stateVersion,
      asOf: now.toISOString(),
      transactions: { purchases: transactions.filter((t) => t.type === 'purchase').length, refunds: transactions.filter((t) => t.type === 'refund').length },
      summary: summary
        ? { ...summary, firstPurchaseAt: new Date(summary.firstPurchaseAt).toISOString(), lastPurchaseAt: new Date(summary.lastPurchaseAt).toISOString() }
        : null,
    };
  }
}
