import * as tf from '@tensorflow/tfjs';
import {
  CHURN_FEATURE_NAMES,
  type CalibrationReport,
  type ChurnFeatureName,
  type ChurnFeatures,
  type PlattScaling,
  type TimeUnit,
  toVector,
} from '@churn/domain';
import { type ChurnModelKind } from './architectures';
import { describeDriver } from './describe-driver';
import { predictRows } from './fit-network';
import { type Standardizer, standardize } from './standardizer';

/** Bumped whenever the artifact layout or the meaning of a stored field changes. */
export const CHURN_MODEL_FORMAT_VERSION = 1;

export interface CandidateReport {
  readonly kind: ChurnModelKind;
  readonly epochs: number;
  readonly validationLoss: number;
  readonly validationAuc: number;
}

/** Everything about a trained model except its weights; stored as JSON beside them. */
export interface ChurnModelMetadata {
  readonly formatVersion: number;
  readonly kind: ChurnModelKind;
  readonly featureNames: readonly string[];
  readonly scaler: Standardizer;
  readonly horizonDays: number;
  readonly timeUnit: TimeUnit;
  /** Feature as-of day and end of the label window of the training examples (ISO instants). */
  readonly trainingWindow: { readonly asOf: string; readonly labelsUntil: string };
  readonly trainingExamples: number;
  readonly validationExamples: number;
  readonly seed: number;
  readonly candidates: CandidateReport[];
  /** Reliability of the chosen model on the validation customers. */
  readonly validationCalibration: CalibrationReport;
  /** Platt scalings of the baseline scores, fitted on the same training examples. */
  readonly baselineScalings: Record<string, PlattScaling>;
  readonly backend: string;
  readonly createdAt: string;
}

export interface ChurnDriver {
  readonly feature: ChurnFeatureName;
  /** Change in the log-odds of churn caused by this feature's deviation from the population mean. */
  readonly contribution: number;
  readonly direction: 'raises risk' | 'lowers risk';
  readonly text: string;
}

export interface ChurnPrediction {
  readonly customerId: string;
  readonly probability: number;
  readonly drivers: ChurnDriver[];
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/** A trained churn network with its scaler and metadata. Holds tfjs memory: dispose() when done. */
export class ChurnModel {
  constructor(
    readonly metadata: ChurnModelMetadata,
    readonly network: tf.LayersModel,
  ) {}

  /** P(churn over the horizon) for each customer's features. */
  predict(features: readonly ChurnFeatures[]): number[] {
    if (features.length === 0) return [];
    return predictRows(
      this.network,
      features.map((f) => standardize(this.metadata.scaler, toVector(f))),
    );
  }

  /**
   * Probability and the `top` features that move it most. A feature's contribution is the change
   * in log-odds when it is replaced by the reference population's mean, all else equal
   * (occlusion). For logistic regression that is exactly coefficient x (standardized value -
   * reference); for the MLP it also captures the non-linear effect at this customer's other values.
   *
   * The reference defaults to the training population (0 after standardization). Pass
   * referenceOf(the customers being scored) to explain against today's customers instead: a
   * feature that every scored customer shares (all are older than the training customers were)
   * then explains nothing, which is what an account manager comparing customers needs.
   */
  explain(features: ChurnFeatures, options: { top?: number; reference?: readonly number[] } = {}): ChurnPrediction {
    const top = options.top ?? 3;
    const reference = options.reference ?? this.metadata.scaler.means.map(() => 0);
    const z = standardize(this.metadata.scaler, toVector(features));
    const occluded = z.map((_, i) => z.map((v, j) => (i === j ? reference[i] : v)));
    const [p, ...withoutEach] = predictRows(this.network, [z, ...occluded]);
    const ranked = CHURN_FEATURE_NAMES.map((feature, i): ChurnDriver => {
      const contribution = logit(p) - logit(withoutEach[i]);
      return {
        feature,
        contribution,
        direction: contribution > 0 ? 'raises risk' : 'lowers risk',
        text: describeDriver(feature, features, this.metadata),
      };
    }).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    // Related features (days of silence and the gap ratio) describe the same fact: say it once,
    // with the larger contribution.
    const drivers: ChurnDriver[] = [];
    for (const d of ranked) {
      if (drivers.length < top && !drivers.some((kept) => kept.text === d.text)) drivers.push(d);
    }
    return { customerId: features.customerId, probability: p, drivers };
  }

  /** Mean standardized feature vector of a population: a reference for explain(). */
  referenceOf(population: readonly ChurnFeatures[]): number[] {
    if (population.length === 0) throw new RangeError('a reference population needs at least one customer');
    const sums = this.metadata.scaler.means.map(() => 0);
    for (const f of population) {
      standardize(this.metadata.scaler, toVector(f)).forEach((v, j) => (sums[j] += v));
    }
    return sums.map((s) => s / population.length);
  }

  dispose(): void {
    this.network.dispose();
  }
}
