import { existsSync } from 'node:fs';
import path from 'node:path';
import { tailFile } from '../log-tail';
import { isPortOpen } from '../net';
import { repoRoot } from '../paths';
import { readPidfile, removePidfile, writePidfile } from '../process/pidfile';
import { isOurProcess, spawnDetached, stopProcess, type StopOutcome } from '../process/process-control';
import type { ServiceSpec } from '../services';
import { logFilePath, pidfilePath, stackLayout, type StackLayout } from '../stack-layout';
import { sleep } from '../wait';
import { buildServiceEnv, type StackEndpoints } from './service-env';

export interface ServiceRunOptions {
  readonly stateDir?: string;
  /** How long to wait for /health/ready; default 60 s. */
  readonly readyTimeoutMs?: number;
}

export type ServiceUpResult =
  | { readonly state: 'started' | 'reused'; readonly pid: number; readonly url: string; readonly logFile: string }
  | { readonly state: 'not-built'; readonly entry: string };

export type ServiceStatus =
  | { readonly state: 'ready' | 'unhealthy'; readonly pid: number; readonly url: string }
  | { readonly state: 'stopped' | 'not-built' };

/**
 * Starts the service as a detached `node [flags] <entry>` with the stack's env, unless the one started
 * earlier is still running, and waits until it reports ready.
 */
export async function ensureService(
  service: ServiceSpec,
  endpoints: StackEndpoints,
  options: ServiceRunOptions = {},
): Promise<ServiceUpResult> {
  const layout = stackLayout(options.stateDir);
  const entry = path.join(repoRoot, service.entry);
  if (!existsSync(entry)) return { state: 'not-built', entry: service.entry };
  const url = `http://127.0.0.1:${service.port}`;
  const logFile = logFilePath(layout, service.name);
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;

  const runningPid = await runningServicePid(service, layout);
  if (runningPid !== undefined) {
    await waitUntilReady(service, readyTimeoutMs, logFile);
    return { state: 'reused', pid: runningPid, url, logFile };
  }
  if (await isPortOpen('127.0.0.1', service.port)) {
    throw new Error(`${service.name}: port ${service.port} is already in use by a process the launcher did not start`);
  }
  const child = await spawnDetached(process.execPath, [...(service.nodeArgs ?? []), entry], {
    cwd: repoRoot,
    env: buildServiceEnv(service, endpoints),
    logFile,
  });
  await writePidfile(pidfilePath(layout, service.name), child.pid);
  try {
    await waitUntilReady(service, readyTimeoutMs, logFile, child.exitStatus);
  } catch (error) {
    await stopProcess(child.pid, entry, 5000);
    await removePidfile(pidfilePath(layout, service.name));
    throw error;
  }
  return { state: 'started', pid: child.pid, url, logFile };
}

export async function stopService(
  service: ServiceSpec,
  options: { readonly stateDir?: string; readonly timeoutMs?: number } = {},
): Promise<StopOutcome> {
  const pidfile = pidfilePath(stackLayout(options.stateDir), service.name);
  const pid = await readPidfile(pidfile);
  const outcome =
    pid === undefined
      ? 'not-running'
      : await stopProcess(pid, path.join(repoRoot, service.entry), options.timeoutMs ?? 15_000);
  await removePidfile(pidfile);
  return outcome;
}

export async function serviceStatus(
  service: ServiceSpec,
  options: { readonly stateDir?: string } = {},
): Promise<ServiceStatus> {
  const pid = await runningServicePid(service, stackLayout(options.stateDir));
  if (pid === undefined) return { state: existsSync(path.join(repoRoot, service.entry)) ? 'stopped' : 'not-built' };
  return {
    state: (await isServiceReady(service)) ? 'ready' : 'unhealthy',
    pid,
    url: `http://127.0.0.1:${service.port}`,
  };
}

export async function isServiceReady(service: ServiceSpec): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** The entry's absolute path is in the service's command line, so it identifies our process. */
async function runningServicePid(service: ServiceSpec, layout: StackLayout): Promise<number | undefined> {
  const pid = await readPidfile(pidfilePath(layout, service.name));
  return pid !== undefined && (await isOurProcess(pid, path.join(repoRoot, service.entry))) ? pid : undefined;
}

async function waitUntilReady(
  service: ServiceSpec,
  timeoutMs: number,
  logFile: string,
  exitStatus?: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isServiceReady(service)) return;
    const exited = exitStatus?.();
    if (exited !== undefined || Date.now() >= deadline) {
      const reason = exited !== undefined ? `exited (${exited})` : `was not ready within ${timeoutMs} ms`;
      throw new Error(
        `${service.name} ${reason}; GET http://127.0.0.1:${service.port}/health/ready never answered 200.\n--- ${logFile} (tail) ---\n${await tailFile(logFile)}`,
      );
    }
    await sleep(500);
  }
}
