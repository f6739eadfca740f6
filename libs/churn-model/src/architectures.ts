import * as tf from '@tensorflow/tfjs';

export type ChurnModelKind = 'logistic-regression' | 'mlp';

/** Small on purpose: a few thousand customers with ~20 features do not support more capacity. */
const HIDDEN_UNITS = 16;
const L2 = 1e-3;

/** An uncompiled network mapping standardized features to P(churn); seeded initialisation. */
export function buildNetwork(kind: ChurnModelKind, inputs: number, seed: number): tf.Sequential {
  const model = tf.sequential();
  if (kind === 'mlp') {
    model.add(
      tf.layers.dense({
        inputShape: [inputs],
        units: HIDDEN_UNITS,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
        kernelRegularizer: tf.regularizers.l2({ l2: L2 }),
      }),
    );
  }
  model.add(
    tf.layers.dense({
      ...(kind === 'mlp' ? {} : { inputShape: [inputs] }),
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      kernelRegularizer: tf.regularizers.l2({ l2: L2 }),
    }),
  );
  return model;
}
