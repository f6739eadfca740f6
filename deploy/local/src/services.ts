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
  /**
   * Node/V8 flags the service runs with everywhere (docker-compose.yml and the Helm values set the
   * same through NODE_OPTIONS).
   */
  readonly nodeArgs?: readonly string[];
}

/**
 * A young generation of 64 MB semi-spaces instead of V8's 16 MB: ingestion allocates about 15 KB
 * per event, so at 25,000 events/s the default scavenged 26 times a second, promoting about 1 MB
 * each time. With 64 MB it scavenged 11 times a second, and throughput rose 5% against the default
 * in the same run (README, Benchmarks). It costs up to 96 MB more memory.
 */
const THROUGHPUT_YOUNG_GENERATION = ['--max-semi-space-size=64'];

export const services: readonly ServiceSpec[] = [
  { name: 'ingestion', entry: 'services/ingestion/dist/main.js', port: 3001, nodeArgs: THROUGHPUT_YOUNG_GENERATION },
  { name: 'scoring', entry: 'services/scoring/dist/main.js', port: 3002 },
  { name: 'churn-prediction', entry: 'services/churn-prediction/dist/main.js', port: 3003 },
  { name: 'alerting', entry: 'services/alerting/dist/main.js', port: 3004 },
  { name: 'loyalty-ledger', entry: 'services/loyalty-ledger/dist/main.js', port: 3005 },
  { name: 'gateway', entry: 'services/gateway/dist/main.js', port: 3000 },
];
