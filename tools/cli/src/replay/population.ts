import { type InteractionEventV1, type PurchaseEventV1, Topics, formatMinorAsAmount } from '@churn/contracts';
import { MS_PER_DAY, seededRandom } from '@churn/domain';
import { type RawEvent, inTimeOrder } from './raw-event';

export interface PopulationOptions {
  readonly customers: number;
  /** Length of the simulated window, ending at `endAt`. */
  readonly days: number;
  readonly endAt: number;
  readonly seed: number;
  /** Prefix of event, order and customer ids: the same options give the same ids. */
  readonly runId: string;
  readonly currency: string;
}

/**
 * Shares that shape the simulated base. Roughly half of the customers stop buying for good
 * (churners), the rest keep their own rhythm; churners complain and rate low more often before
 * they go, which is what the churn model and the alert rules are meant to pick up.
 */
const CHURNER_SHARE = 0.5;
const REFUND_SHARE = 0.03;
const PARTIAL_REFUND_SHARE = 0.4;
const REVIEW_SHARE = 0.08;
const REFERRAL_SHARE = 0.03;
const NPS_SHARE = 0.25;
const COMPLAINT_SHARE = { churner: 0.4, loyal: 0.05 };
const CHANNELS = ['online', 'store', 'app', 'partner'] as const;

/** Log-normal with the given median: purchase rhythms and basket sizes vary over decades. */
function logNormal(random: () => number, median: number, sigma: number): number {
  const u = 1 - random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
}

function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}

interface Customer {
  readonly id: string;
  readonly random: () => number;
  readonly start: number;
  readonly events: RawEvent[];
}

/**
 * A seeded population of customers with realistic purchase histories for replay and load tests:
 * customers join during the first two thirds of the window, buy at their own mean gap (days to
 * months) and basket size, churners stop at some point and often complain first, a few purchases
 * are refunded (in full or in part, naming the order), and reviews, referrals and NPS answers
 * arrive as interactions. Events come oldest first; the same options give the same events.
 */
export function simulatePopulation(options: PopulationOptions): RawEvent[] {
  const random = seededRandom(options.seed);
  const start = options.endAt - options.days * MS_PER_DAY;
  const events: RawEvent[] = [];
  for (let n = 0; n < options.customers; n += 1) {
    const customer: Customer = { id: `${options.runId}-c${n}`, random, start, events };
    simulateCustomer(customer, options);
  }
  return inTimeOrder(events);
}

function simulateCustomer(customer: Customer, options: PopulationOptions): void {
  const { random } = customer;
  const end = options.endAt;
  const joinedAt = customer.start + random() * (2 / 3) * options.days * MS_PER_DAY;
  const churner = random() < CHURNER_SHARE;
  const leavesAt = churner ? joinedAt + random() * (end - joinedAt) : end;
  const meanGapMs = Math.min(180, Math.max(2, logNormal(random, 25, 0.8))) * MS_PER_DAY;
  const basketMinor = Math.max(100, logNormal(random, 4_500, 0.6));

  let purchases = 0;
  for (let at = joinedAt; at < leavesAt; at += Math.max(MS_PER_DAY / 2, exponential(random, meanGapMs))) {
    const amountMinor = Math.max(50, Math.round(basketMinor * (0.5 + random())));
    const orderId = `${customer.id}-o${purchases}`;
    purchase(customer, at, { type: 'purchase', orderId, amountMinor, currency: options.currency, sequence: purchases });
    if (random() < REFUND_SHARE) {
      const refundAt = at + (1 + random() * 13) * MS_PER_DAY;
      const refundMinor = random() < PARTIAL_REFUND_SHARE ? Math.max(1, Math.floor(amountMinor / 2)) : amountMinor;
      if (refundAt < end)
        purchase(customer, refundAt, {
          type: 'refund',
          orderId,
          amountMinor: refundMinor,
          currency: options.currency,
          sequence: purchases,
        });
    }
    if (random() < REVIEW_SHARE)
      interaction(customer, at + random() * 7 * MS_PER_DAY, 'review', end, 1 + Math.floor(random() * 5));
    purchases += 1;
  }
  if (random() < REFERRAL_SHARE) interaction(customer, joinedAt + random() * (leavesAt - joinedAt), 'referral', end);
  if (random() < (churner ? COMPLAINT_SHARE.churner : COMPLAINT_SHARE.loyal)) {
    // A churner's complaint comes in the month before they stop buying.
    const complainedAt = churner
      ? Math.max(joinedAt, leavesAt - random() * 30 * MS_PER_DAY)
      : joinedAt + random() * (end - joinedAt);
    interaction(customer, complainedAt, 'complaint', end);
  }
  if (random() < NPS_SHARE) {
    const score = churner ? Math.floor(random() * 7) : 6 + Math.floor(random() * 5);
    interaction(customer, joinedAt + random() * (leavesAt - joinedAt), 'nps', end, score);
  }
}

interface PurchaseSpec {
  type: PurchaseEventV1['type'];
  orderId: string;
  amountMinor: number;
  currency: string;
  sequence: number;
}

function purchase(customer: Customer, at: number, spec: PurchaseSpec): void {
  const occurredAt = Math.round(at);
  customer.events.push({
    topic: Topics.purchasesRaw,
    occurredAt,
    value: {
      eventId: `${spec.orderId}-${spec.type === 'purchase' ? 'p' : 'r'}`,
      type: spec.type,
      customerId: customer.id,
      orderId: spec.orderId,
      occurredAt: new Date(occurredAt).toISOString(),
      amount: formatMinorAsAmount(spec.amountMinor, spec.currency),
      currency: spec.currency,
      channel: CHANNELS[spec.sequence % CHANNELS.length],
    },
  });
}

function interaction(
  customer: Customer,
  at: number,
  kind: InteractionEventV1['kind'],
  end: number,
  score?: number,
): void {
  if (at >= end) return;
  const occurredAt = Math.round(at);
  const sequence = customer.events.length;
  customer.events.push({
    topic: Topics.interactionsRaw,
    occurredAt,
    value: {
      eventId: `${customer.id}-i${sequence}`,
      customerId: customer.id,
      occurredAt: new Date(occurredAt).toISOString(),
      kind,
      ...(score === undefined ? {} : { score }),
    },
  });
}
