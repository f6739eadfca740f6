import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, run } from '../src/run';
import { memoryIo } from './memory-io';

const FIXTURE = join(__dirname, 'fixtures', 'bad-rows.csv');
// The fixture marks every malformed row with a last field "bad": the expected line numbers.
const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
const badLines = lines.flatMap((line, i) => (line.endsWith(',bad') ? [i + 1] : []));
const dataRows = lines.length - 1;
// Six customers are too few to fit: score them with the priors.
const args = ['score', '--input', FIXTURE, '--as-of', '2024-06-30', '--priors', '--format', 'jsonl'];

describe('malformed rows', () => {
  it('are reported with their line numbers, counted and skipped', async () => {
    const io = memoryIo();
    expect(await run(args, io)).toBe(ExitCode.ok);
    const reported = [...io.err().matchAll(/bad-rows\.csv:(\d+): /g)].map((m) => Number(m[1]));
    expect(reported).toEqual(badLines);
    expect(io.err()).toContain(`${badLines.length} of ${dataRows} rows skipped as malformed`);
    const scores = io
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(scores.map((s) => s.customerId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('name what is wrong', async () => {
    const io = memoryIo();
    await run(args, io);
    const err = io.err();
    expect(err).toMatch(/:7: amount "12.345" has more than 2 decimals/);
    expect(err).toMatch(/:10: Invalid Record Length/);
    expect(err).toMatch(/:14: currency "XYZ" is not an ISO 4217 currency/);
    expect(err).toMatch(/:15: type "return" is neither purchase nor refund/);
  });

  it('are fatal with --strict: exit 2 and no output', async () => {
    const io = memoryIo();
    expect(await run([...args, '--strict'], io)).toBe(ExitCode.strictFailure);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('--strict');
  });

  it('leave the good rows intact: offsets, refunds by order, default currency', async () => {
    const io = memoryIo();
    await run(args, io);
    const byId = new Map(
      io
        .out()
        .trim()
        .split('\n')
        .map((l) => [JSON.parse(l).customerId, JSON.parse(l)]),
    );
    // a1: 10.00 + 25.50 bought, 5.00 refunded against order o2 (its 2024-02-10 day, +02:00 = 07:30Z).
    expect(byId.get('a1')).toMatchObject({ netSpendMinor: 3050, purchaseCount: 2, monetaryMinor: 2050 });
    expect(byId.get('a1').lastPurchaseAt).toBe(Date.UTC(2024, 1, 10, 7, 30));
    expect(byId.get('a2')).toMatchObject({ currency: 'USD', netSpendMinor: 725 });
  });
});

describe('unusable input', () => {
  it('exits 1 on a missing column, a missing file, mixed currencies and bad options', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'churn-cli-'));
    const noAmount = join(dir, 'no-amount.csv');
    writeFileSync(noAmount, 'customerId,occurredAt,value\nc1,2024-01-01,1.00\n');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'customerId,occurredAt,amount,currency\nc1,2024-01-01,1.00,USD\nc2,2024-01-01,1.00,EUR\n');
    const cases: Array<[string[], RegExp]> = [
      [['score', '--input', noAmount, '--as-of', '2024-06-30'], /missing: amount/],
      [['score', '--input', join(dir, 'absent.csv'), '--as-of', '2024-06-30'], /cannot read/],
      [['score', '--input', mixed, '--as-of', '2024-06-30'], /mixes currencies \(EUR, USD\)/],
      [['score', '--input', mixed, '--as-of', '2024-06-31'], /--as-of/],
      [['fit', '--input', mixed, '--calibration-end', '2024-06-30', '--time-unit', 'month'], /--time-unit/],
      [['score', '--input', FIXTURE, '--as-of', '2024-06-30'], /too few customers to fit\? --priors/],
      [
        ['score', '--input', FIXTURE, '--as-of', '2024-06-30', '--priors', '--time-unit', 'day'],
        /--priors are in weeks/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = memoryIo();
      expect(await run(argv, io)).toBe(ExitCode.badInput);
      expect(io.err()).toMatch(message);
    }
  });
});
