import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

/** Polls `probe` until it returns true; false when the timeout passes first. */
export async function waitFor(
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 250 }: WaitOptions,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
