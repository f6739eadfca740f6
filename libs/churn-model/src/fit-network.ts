import * as tf from '@tensorflow/tfjs';
import { auc } from '@churn/domain';
import { type ChurnModelKind, buildNetwork } from './architectures';
import { type ModelLogger } from './logger';

export interface FitNetworkOptions {
  readonly seed: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation loss before training stops. */
  readonly patience: number;
  readonly learningRate: number;
}

export interface FittedNetwork {
  readonly kind: ChurnModelKind;
  readonly network: tf.Sequential;
  readonly epochs: number;
  readonly validationLoss: number;
  readonly validationAuc: number;
}

export interface Split {
  readonly x: number[][];
  readonly y: number[];
}

/**
 * Rows per forward pass. One pass over 100,000 rows took the wasm backend 13 s (its heap grows
 * and copies) against 0.3 s in chunks like these; cpu is as fast either way.
 */
const PREDICT_CHUNK_ROWS = 4_096;

/** P(churn) of standardized rows stored row-major in one array (`width` columns), as plain numbers. */
export function predictFlat(network: tf.LayersModel, data: Float32Array, width: number): Float32Array {
  const rows = data.length / width;
  const out = new Float32Array(rows);
  for (let start = 0; start < rows; start += PREDICT_CHUNK_ROWS) {
    const end = Math.min(rows, start + PREDICT_CHUNK_ROWS);
    const chunk = data.subarray(start * width, end * width);
    out.set(tf.tidy(() => (network.predict(tf.tensor2d(chunk, [end - start, width])) as tf.Tensor).dataSync()), start);
  }
  return out;
}

/** P(churn) of standardized rows, as plain numbers. */
export function predictRows(network: tf.LayersModel, rows: readonly number[][]): number[] {
  if (rows.length === 0) return [];
  const width = rows[0].length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, i) => data.set(row, i * width));
  return Array.from(predictFlat(network, data, width));
}

/**
 * Full-batch Adam on binary cross-entropy (the data fit in one batch; full batches and no
 * shuffling also make training deterministic), early stopping on the validation loss, and the
 * weights of the best epoch restored. trainOnBatch rather than fit: fit re-gathers the batch rows
 * every epoch, which dominated the training time.
 */
export async function fitNetwork(
  kind: ChurnModelKind,
  train: Split,
  validation: Split,
  options: FitNetworkOptions,
  logger: ModelLogger,
): Promise<FittedNetwork> {
  const network = buildNetwork(kind, train.x[0].length, options.seed);
  network.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'binaryCrossentropy' });
  const xs = tf.tensor2d(train.x);
  const ys = tf.tensor2d(train.y, [train.y.length, 1]);
  const vx = tf.tensor2d(validation.x);
  const vy = tf.tensor2d(validation.y, [validation.y.length, 1]);
  let best = { loss: Infinity, epoch: 0, weights: [] as tf.Tensor[] };
  try {
    for (let epoch = 0; epoch < options.maxEpochs && epoch - best.epoch <= options.patience; epoch++) {
      await network.trainOnBatch(xs, ys);
      // Cross-entropy alone (no weight penalty): the quantity the early stopping should minimise.
      const loss = tf.tidy(
        () =>
          tf.metrics
            .binaryCrossentropy(vy, network.predict(vx) as tf.Tensor)
            .mean()
            .dataSync()[0],
      );
      if (loss < best.loss) {
        best.weights.forEach((w) => w.dispose());
        best = { loss, epoch, weights: network.getWeights().map((w) => w.clone()) };
      }
    }
    network.setWeights(best.weights);
  } finally {
    // Adam's moment estimates are tfjs variables: freed here, since the model is never retrained.
    network.optimizer.dispose();
    tf.dispose([xs, ys, vx, vy, ...best.weights]);
  }
  const validationAuc = auc(predictRows(network, validation.x), validation.y);
  logger.info(
    { event: 'churn_model_fitted', kind, bestEpoch: best.epoch + 1, validationLoss: best.loss, validationAuc },
    `${kind} trained`,
  );
  return { kind, network, epochs: best.epoch + 1, validationLoss: best.loss, validationAuc };
}
