import { type CustomerSummary, summarizeCustomers } from '../summary/customer-summary';
import { type Transaction } from '../transactions/transaction';
import { type CustomerScore } from './customer-score';
import { scoreCustomer } from './score-customer';
import { type ScoringParameters } from './scoring-parameters';

// Code-unit order, not localeCompare: the same on every machine and locale, and fast.
function byCustomerId(a: CustomerSummary, b: CustomerSummary): number {
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}

/**
 * Scores summaries already computed at one as-of day, sorted by customerId. For callers that
 * also fit on the same summaries (the CLI), so the log is summarised once.
 */
export function scoreSummaries(summaries: readonly CustomerSummary[], params: ScoringParameters): CustomerScore[] {
  return [...summaries].sort(byCustomerId).map((summary) => scoreCustomer(summary, params));
}

/**
 * Summarises a transaction log at `asOf` in the parameters' time unit and scores every customer
 * with a purchase by then, sorted by customerId.
 */
export function scoreCustomers(
  transactions: readonly Transaction[],
  asOf: number,
  params: ScoringParameters,
): CustomerScore[] {
  return scoreSummaries(summarizeCustomers(transactions, { asOf, timeUnit: params.timeUnit }), params);
}
