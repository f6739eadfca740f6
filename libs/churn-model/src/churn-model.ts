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
import { predictFlat, predictRows } from './fit-network';
import { type Standardizer, standardize } from './standardizer';

/** Bumped whenever the artifact layout or the meaning of a stored field changes. */
export const CHURN_MODEL_FORMAT_VERSION = 2;

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

export interface ExplainOptions {
  readonly top?: number;
  readonly reference?: readonly number[];
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
  explain(features: ChurnFeatures, options: ExplainOptions = {}): ChurnPrediction {
    return this.explainAll([features], options)[0];
  }

  /**
   * explain() for many customers in one forward pass (each customer's row and its occluded
   * copies batched together): how a service explains every prediction of a consumed batch.
   */
  explainAll(population: readonly ChurnFeatures[], options: ExplainOptions = {}): ChurnPrediction[] {
    if (population.length === 0) return [];
    const top = options.top ?? 3;
    const width = CHURN_FEATURE_NAMES.length;
    const reference = options.reference ?? this.metadata.scaler.means.map(() => 0);
    // Per customer: its row, then one copy per feature with that feature set to the reference.
    const block = (width + 1) * width;
    const data = new Float32Array(population.length * block);
    population.forEach((features, k) => {
      const z = standardize(this.metadata.scaler, toVector(features));
      for (let copy = 0; copy <= width; copy++) {
        const offset = k * block + copy * width;
        data.set(z, offset);
        if (copy > 0) data[offset + copy - 1] = reference[copy - 1];
      }
    });
    const outputs = predictFlat(this.network, data, width);
    return population.map((features, k) => {
      const p = outputs[k * (width + 1)];
      const ranked = CHURN_FEATURE_NAMES.map((feature, i) => ({ feature, contribution: logit(p) - logit(outputs[k * (width + 1) + i + 1]) })).sort(
        (a, b) => Math.abs(b.contribution) - Math.abs(a.contribution),
      );
      // Related features (days of silence and the gap ratio) describe the same fact: say it once,
      // with the larger contribution. Only the drivers kept are put in words.
      const drivers: ChurnDriver[] = [];
      for (const { feature, contribution } of ranked) {
        if (drivers.length === top) break;
        const text = describeDriver(feature, features, this.metadata);
        if (drivers.some((kept) => kept.text === text)) continue;
        drivers.push({ feature, contribution, direction: contribution > 0 ? 'raises risk' : 'lowers risk', text });
      }
      return { customerId: features.customerId, probability: p, drivers };
    });
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
