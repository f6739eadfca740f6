import { spawn } from 'node:child_process';
import path from 'node:path';

/** The history every scenario replays: a seeded population ending at a fixed instant, so every run publishes the same events. */
export interface History {
  readonly customers: number;
  readonly seed: number;
  readonly runId: string;
  readonly endAt: string;
  /** Events per second: slow enough that a fault lands in the middle of the replay. */
  readonly rate: number;
}

export interface ReplaySummary {
  readonly events: number;
  readonly purchases: number;
  readonly refunds: number;
  readonly interactions: number;
  readonly seconds: number;
}

const CLI = path.join(__dirname, '..', '..', 'cli', 'dist', 'main.js');

/**
 * `churn replay` as its own process, as upstream systems publish: to purchases.raw.v1 and
 * interactions.raw.v1, riding out broker outages up to `maxOutageSeconds`.
 */
export function replay(
  history: History,
  brokers: readonly string[],
  topicPrefix: string,
  maxOutageSeconds = 120,
): Promise<ReplaySummary> {
  const args = [
    ...['replay', '--generate', String(history.customers), '--seed', String(history.seed)],
    ...['--run-id', history.runId, '--end-at', history.endAt, '--rate', String(history.rate)],
    ...['--brokers', brokers.join(','), '--topic-prefix', topicPrefix, '--max-outage', String(maxOutageSeconds)],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4_000)));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as ReplaySummary)
        : reject(new Error(`churn replay exited with ${code}: ${err}`)),
    );
  });
}
