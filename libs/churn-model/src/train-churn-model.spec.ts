import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type ChurnFeatures, toVector } from '@churn/domain';
import { CDNOW_HORIZON_DAYS, cdnowTrainingExamples } from '../test/cdnow-examples';
import { loadChurnModel, saveChurnModel } from './artifact';
import { initBackend, resetBackendChoiceForTests } from './backend';
import { type ChurnModel } from './churn-model';
import { SILENT_LOGGER } from './logger';
import { standardize } from './standardizer';
import { trainChurnModel } from './train-churn-model';

const examples = cdnowTrainingExamples();
const train = (): Promise<ChurnModel> =>
  trainChurnModel(
    { features: examples.features, labels: examples.labels, asOf: examples.asOf, labelDays: examples.labelDays },
    { horizonDays: CDNOW_HORIZON_DAYS, timeUnit: 'week', seed: 7 },
  );

/** The network's forward pass in plain arithmetic on its stored weights (dense layers, relu, sigmoid). */
function forward(model: ChurnModel, f: ChurnFeatures): number {
  const weights = model.network.getWeights().map((w) => Array.from(w.dataSync()));
  const shapes = model.network.getWeights().map((w) => w.shape);
  let h = standardize(model.metadata.scaler, toVector(f));
  for (let layer = 0; layer < weights.length; layer += 2) {
    const [inputs, units] = shapes[layer] as [number, number];
    const out = Array.from({ length: units }, (_, u) => {
      let s = weights[layer + 1][u];
      for (let i = 0; i < inputs; i++) s += h[i] * weights[layer][i * units + u];
      return s;
    });
    const last = layer + 2 >= weights.length;
    h = last ? out.map((s) => 1 / (1 + Math.exp(-s))) : out.map((s) => Math.max(0, s));
  }
  return h[0];
}

describe('trainChurnModel on the CDNOW calibration period', () => {
  let model: ChurnModel;
  let fallbackModel: ChurnModel;

  beforeAll(async () => {
    model = await train();
    // The same training on the last resort (neither the native binding nor wasm loads).
    resetBackendChoiceForTests();
    const fail = (): void => {
      throw new Error('unavailable');
    };
    expect(await initBackend(SILENT_LOGGER, { native: fail, wasm: fail })).toBe('cpu');
    fallbackModel = await train();
  }, 60_000);
  afterAll(() => [model, fallbackModel].forEach((m) => m.dispose()));

  it('trains both candidates, keeps the better validation AUC and reports calibration', () => {
    const { candidates, kind, validationCalibration, backend } = model.metadata;
    expect(candidates.map((c) => c.kind)).toEqual(['logistic-regression', 'mlp']);
    const best = Math.max(...candidates.map((c) => c.validationAuc));
    expect(candidates.find((c) => c.kind === kind)?.validationAuc).toBe(best);
    expect(best).toBeGreaterThan(0.65);
    expect(validationCalibration.ece).toBeGreaterThanOrEqual(0);
    expect(validationCalibration.bins.reduce((n, b) => n + b.count, 0)).toBe(model.metadata.validationExamples);
    expect(backend).toBe('wasm');
    expect(fallbackModel.metadata.backend).toBe('cpu');
  });

  it('trains the same model on wasm and on cpu, to float tolerance', () => {
    expect(fallbackModel.metadata.kind).toBe(model.metadata.kind);
    const a = model.predict(examples.features);
    const b = fallbackModel.predict(examples.features);
    b.forEach((p, i) => expect(p).toBeCloseTo(a[i]!, 4));
  });

  it('predicts the same on wasm and on cpu with the same weights', async () => {
    await tf.setBackend('wasm');
    const onWasm = model.predict(examples.features);
    await tf.setBackend('cpu');
    const onCpu = model.predict(examples.features);
    onCpu.forEach((p, i) => expect(p).toBeCloseTo(onWasm[i]!, 6));
  });

  it('is deterministic with a fixed seed', async () => {
    const again = await train();
    try {
      expect(again.predict(examples.features)).toEqual(fallbackModel.predict(examples.features));
    } finally {
      again.dispose();
    }
  });

  it('predicts what its weights compute in plain arithmetic', () => {
    const sample = examples.features.slice(0, 50);
    model.predict(sample).forEach((p, i) => expect(p).toBeCloseTo(forward(model, sample[i]), 6));
  });

  it('saves a versioned artifact and loads it back to identical predictions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-model-'));
    await saveChurnModel(model, dir);
    const loaded = await loadChurnModel(dir);
    try {
      expect(loaded.metadata).toEqual(model.metadata);
      expect(loaded.predict(examples.features)).toEqual(model.predict(examples.features));
    } finally {
      loaded.dispose();
    }
    const metadataPath = join(dir, 'churn-model.json');
    const metadata = JSON.parse(readFileSync(metadataPath, 'utf8'));
    writeFileSync(metadataPath, JSON.stringify({ ...metadata, formatVersion: 99 }));
    await expect(loadChurnModel(dir)).rejects.toThrow(/format 99/);
  });

  it('explains a silent customer with their silence in words', () => {
    const silent = examples.features.reduce((a, b) => (b.gapRatio > a.gapRatio && b.frequency >= 2 ? b : a));
    const { probability, drivers } = model.explain(silent);
    expect(probability).toBeCloseTo(model.predict([silent])[0], 6);
    expect(drivers).toHaveLength(3);
    expect(new Set(drivers.map((d) => d.text)).size).toBe(3);
    const sorted = [...drivers].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
    expect(drivers).toEqual(sorted);
    expect(drivers.map((d) => d.text).join('; ')).toMatch(/no purchase for \d+ days, [\d.]+x the usual gap/);
  });
});
