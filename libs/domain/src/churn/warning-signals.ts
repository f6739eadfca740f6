import { type ChurnFeatures } from './churn-features';

/** The documented early-warning signals (domain.md section 2); the same names as ChurnPredictionV1's. */
export type WarningSignalName =
  | 'long-gap'
  | 'order-drop'
  | 'spend-decline'
  | 'few-purchases'
  | 'complaint-without-repurchase'
  | 'unresolved-complaint'
  | 'nps-detractor'
  | 'low-satisfaction'
  | 'engagement-drop'
  | 'refunds';

/** Silence this many times the customer's own rhythm is a lengthening interval. */
export const LONG_GAP_RATIO = 2;
/** Without a rhythm yet (one purchase day), silence this long is the documents' 90-day rule. */
export const LONG_GAP_DAYS_WITHOUT_RHYTHM = 90;
/** "Customers with 3 or fewer purchases are the majority of churners." */
export const FEW_PURCHASE_DAYS = 3;
/** Average order value falling by more than this (later half vs earlier half of the orders). */
export const SPEND_DECLINE = 0.15;

/** The warning signals that hold for a customer's features, in the contract's order. */
export function warningSignals(f: ChurnFeatures): WarningSignalName[] {
  const holds: Array<[WarningSignalName, boolean]> = [
    ['long-gap', f.meanIntervalDays > 0 ? f.gapRatio >= LONG_GAP_RATIO : f.daysSinceLastPurchase >= LONG_GAP_DAYS_WITHOUT_RHYTHM],
    ['order-drop', f.orderDrop === 1],
    ['spend-decline', f.spendTrend < -SPEND_DECLINE],
    ['few-purchases', f.frequency + 1 <= FEW_PURCHASE_DAYS],
    ['complaint-without-repurchase', f.complaintWithoutRepurchase === 1],
    ['unresolved-complaint', f.unresolvedComplaints > 0],
    ['nps-detractor', f.npsDetractor === 1],
    ['low-satisfaction', f.lowSatisfaction === 1],
    ['engagement-drop', f.engagementDrop === 1],
    ['refunds', f.refundCount > 0],
  ];
  return holds.filter(([, hold]) => hold).map(([name]) => name);
}
