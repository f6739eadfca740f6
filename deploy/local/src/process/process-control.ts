import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '../wait';

/** True when a process with this pid exists and we may signal it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `pid` is alive and is the process we started: its command line contains `marker`
 * (a path unique to it). A pidfile can outlive its process (reboot, SIGKILL) and the pid be reused
 * by something else, which we must neither reuse nor kill. Without /proc (macOS) liveness is all we
 * can check. An exited child not yet reaped has an empty command line, so it counts as gone.
 */
export async function isOurProcess(pid: number, marker: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0').some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** SIGTERM, wait up to `timeoutMs` for a clean exit, then SIGKILL. */
export async function stopProcess(pid: number, marker: string, timeoutMs: number): Promise<StopOutcome> {
  if (!(await isOurProcess(pid, marker))) return 'not-running';
  const gone = async (): Promise<boolean> => !(await isOurProcess(pid, marker));
  process.kill(pid, 'SIGTERM');
  if (await waitFor(gone, { timeoutMs, intervalMs: 200 })) return 'terminated';
  process.kill(pid, 'SIGKILL');
  await waitFor(gone, { timeoutMs: 5000, intervalMs: 100 });
  return 'killed';
}

export interface DetachedProcess {
  readonly pid: number;
  /** Set once the process has exited, e.g. "exit code 1"; lets readiness waits fail fast. */
  exitStatus(): string | undefined;
}

export interface SpawnDetachedOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** stdout and stderr go here (truncated first, so a failure tail shows this run only). */
  readonly logFile: string;
}

/**
 * Starts a process that outlives the launcher: its own process group (so Ctrl-C on `up` does not
 * reach it), no stdio tied to our terminal, and not keeping our event loop alive.
 */
export async function spawnDetached(
  command: string,
  args: readonly string[],
  options: SpawnDetachedOptions,
): Promise<DetachedProcess> {
  await fs.mkdir(path.dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'w');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined) {
      const [error] = (await once(child, 'error')) as [Error];
      throw new Error(`cannot start ${command}: ${error.message}`);
    }
    let exitStatus: string | undefined;
    child.once('exit', (code, signal) => {
      exitStatus = signal ? `killed by ${signal}` : `exit code ${code}`;
    });
    child.unref();
    return { pid: child.pid, exitStatus: () => exitStatus };
  } finally {
    closeSync(log);
  }
}
