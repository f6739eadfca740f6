import {
  CHURN_BASELINES,
  CHURN_FEATURE_NAMES,
  type ChurnBaselineName,
  type ChurnFeatures,
  type PlattScaling,
  MS_PER_DAY,
  type TimeUnit,
  calibration,
  fitPlatt,
  seededRandom,
  toVector,
} from '@churn/domain';
import { type ChurnModelKind } from './architectures';
import { activeBackend, initBackend } from './backend';
import { CHURN_MODEL_FORMAT_VERSION, ChurnModel } from './churn-model';
import { type FittedNetwork, type Split, fitNetwork, predictRows } from './fit-network';
import { type ModelLogger, SILENT_LOGGER } from './logger';
import { fitStandardizer, standardize } from './standardizer';

export interface TrainingExamples {
  /** Features at the training as-of day, one row per customer. */
  readonly features: readonly ChurnFeatures[];
  /** churnLabel of each row over the horizon after that day. */
  readonly labels: ReadonlyArray<0 | 1>;
  readonly asOf: number;
  /** Days after asOf the labels looked at (may be shorter than the prediction horizon). */
  readonly labelDays: number;
}

export interface TrainOptions {
  /** Prediction horizon: the horizon of the BG/NBD features and of the churn the model predicts. */
  readonly horizonDays: number;
  readonly timeUnit: TimeUnit;
  readonly seed?: number;
  /** Share of customers held out for early stopping and model choice. */
  readonly validationFraction?: number;
  readonly logger?: ModelLogger;
}

const DEFAULT_SEED = 20_260_124;
const DEFAULT_VALIDATION_FRACTION = 0.25;
const SCHEDULES: Record<ChurnModelKind, { maxEpochs: number; patience: number; learningRate: number }> = {
  'logistic-regression': { maxEpochs: 600, patience: 50, learningRate: 0.01 },
  mlp: { maxEpochs: 600, patience: 50, learningRate: 0.005 },
};

/** Which rows are validation customers: a seeded random share, the same for the same seed. */
function validationMask(count: number, fraction: number, seed: number): boolean[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => random() < fraction);
}

function splitCustomers(rows: number[][], labels: readonly number[], fraction: number, seed: number): [Split, Split] {
  const mask = validationMask(rows.length, fraction, seed);
  const train: Split = { x: [], y: [] };
  const validation: Split = { x: [], y: [] };
  rows.forEach((row, i) => {
    const target = mask[i] ? validation : train;
    target.x.push(row);
    target.y.push(labels[i]);
  });
  if (new Set(validation.y).size < 2 || new Set(train.y).size < 2) {
    throw new RangeError('training needs churned and retained customers on both sides of the validation split');
  }
  return [train, validation];
}

/**
 * The validation customers trainChurnModel holds out for these examples and options: so that a
 * candidate and the model it would replace are compared on the same customers.
 */
export function validationExamples(
  examples: Pick<TrainingExamples, 'features' | 'labels'>,
  options: Pick<TrainOptions, 'seed' | 'validationFraction'> = {},
): { features: ChurnFeatures[]; labels: Array<0 | 1> } {
  const mask = validationMask(
    examples.features.length,
    options.validationFraction ?? DEFAULT_VALIDATION_FRACTION,
    options.seed ?? DEFAULT_SEED,
  );
  return {
    features: examples.features.filter((_, i) => mask[i]),
    labels: examples.labels.filter((_, i) => mask[i]),
  };
}

function baselineScalings(examples: TrainingExamples): Record<ChurnBaselineName, PlattScaling> {
  const fit = (name: ChurnBaselineName): PlattScaling =>
    fitPlatt(
      examples.features.map((f) => CHURN_BASELINES[name](f)),
      [...examples.labels],
    );
  return { recency: fit('recency'), bgNbdExpectedPurchases: fit('bgNbdExpectedPurchases') };
}

/**
 * Trains logistic regression and a small MLP on the same standardized features and keeps the one
 * with the better validation AUC (ties go to the simpler logistic regression). The validation
 * customers are a seeded random share of the training population: the labels of any later period
 * are never seen here, so a time-based evaluation afterwards stays honest.
 */
export async function trainChurnModel(examples: TrainingExamples, options: TrainOptions): Promise<ChurnModel> {
  const logger = options.logger ?? SILENT_LOGGER;
  const seed = options.seed ?? DEFAULT_SEED;
  await initBackend(logger);
  const raw = examples.features.map(toVector);
  const scaler = fitStandardizer(raw);
  const rows = raw.map((r) => standardize(scaler, r));
  const [train, validation] = splitCustomers(
    rows,
    examples.labels,
    options.validationFraction ?? DEFAULT_VALIDATION_FRACTION,
    seed,
  );
  const candidates: FittedNetwork[] = [];
  for (const kind of ['logistic-regression', 'mlp'] as const) {
    candidates.push(await fitNetwork(kind, train, validation, { seed, ...SCHEDULES[kind] }, logger));
  }
  const chosen = candidates.reduce((best, c) => (c.validationAuc > best.validationAuc ? c : best));
  candidates.filter((c) => c !== chosen).forEach((c) => c.network.dispose());
  const validationCalibration = calibration(predictRows(chosen.network, validation.x), validation.y);
  logger.info(
    {
      event: 'churn_model_chosen',
      kind: chosen.kind,
      validationAuc: chosen.validationAuc,
      ece: validationCalibration.ece,
    },
    `chose ${chosen.kind}`,
  );
  const labelsUntil = examples.asOf + examples.labelDays * MS_PER_DAY;
  return new ChurnModel(
    {
      formatVersion: CHURN_MODEL_FORMAT_VERSION,
      kind: chosen.kind,
      featureNames: [...CHURN_FEATURE_NAMES],
      scaler,
      horizonDays: options.horizonDays,
      timeUnit: options.timeUnit,
      trainingWindow: { asOf: new Date(examples.asOf).toISOString(), labelsUntil: new Date(labelsUntil).toISOString() },
      trainingExamples: train.y.length,
      validationExamples: validation.y.length,
      seed,
      candidates: candidates.map(({ kind, epochs, validationLoss, validationAuc }) => ({
        kind,
        epochs,
        validationLoss,
        validationAuc,
      })),
      validationCalibration,
      baselineScalings: baselineScalings(examples),
      backend: activeBackend(),
      createdAt: new Date().toISOString(),
    },
    chosen.network,
  );
}
