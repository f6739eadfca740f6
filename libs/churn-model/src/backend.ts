import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type ModelLogger } from './logger';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * Loads the native binding. @tensorflow/tfjs-node is an optional dependency whose install script
 * (which downloads libtensorflow) is denied in the root package.json, so on most machines it is
 * present but fails to load; then the official wasm backend runs, and the pure-JS cpu backend
 * when wasm cannot start either.
 */
function requireTfjsNode(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@tensorflow/tfjs-node');
}

/** Registers the wasm backend, its .wasm binaries read from node_modules (never fetched from a CDN). */
function registerWasm(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
}

export interface BackendLoaders {
  readonly native: () => void;
  readonly wasm: () => void;
}

const DEFAULT_LOADERS: BackendLoaders = { native: requireTfjsNode, wasm: registerWasm };

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];

async function attempt(name: BackendName, load: () => void, logger: ModelLogger): Promise<boolean> {
  try {
    load();
    if (await tf.setBackend(name)) {
      await tf.ready();
      return true;
    }
    logger.info({ event: 'churn_model_backend_fallback', backend: name, reason: 'failed to initialise' }, `tfjs ${name} backend unavailable`);
  } catch (error) {
    logger.info({ event: 'churn_model_backend_fallback', backend: name, reason: firstLine(error) }, `tfjs ${name} backend unavailable`);
  }
  return false;
}

/** Native first, then wasm; cpu is always the last resort. */
export const DEFAULT_BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

async function select(logger: ModelLogger, loaders: BackendLoaders, order: readonly BackendName[]): Promise<BackendName> {
  const load: Record<Exclude<BackendName, 'cpu'>, () => void> = { tensorflow: loaders.native, wasm: loaders.wasm };
  for (const name of order) {
    if (name === 'cpu') break;
    if (await attempt(name, load[name], logger)) {
      logger.info({ event: 'churn_model_backend', backend: name }, `tfjs backend: ${name}`);
      return name;
    }
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend failed to initialise');
  await tf.ready();
  logger.info({ event: 'churn_model_backend', backend: 'cpu' }, 'tfjs backend: cpu');
  return 'cpu';
}

let selected: Promise<BackendName> | undefined;

/**
 * Chooses the tfjs backend once per process: the first of `order` that loads (by default native
 * libtensorflow, then wasm), else the pure-JS cpu backend, which ends every order; every fallback
 * and the choice are logged. Later calls return the first choice. The loaders are replaceable for tests.
 */
export function initBackend(
  logger: ModelLogger,
  loaders: Partial<BackendLoaders> = {},
  order: readonly BackendName[] = DEFAULT_BACKEND_ORDER,
): Promise<BackendName> {
  selected ??= select(logger, { ...DEFAULT_LOADERS, ...loaders }, order);
  return selected;
}

/** The backend tfjs is computing on right now ('tensorflow', 'wasm', 'cpu'). */
export function activeBackend(): string {
  return tf.getBackend();
}

/** Forgets the choice so that a test can exercise another path; production never calls it. */
export function resetBackendChoiceForTests(): void {
  selected = undefined;
}
