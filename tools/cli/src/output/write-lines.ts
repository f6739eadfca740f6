import { once } from 'node:events';
import { type Writable } from 'node:stream';
import { CliError, ExitCode } from '../exit-codes';

const LINES_PER_CHUNK = 1_000;

// A reader that went away (`churn score | head`) destroys the stream: 'drain' would never come.
async function drained(out: Writable): Promise<void> {
  const closed = (): CliError => new CliError('the output was closed before every row was written', ExitCode.badInput);
  if (out.destroyed) throw closed();
  const stop = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: stop.signal }), once(out, 'close', { signal: stop.signal })]);
  } catch {
    // EPIPE and the like: the reader is gone, which is all the user needs to know.
    throw closed();
  } finally {
    stop.abort();
  }
  if (out.destroyed) throw closed();
}

/**
 * Writes lines in chunks of a thousand (one write call per line costs more than the formatting)
 * and waits for 'drain' when the destination is full, so memory stays flat whatever the count.
 */
export async function writeLines(
  out: Writable,
  count: number,
  line: (index: number) => string,
  onProgress: (written: number) => void,
): Promise<void> {
  for (let start = 0; start < count; start += LINES_PER_CHUNK) {
    const end = Math.min(count, start + LINES_PER_CHUNK);
    let chunk = '';
    for (let i = start; i < end; i++) chunk += `${line(i)}\n`;
    if (!out.write(chunk)) await drained(out);
    onProgress(end);
  }
}
