import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** Where benchmark results go (gitignored): one JSON file per run, named by bench and time. */
const RESULTS_DIR = join(__dirname, '..', '..', '..', '.bench');

export function saveReport(bench: string, results: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${bench}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(file, JSON.stringify({ bench, at: new Date().toISOString(), machine, ...results }, null, 2) + '\n');
  return file;
}

export function printTable(rows: Record<string, string | number>[]): void {
  console.table(rows);
}

export const round = (value: number, digits = 0): number => Math.round(value * 10 ** digits) / 10 ** digits;
