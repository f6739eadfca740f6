import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ReplaySummary } from './replayer';

/** What `churn replay` prints on stdout: its summary, and the run and topic prefix it published under. */
export interface ReplayReport extends ReplaySummary {
  readonly runId: string;
  readonly topicPrefix: string;
}

// The built CLI, two levels above this file whether it runs from src/ (tests) or dist/.
const CLI_MAIN = path.join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * Runs `churn replay <args>` as its own process, as an upstream system publishes (and so that the
 * load it generates does not share the caller's event loop), and resolves with its report.
 * Its stderr (JSON warnings) goes to the caller's stderr when `showStderr`, otherwise only into
 * the error of a failed run.
 */
export function replayInChildProcess(args: readonly string[], { showStderr = false } = {}): Promise<ReplayReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'replay', ...args], {
      stdio: ['ignore', 'pipe', showStderr ? 'inherit' : 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4_000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as ReplayReport)
        : reject(new Error(`churn replay exited with ${code}${err ? `: ${err}` : ''}`)),
    );
  });
}
