import { promises as fs } from 'node:fs';

const TAIL_BYTES = 64 * 1024;

/** The last `lines` lines of a log file, for failure messages; empty when the file does not exist. */
export async function tailFile(file: string, lines = 40): Promise<string> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
