import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '../wait';

const execFileAsync = promisify(execFile);

export interface InfraHandle {
  readonly url: string;
  /** True when the launcher had to start the server. */
  readonly startedHere: boolean;
}

export interface LocalServerControl {
  readonly name: string;
  readonly url: string;
  /** A real client round trip (not just a TCP connect), so "up" means "usable". */
  ping(): Promise<boolean>;
  /** The command that starts the machine's server, or why it cannot be started from here. */
  startCommand(): Promise<readonly string[] | string>;
  readonly startTimeoutMs: number;
}

/**
 * Postgres and Redis are machine services the stack shares, not children of the launcher: use the
 * running one, start it only when it is down, and never stop it on `down`.
 */
export async function ensureLocalServer(server: LocalServerControl): Promise<InfraHandle> {
  if (await server.ping()) return { url: server.url, startedHere: false };
  if (!isLoopback(new URL(server.url).hostname)) {
    throw new Error(`${server.name} at ${server.url} is not reachable, and it is not on this machine to start it`);
  }
  const command = await server.startCommand();
  if (typeof command === 'string')
    throw new Error(`${server.name} at ${server.url} is not reachable and cannot be started: ${command}`);
  const [executable, ...args] = command;
  if (executable === undefined) throw new Error(`no start command for ${server.name}`);
  try {
    await execFileAsync(executable, args);
  } catch (error) {
    const { stderr = '', message } = error as Error & { stderr?: string };
    throw new Error(`starting ${server.name} failed: ${message}\n${stderr}`.trimEnd());
  }
  if (!(await waitFor(() => server.ping(), { timeoutMs: server.startTimeoutMs, intervalMs: 500 }))) {
    throw new Error(`${server.name} was started but ${server.url} did not answer within ${server.startTimeoutMs} ms`);
  }
  return { url: server.url, startedHere: true };
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}
