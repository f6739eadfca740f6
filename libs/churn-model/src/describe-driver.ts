import { type ChurnFeatureName, type ChurnFeatures, type TimeUnit } from '@churn/domain';

export interface DescribeContext {
  readonly horizonDays: number;
  /** Unit of recency and T. */
  readonly timeUnit: TimeUnit;
}

const round = (x: number, digits = 0): string => x.toFixed(digits).replace(/\.0+$/, '');
const percent = (x: number): string => `${round(Math.abs(x) * 100)}%`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

// Building a NumberFormat costs far more than using one: one per currency.
const formats = new Map<string, Intl.NumberFormat>();

function money(minor: number, currency: string): string {
  let format = formats.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    formats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function silence(f: ChurnFeatures): string {
  const days = `no purchase for ${plural(f.daysSinceLastPurchase, 'day')}`;
  if (f.meanIntervalDays === 0) return `${days} (a single purchase day so far)`;
  return `${days}, ${round(f.gapRatio, 1)}x the usual gap of ${round(f.meanIntervalDays)} days`;
}

/**
 * One feature of one customer in words an account manager can act on, from the customer's raw
 * values (not the model's transformed inputs).
 */
export function describeDriver(name: ChurnFeatureName, f: ChurnFeatures, context: DescribeContext): string {
  const { horizonDays, timeUnit } = context;
  switch (name) {
    case 'log_days_since_last_purchase':
    case 'log_gap_ratio':
      return silence(f);
    case 'log_frequency':
      return f.frequency === 0 ? 'has bought on one day only' : `bought again on ${plural(f.frequency, 'later day')}`;
    case 'recency_days':
      return f.frequency === 0
        ? 'has bought on one day only'
        : `bought over a span of ${round(f.recency, 1)} ${timeUnit}s`;
    case 'age_days':
      return `customer for ${round(f.T, 1)} ${timeUnit}s`;
    case 'p_alive':
      return `${percent(f.pAlive)} likely to still be an active buyer, by the purchase pattern`;
    case 'log_expected_purchases':
      return `expected to buy about ${round(f.expectedPurchases, 1)} times in the next ${horizonDays} days`;
    case 'p_no_purchase':
      return `${percent(f.pNoPurchase)} chance of no purchase in the next ${horizonDays} days, by the purchase pattern`;
    case 'log_mean_order':
      return `average order of ${money(f.meanOrderMinor, f.currency)}`;
    case 'last_order_vs_average':
    case 'order_drop':
      return `last order ${percent(f.lastOrderVsAverage)} ${f.lastOrderVsAverage < 0 ? 'below' : 'above'} their average`;
    case 'spend_trend':
      return `recent orders ${percent(f.spendTrend)} ${f.spendTrend < 0 ? 'smaller' : 'larger'} than earlier ones`;
    case 'log_mean_interval_days':
      return f.meanIntervalDays === 0 ? 'no buying rhythm yet' : `usually buys every ${round(f.meanIntervalDays)} days`;
    case 'interval_variation':
      return f.intervalVariation > 0.5 ? 'buys at irregular intervals' : 'buys at regular intervals';
    case 'log_refund_count':
    case 'refund_share':
      return `${plural(f.refundCount, 'refund')} (${percent(f.refundShare)} of spend returned)`;
    case 'log_complaints':
    case 'log_unresolved_complaints':
      return `${plural(f.complaints, 'complaint')}, ${f.unresolvedComplaints} unresolved`;
    case 'nps_detractor':
    case 'nps_promoter':
      return f.npsDetractor === 1
        ? 'NPS detractor (scored 0-6)'
        : f.npsPromoter === 1
          ? 'NPS promoter'
          : 'no NPS answer';
    case 'nps_decline':
      return f.npsDecline > 0 ? `NPS fell by ${f.npsDecline} points at the latest survey` : 'NPS did not fall';
    case 'complaint_without_repurchase':
      return f.complaintWithoutRepurchase === 1 ? 'no purchase since a complaint more than 30 days ago' : 'bought again after any complaint';
    case 'low_satisfaction':
      return f.lowSatisfaction === 1 ? 'low satisfaction two weeks in a row' : 'no sustained low satisfaction';
    case 'engagement_change':
    case 'engagement_drop':
      return f.engagementChange < 0
        ? `logins and visits down ${percent(f.engagementChange)} week over week`
        : f.engagementChange > 0
          ? `logins and visits up ${percent(f.engagementChange)} week over week`
          : 'steady logins and visits';
  }
}
