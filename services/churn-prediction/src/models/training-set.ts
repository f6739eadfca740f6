import {
  type BgNbdParams,
  type ChurnSnapshot,
  type Interaction,
  type InteractionSignals,
  MS_PER_DAY,
  type Transaction,
  churnSnapshot,
  interactionSignals,
  trainingWindow,
  utcDayIndex,
} from '@churn/domain';

export interface ExampleWindow {
  asOf: number;
  labelDays: number;
  horizonDays: number;
  /** Fitted on the history up to asOf when absent. */
  bgNbd?: BgNbdParams;
}

/** Features at the window's as-of day (with the interaction signals known then) and labels over its label days. */
export function examplesAt(transactions: readonly Transaction[], interactions: ReadonlyMap<string, readonly Interaction[]>, window: ExampleWindow): ChurnSnapshot {
  const asOfDay = utcDayIndex(window.asOf);
  const lastPurchase = new Map<string, number>();
  for (const t of transactions) {
    if (t.type === 'purchase' && utcDayIndex(t.occurredAt) <= asOfDay) lastPurchase.set(t.customerId, Math.max(lastPurchase.get(t.customerId) ?? -Infinity, t.occurredAt));
  }
  const endOfAsOfDay = (asOfDay + 1) * MS_PER_DAY - 1;
  const signals = new Map<string, InteractionSignals>();
  for (const [customerId, list] of interactions) signals.set(customerId, interactionSignals(list, endOfAsOfDay, lastPurchase.get(customerId)));
  return churnSnapshot(transactions, {
    asOf: window.asOf,
    timeUnit: 'week',
    horizonDays: window.horizonDays,
    labelDays: window.labelDays,
    signals,
    ...(window.bgNbd ? { bgNbd: window.bgNbd } : {}),
  });
}

/**
 * Training examples from the whole history known now, on a time split (trainingWindow): features
 * at an earlier as-of day, labels from the days after it. Throws a RangeError when the history is
 * too short or cannot be fitted.
 */
export function trainingSet(
  transactions: readonly Transaction[],
  interactions: ReadonlyMap<string, readonly Interaction[]>,
  now: number,
  horizonDays: number,
): { snapshot: ChurnSnapshot; labelDays: number; known: Transaction[] } {
  const nowDay = utcDayIndex(now);
  const known = transactions.filter((t) => utcDayIndex(t.occurredAt) <= nowDay);
  if (known.length === 0) throw new RangeError('no purchase history to train on');
  const first = known.reduce((min, t) => Math.min(min, t.occurredAt), Infinity);
  const window = trainingWindow(first, now, horizonDays);
  return { snapshot: examplesAt(known, interactions, { ...window, horizonDays }), labelDays: window.labelDays, known };
}
