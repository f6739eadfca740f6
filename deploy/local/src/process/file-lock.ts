import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sleep } from '../wait';
import { isAlive } from './process-control';
import { readPidfile } from './pidfile';

/** A lock file younger than this with no pid in it yet is being written, not abandoned. */
const UNWRITTEN_LOCK_GRACE_MS = 5000;

/**
 * Runs `fn` while holding an exclusive lock file, so two launchers (two `up`s, parallel Jest
 * workers) cannot both start the same broker. A lock whose owner died is taken over.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, timeoutMs = 180_000): Promise<T> {
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!(await tryAcquire(lockFile))) {
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${lockFile} (held by pid ${await readPidfile(lockFile)})`,
      );
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

async function tryAcquire(lockFile: string): Promise<boolean> {
  try {
    await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (await isAbandoned(lockFile)) await fs.rm(lockFile, { force: true });
  return false;
}

async function isAbandoned(lockFile: string): Promise<boolean> {
  const owner = await readPidfile(lockFile);
  if (owner !== undefined) return !isAlive(owner);
  try {
    const { mtimeMs } = await fs.stat(lockFile);
    return Date.now() - mtimeMs > UNWRITTEN_LOCK_GRACE_MS;
  } catch {
    return false; // released in the meantime: the next attempt will take it
  }
}
