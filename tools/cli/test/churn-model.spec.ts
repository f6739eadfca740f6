/**
 * `churn train` and `churn evaluate` on the CDNOW sample with the standard split, in-process. The
 * model learns from the calibration period only and must out-rank both baselines on the holdout.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHURN_MODEL_FORMAT_VERSION } from '@churn/churn-model';
import { auc, churnSnapshot } from '@churn/domain';
import {
  CDNOW_CALIBRATION_END,
  CDNOW_SAMPLE_PATH,
  loadCdnowTransactions,
} from '../../../libs/domain/test/cdnow-loader';
import { ExitCode, run } from '../src/run';
import { memoryIo } from './memory-io';

const SPLIT = ['--input', CDNOW_SAMPLE_PATH, '--calibration-end', '1997-09-30', '--holdout-end', '1998-06-30'];

describe('churn evaluate and train on CDNOW', () => {
  let report: {
    customers: number;
    backend: string;
    model: { holdout: { auc: number; brier: number; examples: number }; trainingWindow: { labelsUntil: string } };
    baselines: Record<'recency' | 'bgNbdExpectedPurchases', { auc: number; brier: number }>;
  };

  beforeAll(async () => {
    const io = memoryIo();
    expect(await run(['evaluate', ...SPLIT], io)).toBe(ExitCode.ok);
    report = JSON.parse(io.out());
    // No native binding here: the wasm fallback, logged.
    expect(io.err()).toContain('"event":"churn_model_backend","backend":"wasm"');
  }, 60_000);

  it('ranks holdout churners better than both baselines, without seeing the holdout', () => {
    const { model, baselines } = report;
    expect(model.holdout.auc).toBeGreaterThan(baselines.recency.auc);
    expect(model.holdout.auc).toBeGreaterThan(baselines.bgNbdExpectedPurchases.auc);
    expect(model.trainingWindow.labelsUntil).toBe('1997-09-30T00:00:00.000Z');
    expect(report).toMatchObject({ customers: 2357, backend: 'wasm' });
  });

  it('reports the recency baseline as the plain ranking by days since the last purchase', () => {
    const snapshot = churnSnapshot(loadCdnowTransactions(), {
      asOf: CDNOW_CALIBRATION_END,
      timeUnit: 'week',
      horizonDays: 273,
    });
    const days = snapshot.features.map((f) => f.daysSinceLastPurchase);
    expect(report.baselines.recency.auc).toBeCloseTo(auc(days, snapshot.labels), 12);
  });

  it('trains an artifact that evaluate --model loads to the same holdout numbers', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'churn-train-')), 'model');
    const trainIo = memoryIo();
    expect(await run(['train', ...SPLIT, '--out', out], trainIo)).toBe(ExitCode.ok);
    expect(JSON.parse(trainIo.out())).toMatchObject({
      out,
      formatVersion: CHURN_MODEL_FORMAT_VERSION,
      horizonDays: 273,
    });
    expect(existsSync(join(out, 'churn-model.json')) && existsSync(join(out, 'network.json'))).toBe(true);

    const io = memoryIo();
    expect(await run(['evaluate', ...SPLIT, '--model', out], io)).toBe(ExitCode.ok);
    const loaded = JSON.parse(io.out());
    expect(loaded.model.source).toBe(out);
    // Training is seeded and deterministic: the saved model is the one evaluate trained itself.
    expect(loaded.model.holdout).toEqual(report.model.holdout);
    expect(loaded.baselines).toEqual(report.baselines);
  }, 60_000);

  it('refuses a holdout that ends before the calibration end, and a missing model', async () => {
    const io = memoryIo();
    const args = [
      'evaluate',
      '--input',
      CDNOW_SAMPLE_PATH,
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1997-09-01',
    ];
    expect(await run(args, io)).toBe(ExitCode.badInput);
    expect(io.err()).toContain('must be after --calibration-end');
    const missing = memoryIo();
    expect(await run(['evaluate', ...SPLIT, '--model', join(tmpdir(), 'no-such-model')], missing)).toBe(
      ExitCode.badInput,
    );
    expect(missing.err()).toContain('cannot load the model');
  });
});
