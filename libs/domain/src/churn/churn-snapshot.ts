import { type BgNbdParams, fitBgNbd } from '../models/bg-nbd';
import { summarizeCustomers } from '../summary/customer-summary';
import { type TimeUnit } from '../time/time-unit';
import { type Transaction } from '../transactions/transaction';
import { type ChurnFeatures, churnFeatures } from './churn-features';
import { churnLabel } from './churn-label';
import { type InteractionSignals } from './interaction-signals';

export interface ChurnSnapshotOptions {
  readonly asOf: number;
  readonly timeUnit: TimeUnit;
  /** Prediction horizon of the BG/NBD features. */
  readonly horizonDays: number;
  /** Days after the as-of day the labels look at; horizonDays when absent. */
  readonly labelDays?: number;
  /** Parameters to score with; fitted on the history up to the as-of day when absent. */
  readonly bgNbd?: BgNbdParams;
  readonly signals?: ReadonlyMap<string, InteractionSignals>;
}

export interface ChurnSnapshot {
  readonly asOf: number;
  readonly bgNbd: BgNbdParams;
  /** One row per customer with a purchase by the as-of day, sorted by customerId. */
  readonly features: ChurnFeatures[];
  /**
   * churnLabel over labelDays from the same log; only meaningful when the log covers the whole
   * horizon (training and back-testing), never read when scoring.
   */
  readonly labels: Array<0 | 1>;
}

/**
 * Features (and labels) of every customer at one as-of day: the one place where a population
 * becomes model rows, for training, evaluation and scoring alike.
 */
export function churnSnapshot(transactions: readonly Transaction[], options: ChurnSnapshotOptions): ChurnSnapshot {
  const byCustomer = new Map<string, Transaction[]>();
  for (const t of transactions) {
    const list = byCustomer.get(t.customerId);
    if (list === undefined) byCustomer.set(t.customerId, [t]);
    else list.push(t);
  }
  const bgNbd =
    options.bgNbd ??
    fitBgNbd(summarizeCustomers(transactions, { asOf: options.asOf, timeUnit: options.timeUnit })).params;
  const features: ChurnFeatures[] = [];
  const labels: Array<0 | 1> = [];
  for (const customerId of [...byCustomer.keys()].sort()) {
    const history = byCustomer.get(customerId) ?? [];
    const row = churnFeatures(
      customerId,
      history,
      { asOf: options.asOf, bgNbd, timeUnit: options.timeUnit, horizonDays: options.horizonDays },
      options.signals?.get(customerId),
    );
    if (row === undefined) continue;
    features.push(row);
    labels.push(churnLabel(history, options.asOf, options.labelDays ?? options.horizonDays));
  }
  return { asOf: options.asOf, bgNbd, features, labels };
}
