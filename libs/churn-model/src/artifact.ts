import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CHURN_FEATURE_NAMES } from '@churn/domain';
import { initBackend } from './backend';
import { CHURN_MODEL_FORMAT_VERSION, ChurnModel, type ChurnModelMetadata } from './churn-model';
import { type ModelLogger, SILENT_LOGGER } from './logger';

/** tfjs topology and weights; weights as plain numbers so the artifact is readable JSON. */
const NETWORK_FILE = 'network.json';
/** Format version, features, scaler, metrics, training window. */
const METADATA_FILE = 'churn-model.json';

interface NetworkFile {
  readonly modelTopology: tf.io.ModelArtifacts['modelTopology'];
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weights: number[];
}

/**
 * Writes the model to `dir` (created if needed). Goes through tf.io.withSaveHandler rather than
 * tfjs-node's file:// handler, so it works on the pure-JS backend too.
 */
export async function saveChurnModel(model: ChurnModel, dir: string): Promise<void> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.network.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured?.weightSpecs === undefined || captured.weightData === undefined) {
    throw new Error('tfjs returned no weights to save');
  }
  if (captured.weightSpecs.some((s) => s.dtype !== 'float32')) throw new Error('only float32 weights are supported');
  const buffer = tf.io.CompositeArrayBuffer.join(captured.weightData);
  const network: NetworkFile = {
    modelTopology: captured.modelTopology,
    weightSpecs: captured.weightSpecs,
    // float32 -> double -> shortest JSON decimal -> double -> float32 is exact.
    weights: Array.from(new Float32Array(buffer)),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, NETWORK_FILE), JSON.stringify(network));
  await writeFile(join(dir, METADATA_FILE), `${JSON.stringify(model.metadata, null, 2)}\n`);
}

/** Reads a model saved by saveChurnModel; refuses other format versions or feature lists. */
export async function loadChurnModel(dir: string, logger: ModelLogger = SILENT_LOGGER): Promise<ChurnModel> {
  await initBackend(logger);
  const metadata = JSON.parse(await readFile(join(dir, METADATA_FILE), 'utf8')) as ChurnModelMetadata;
  if (metadata.formatVersion !== CHURN_MODEL_FORMAT_VERSION) {
    throw new RangeError(
      `${dir}: churn model format ${metadata.formatVersion}, this build reads ${CHURN_MODEL_FORMAT_VERSION}`,
    );
  }
  if (JSON.stringify(metadata.featureNames) !== JSON.stringify(CHURN_FEATURE_NAMES)) {
    throw new RangeError(`${dir}: the model was trained on other features than this build computes; retrain it`);
  }
  const network = JSON.parse(await readFile(join(dir, NETWORK_FILE), 'utf8')) as NetworkFile;
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: network.modelTopology,
      weightSpecs: network.weightSpecs,
      weightData: new Float32Array(network.weights).buffer,
    }),
  );
  return new ChurnModel(metadata, loaded);
}
