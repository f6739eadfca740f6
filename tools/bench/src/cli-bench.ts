/**
 * `churn fit` + `churn score` on the CDNOW sample and on a synthetic 1,000,000-transaction
 * history of 100,000 customers, against a baseline measured in the same run: reading and parsing
 * the same CSV with csv-parse, no modelling. Every measurement is its own child process, so the
 * peak RSS it reports at exit (VmHWM on Linux) belongs to that run alone.
 * Prints a table and writes .bench/cli-*.json.
 *
 *   npm run bench:cli                 # one run of each
 *   BENCH_RUNS=3 npm run bench:cli    # median of three
 */
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { printTable, round, saveReport } from './bench-report';
import { DEFAULT_HISTORY, ensureSyntheticHistory } from './synthetic-history';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CLI_MAIN = join(REPO_ROOT, 'tools', 'cli', 'dist', 'main.js');
const CDNOW =
  process.env['CDNOW_SAMPLE_PATH'] ?? resolve(REPO_ROOT, '..', 'shared', 'datasets', 'cdnow', 'cdnow_sample.csv');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 1);
const TARGET_SECONDS = 30;
/** The child reports its peak RSS on this extra pipe, leaving stdout and stderr to the command. */
const REPORT_FD = 3;

interface Dataset {
  name: string;
  file: string;
  /** Calibration end for fit and as-of for score: the last day of the data. */
  asOf: string;
}

interface Measurement {
  seconds: number;
  peakMb: number;
}

/**
 * Peak RSS of this process in KiB. On Linux getrusage's maxRSS survives exec, so a child starts
 * with its parent's peak (the generator's hundreds of MB): /proc's VmHWM belongs to this
 * process image alone. Elsewhere maxRSS is the best there is.
 */
function peakRssKiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** Child side: run one step, then report the peak RSS (KiB) on REPORT_FD when the process exits. */
async function child(step: string, args: string[]): Promise<void> {
  process.on('exit', () => writeSync(REPORT_FD, `${peakRssKiB()}\n`));
  if (step === 'parse') {
    let records = 0;
    await pipeline(
      createReadStream(args[0]),
      parse({ bom: true, skip_empty_lines: true }),
      async (rows: AsyncIterable<unknown>) => {
        for await (const _ of rows) records += 1;
      },
    );
    process.stdout.write(`${records}\n`);
    return;
  }
  // The CLI reads its arguments from process.argv when its main module loads.
  process.argv = [process.argv[0], CLI_MAIN, ...args];
  await import(CLI_MAIN);
}

/** Parent side: wall time of a child running `step`, and the peak RSS it reported. */
function measureOnce(step: string, args: string[]): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [__filename, '--child', step, ...args], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let report = '';
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdio[REPORT_FD]?.on('data', (chunk: Buffer) => (report += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${step} ${args.join(' ')} exited with ${code}:\n${stderr}`));
      else resolvePromise({ seconds, peakMb: Number(report.trim()) / 1024 });
    });
  });
}

async function measure(step: string, args: string[]): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(step, args));
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { seconds: median(runs.map((r) => r.seconds)), peakMb: median(runs.map((r) => r.peakMb)) };
}

async function benchDataset(dataset: Dataset): Promise<Record<string, unknown>> {
  console.log(`${dataset.name}: parse-only baseline, churn fit, churn score (${RUNS} run${RUNS > 1 ? 's' : ''} each)`);
  const baseline = await measure('parse', [dataset.file]);
  const fit = await measure('cli', ['fit', '--input', dataset.file, '--calibration-end', dataset.asOf]);
  const out = join(REPO_ROOT, '.bench', `cli-scores-${dataset.name}.csv`);
  const score = await measure('cli', ['score', '--input', dataset.file, '--as-of', dataset.asOf, '--out', out]);
  const both = { seconds: fit.seconds + score.seconds, peakMb: Math.max(fit.peakMb, score.peakMb) };
  const row = (step: string, m: Measurement): Record<string, string | number> => ({
    dataset: dataset.name,
    step,
    seconds: round(m.seconds, 2),
    'peak MB': round(m.peakMb),
    'time ratio': round(m.seconds / baseline.seconds, 1),
    'memory ratio': round(m.peakMb / baseline.peakMb, 1),
  });
  printTable([
    row('parse only (baseline)', baseline),
    row('churn fit', fit),
    row('churn score', score),
    row('fit + score', both),
  ]);
  const ratios = (m: Measurement): Record<string, number> => ({
    seconds: round(m.seconds, 2),
    peakMb: round(m.peakMb),
    timeRatio: round(m.seconds / baseline.seconds, 2),
    memoryRatio: round(m.peakMb / baseline.peakMb, 2),
  });
  return {
    file: dataset.file,
    asOf: dataset.asOf,
    baseline: ratios(baseline),
    fit: ratios(fit),
    score: ratios(score),
    fitPlusScore: ratios(both),
  };
}

async function main(): Promise<void> {
  const history = ensureSyntheticHistory(
    join(
      REPO_ROOT,
      '.bench',
      `synthetic-history-${DEFAULT_HISTORY.customers}c-${DEFAULT_HISTORY.transactions}t-seed${DEFAULT_HISTORY.seed}.csv`,
    ),
  );
  const lastDay = new Date(DEFAULT_HISTORY.start + (DEFAULT_HISTORY.days - 1) * 86_400_000).toISOString().slice(0, 10);
  const cdnow = await benchDataset({ name: 'cdnow', file: CDNOW, asOf: '1997-09-30' });
  const large = await benchDataset({ name: 'synthetic-1m', file: history, asOf: lastDay });
  const largeSeconds = (large['fitPlusScore'] as { seconds: number }).seconds;
  console.log(
    `1M transactions, fit + score: ${round(largeSeconds, 1)} s (target < ${TARGET_SECONDS} s: ${largeSeconds < TARGET_SECONDS ? 'met' : 'MISSED'})`,
  );
  console.log(
    `saved ${saveReport('cli', { runs: RUNS, history: DEFAULT_HISTORY, cdnow, synthetic1m: large, targetSeconds: TARGET_SECONDS })}`,
  );
}

const childIndex = process.argv.indexOf('--child');
(childIndex >= 0 ? child(process.argv[childIndex + 1], process.argv.slice(childIndex + 2)) : main()).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
