/** A real dependency of the service (broker, database, cache) that readiness must check. */
export interface HealthIndicator {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string; latencyMs: number }>;
}

/** Runs every check concurrently, each bounded by a timeout, so one hung dependency cannot hang /health/ready. */
export async function checkReadiness(indicators: readonly HealthIndicator[], timeoutMs = 2_000): Promise<ReadinessReport> {
  const entries = await Promise.all(
    indicators.map(async (indicator) => {
      const started = performance.now();
      try {
        await withTimeout(indicator.check(), timeoutMs, `${indicator.name} check timed out after ${timeoutMs} ms`);
        return [indicator.name, { status: 'up' as const, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [indicator.name, { status: 'down' as const, error: message, latencyMs: Math.round(performance.now() - started) }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, c]) => c.status === 'up') ? 'ready' : 'not_ready', checks };
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
