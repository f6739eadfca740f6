import {
  type InteractionV1,
  type PurchaseV1,
  type TimeBounds,
  Topics,
  type ValidationResult,
  normalizeInteraction,
  normalizePurchase,
} from '@churn/contracts';

export type NormalizedEvent = PurchaseV1 | InteractionV1;

/** One kind of upstream event: where it arrives, how it is checked, where it goes. */
export interface EventStream {
  readonly name: 'purchases' | 'interactions';
  readonly rawTopic: string;
  readonly outputTopic: string;
  readonly deadLetterTopic: string;
  normalize(input: unknown, now: Date, bounds: TimeBounds): ValidationResult<NormalizedEvent>;
}

export const PURCHASES: EventStream = {
  name: 'purchases',
  rawTopic: Topics.purchasesRaw,
  outputTopic: Topics.purchases,
  deadLetterTopic: Topics.purchasesDlq,
  normalize: normalizePurchase,
};

export const INTERACTIONS: EventStream = {
  name: 'interactions',
  rawTopic: Topics.interactionsRaw,
  outputTopic: Topics.interactions,
  deadLetterTopic: Topics.interactionsDlq,
  normalize: normalizeInteraction,
};

export const EVENT_STREAMS: readonly EventStream[] = [PURCHASES, INTERACTIONS];
