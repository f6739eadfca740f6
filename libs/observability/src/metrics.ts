import { Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per service, with process metrics and a `service` label on everything. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
