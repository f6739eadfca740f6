/**
 * The platform services `up` launches, in start order (`down` stops them in reverse). Adding a
 * service is one entry here (and one block in docker-compose.yml).
 */
export interface ServiceSpec {
  readonly name: string;
  /** Built entry point, relative to the repo root. */
  readonly entry: string;
  /** HTTP port; readiness is GET /health/ready on it. */
  readonly port: number;
}

export const services: readonly ServiceSpec[] = [
  { name: 'ingestion', entry: 'services/ingestion/dist/main.js', port: 3001 },
  { name: 'scoring', entry: 'services/scoring/dist/main.js', port: 3002 },
  { name: 'churn-prediction', entry: 'services/churn-prediction/dist/main.js', port: 3003 },
  { name: 'alerting', entry: 'services/alerting/dist/main.js', port: 3004 },
  { name: 'loyalty-ledger', entry: 'services/loyalty-ledger/dist/main.js', port: 3005 },
  { name: 'gateway', entry: 'services/gateway/dist/main.js', port: 3000 },
];
