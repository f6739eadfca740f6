import * as tf from '@tensorflow/tfjs';
import { type ModelLogger } from './logger';

export type BackendName = 'tensorflow' | 'cpu';

/**
 * Loads the native binding. @tensorflow/tfjs-node is an optional dependency whose install script
 * (which downloads libtensorflow) is denied in the root package.json, so on most machines it is
 * present but fails to load; then the pure-JS cpu backend of @tensorflow/tfjs runs instead.
 */
function requireTfjsNode(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
}

let selected: Promise<BackendName> | undefined;

async function select(logger: ModelLogger, loadNative: () => void): Promise<BackendName> {
  try {
    loadNative();
    if (await tf.setBackend('tensorflow')) {
      logger.info({ event: 'churn_model_backend', backend: 'tensorflow' }, 'tfjs backend: native libtensorflow');
      return 'tensorflow';
    }
  } catch (error) {
    logger.info(
      { event: 'churn_model_backend_fallback', reason: (error as Error).message.split('\n')[0] },
      '@tensorflow/tfjs-node unavailable, falling back to the pure-JS cpu backend',
    );
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend failed to initialise');
  await tf.ready();
  logger.info({ event: 'churn_model_backend', backend: 'cpu' }, 'tfjs backend: cpu');
  return 'cpu';
}

/**
 * Chooses the tfjs backend once per process (native if it loads, else cpu) and logs the choice.
 * Every later call returns the first choice. `loadNative` is replaceable for tests.
 */
export function initBackend(logger: ModelLogger, loadNative: () => void = requireTfjsNode): Promise<BackendName> {
  selected ??= select(logger, loadNative);
  return selected;
}

/** The backend tfjs is computing on right now ('cpu', 'tensorflow'). */
export function activeBackend(): string {
  return tf.getBackend();
}

/** Forgets the choice so that a test can exercise another path; production never calls it. */
export function resetBackendChoiceForTests(): void {
  selected = undefined;
}
