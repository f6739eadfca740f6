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

export interface NetworkFile {
  readonly modelTopology: tf.io.ModelArtifacts['modelTopology'];
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
  readonly weights: number[];
}

/** A model as two JSON documents (what the directory holds, and what a registry row stores). */
export interface SerializedChurnModel {
  readonly network: NetworkFile;
  readonly metadata: ChurnModelMetadata;
}

/** Goes through tf.io.withSaveHandler rather than tfjs-node's file:// handler: works on every backend. */
export async function serializeChurnModel(model: ChurnModel): Promise<SerializedChurnModel> {
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
  return {
    network: {
      modelTopology: captured.modelTopology,
      weightSpecs: captured.weightSpecs,
      // float32 -> double -> shortest JSON decimal -> double -> float32 is exact.
      weights: Array.from(new Float32Array(buffer)),
    },
    metadata: model.metadata,
  };
}

/** Rebuilds a serialized model; refuses other format versions or feature lists. `source` names it in errors. */
export async function deserializeChurnModel(
  serialized: SerializedChurnModel,
  source: string,
  logger: ModelLogger = SILENT_LOGGER,
): Promise<ChurnModel> {
  await initBackend(logger);
  const { metadata, network } = serialized;
  if (metadata.formatVersion !== CHURN_MODEL_FORMAT_VERSION) {
    throw new RangeError(
      `${source}: churn model format ${metadata.formatVersion}, this build reads ${CHURN_MODEL_FORMAT_VERSION}`,
    );
  }
  if (JSON.stringify(metadata.featureNames) !== JSON.stringify(CHURN_FEATURE_NAMES)) {
    throw new RangeError(`${source}: the model was trained on other features than this build computes; retrain it`);
  }
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: network.modelTopology,
      weightSpecs: network.weightSpecs,
      weightData: new Float32Array(network.weights).buffer,
    }),
  );
  return new ChurnModel(metadata, loaded);
}

/** Writes the model to `dir` (created if needed). */
export async function saveChurnModel(model: ChurnModel, dir: string): Promise<void> {
  const { network, metadata } = await serializeChurnModel(model);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, NETWORK_FILE), JSON.stringify(network));
  await writeFile(join(dir, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
}

/** Reads a model saved by saveChurnModel; refuses other format versions or feature lists. */
export async function loadChurnModel(dir: string, logger: ModelLogger = SILENT_LOGGER): Promise<ChurnModel> {
  const metadata = JSON.parse(await readFile(join(dir, METADATA_FILE), 'utf8')) as ChurnModelMetadata;
  const network = JSON.parse(await readFile(join(dir, NETWORK_FILE), 'utf8')) as NetworkFile;
  return deserializeChurnModel({ metadata, network }, dir, logger);
}
