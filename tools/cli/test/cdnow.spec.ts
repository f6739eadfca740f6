/**
 * `churn fit` and `churn score` on the CDNOW sample, in-process, against the published values
 * (/work/shared/datasets/cdnow/README.md) and against the domain's own scoring composition.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CustomerScore, fitScoringParameters, scoreCustomers, summarizeCustomers } from '@churn/domain';
import {
  CDNOW_CALIBRATION_END,
  CDNOW_SAMPLE_PATH,
  loadCdnowTransactions,
} from '../../../libs/domain/test/cdnow-loader';
import { ExitCode, run } from '../src/run';
import { SCORE_CSV_HEADER } from '../src/output/score-format';
import { memoryIo } from './memory-io';

function expectSignificant(actual: number, published: number, digits: number): void {
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(published))) - digits + 1);
  expect(Math.abs(actual - published)).toBeLessThanOrEqual(unit / 2);
}

describe('churn fit on CDNOW', () => {
  it('prints the published BG/NBD, Pareto/NBD and Gamma-Gamma parameters', async () => {
    const io = memoryIo();
    const code = await run(['fit', '--input', CDNOW_SAMPLE_PATH, '--calibration-end', '1997-09-30'], io);
    expect(code).toBe(ExitCode.ok);
    const fit = JSON.parse(io.out());
    for (const [name, value] of Object.entries({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 })) {
      expectSignificant(fit.bgNbd[name], value, 3);
    }
    for (const [name, value] of Object.entries({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 })) {
      expectSignificant(fit.paretoNbd[name], value, 3);
    }
    expectSignificant(fit.gammaGamma.p, 6.25, 3);
    expectSignificant(fit.gammaGamma.q, 3.74, 3);
    expectSignificant(fit.gammaGamma.v / 100, 15.44, 3); // printed in cents
    expect(fit.bgNbd.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit).toMatchObject({ customers: 2357, repeatCustomers: 946, currency: 'USD', skippedRows: 0 });
    expect(fit.gammaGamma.customers).toBe(946);
    // Every one of the 6,919 transactions is either in the calibration window or reported as after it.
    const ignored = Number(/(\d+) transactions after 1997-09-30 ignored/.exec(io.err())?.[1]);
    expect(fit.transactions + ignored).toBe(6919);
  });
});

describe('churn score on CDNOW', () => {
  const dir = mkdtempSync(join(tmpdir(), 'churn-cli-'));

  it('writes the rows the domain scoring composition computes, sorted by customerId', async () => {
    const out = join(dir, 'scores.jsonl');
    const io = memoryIo();
    const args = ['score', '--input', CDNOW_SAMPLE_PATH, '--as-of', '1997-09-30', '--format', 'jsonl', '--out', out];
    expect(await run(args, io)).toBe(ExitCode.ok);
    expect(io.out()).toBe('');
    const rows: CustomerScore[] = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

    const transactions = loadCdnowTransactions();
    const summaries = summarizeCustomers(transactions, { asOf: CDNOW_CALIBRATION_END, timeUnit: 'week' });
    const params = fitScoringParameters(summaries, { version: 'cli-1997-09-30', fittedAt: 0, timeUnit: 'week' });
    expect(rows).toEqual(scoreCustomers(transactions, CDNOW_CALIBRATION_END, params));
    expect(rows).toHaveLength(2357);
  });

  it('writes one CSV row per customer with the documented columns to stdout', async () => {
    const io = memoryIo();
    expect(await run(['score', '--input', CDNOW_SAMPLE_PATH, '--as-of', '1998-06-30'], io)).toBe(ExitCode.ok);
    const lines = io.out().trim().split('\n');
    expect(lines[0]).toBe(SCORE_CSV_HEADER);
    expect(lines).toHaveLength(1 + 2357);
    const columns = SCORE_CSV_HEADER.split(',');
    const first = Object.fromEntries(lines[1].split(',').map((v, i) => [columns[i], v]));
    const ids = [...new Set(loadCdnowTransactions().map((t) => t.customerId))].sort();
    expect(first['customerId']).toBe(ids[0]);
    expect(first['asOf']).toBe('1998-06-30T00:00:00.000Z');
    expect(Number.isInteger(Number(first['clvMinor']))).toBe(true);
    expect(first['parametersVersion']).toBe('cli-1998-06-30');
  });
});
