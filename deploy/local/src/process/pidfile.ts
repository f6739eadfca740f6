import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function readPidfile(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export async function writePidfile(file: string, pid: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${pid}\n`);
}

export async function removePidfile(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
