/**
 * Alerts of the closed loop sharing a rule reason, an action id, treatment or control, and whether
 * the customer bought again within the window; `alerts` of them (1 for a single alert).
 */
export interface AlertOutcomeRecord {
  reason: string;
  actionId: string;
  controlGroup: boolean;
  retained: boolean;
  alerts?: number;
}

export interface RetentionCell {
  alerts: number;
  retained: number;
  /** retained / alerts; null without alerts. */
  retainedShare: number | null;
}

export interface OutcomeGroup {
  key: string;
  treatment: RetentionCell;
  control: RetentionCell;
  /** Treatment share minus control share (absolute, in share points); null when either side is empty. */
  uplift: number | null;
}

export interface OutcomeReport {
  overall: OutcomeGroup;
  byReason: OutcomeGroup[];
  byAction: OutcomeGroup[];
}

/** Retained share per rule reason and per suggested action, treatment vs control, with the uplift. */
export function outcomeReport(records: readonly AlertOutcomeRecord[]): OutcomeReport {
  return {
    overall: group('all', records),
    byReason: groupBy(records, (r) => r.reason),
    byAction: groupBy(records, (r) => r.actionId),
  };
}

function groupBy(records: readonly AlertOutcomeRecord[], keyOf: (r: AlertOutcomeRecord) => string): OutcomeGroup[] {
  const keys = [...new Set(records.map(keyOf))].sort();
  return keys.map((key) => group(key, records.filter((r) => keyOf(r) === key)));
}

function group(key: string, records: readonly AlertOutcomeRecord[]): OutcomeGroup {
  const treatment = cell(records.filter((r) => !r.controlGroup));
  const control = cell(records.filter((r) => r.controlGroup));
  const uplift = treatment.retainedShare === null || control.retainedShare === null ? null : round4(treatment.retainedShare - control.retainedShare);
  return { key, treatment, control, uplift };
}

function cell(records: readonly AlertOutcomeRecord[]): RetentionCell {
  const count = (rs: readonly AlertOutcomeRecord[]): number => rs.reduce((n, r) => n + (r.alerts ?? 1), 0);
  const alerts = count(records);
  const retained = count(records.filter((r) => r.retained));
  return { alerts, retained, retainedShare: alerts === 0 ? null : round4(retained / alerts) };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
