import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { tailFile } from '../log-tail';
import { freePort } from '../net';
import { repoRoot } from '../paths';
import { services } from '../services';
import { sleep } from '../wait';

export interface ChildServiceOptions {
  /** The service's settings on top of this process's environment (PORT and HOST are set here). */
  readonly env: Record<string, string>;
  /** Where its stdout and stderr go (appended, so a restart keeps the earlier lines). */
  readonly logFile: string;
  /** A fixed port, e.g. to restart an instance where its peers expect it; a free one otherwise. */
  readonly port?: number;
  /** Extra node flags after the service's own (see ServiceSpec.nodeArgs), e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
}

export interface ChildService {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing, as a crash or an OOM kill. */
  kill(): Promise<void>;
}

/**
 * Runs a built service (services/<name>/dist/main.js) as a child of this process, for benchmarks
 * and fault-injection tests that need to own, kill and restart it, and waits until
 * /health/ready answers 200.
 */
export async function startChildService(name: string, options: ChildServiceOptions): Promise<ChildService> {
  const port = options.port ?? (await freePort());
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const entry = path.join(repoRoot, 'services', name, 'dist', 'main.js');
  // The service's own flags first (as the launcher runs it), then the caller's, e.g. --cpu-prof.
  const ownArgs = services.find((service) => service.name === name)?.nodeArgs ?? [];
  const child = spawn(process.execPath, [...ownArgs, ...(options.nodeArgs ?? []), entry], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const signal = async (which: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(which);
    await exited;
  };
  await waitUntilReady(name, url, child, options.logFile, options.readyTimeoutMs ?? 60_000);
  return { name, port, url, process: child, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

async function waitUntilReady(name: string, url: string, child: ChildProcess, logFile: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const reason = exited ? `exited (${child.exitCode ?? child.signalCode})` : `was not ready within ${timeoutMs} ms`;
      throw new Error(`${name} ${reason}.\n--- ${logFile} (tail) ---\n${await tailFile(logFile)}`);
    }
    await sleep(250);
  }
}
