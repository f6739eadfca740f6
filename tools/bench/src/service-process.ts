import { join } from 'node:path';
import { type ChildService, startChildService } from '@churn/local-stack';

export { freePort } from '@churn/local-stack';
export type RunningService = ChildService;

const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Runs a built service as its own process (as in production, and so that the load generator in
 * this process does not share its event loop), logging to .bench/<name>.log, and waits until
 * it is ready.
 */
export function startService(name: string, env: Record<string, string>): Promise<RunningService> {
  return startChildService(name, {
    env: { LOG_LEVEL: 'warn', ...env },
    logFile: join(REPO_ROOT, '.bench', `${name}.log`),
    // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=.bench/profiles" to profile under load.
    nodeArgs: (process.env['BENCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean),
  });
}
