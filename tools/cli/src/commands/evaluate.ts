import { type ChurnModel, activeBackend, loadChurnModel } from '@churn/churn-model';
import {
  CHURN_BASELINES,
  type ChurnBaselineName,
  type ChurnMetrics,
  type Transaction,
  applyPlatt,
  churnMetrics,
  churnSnapshot,
} from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { type CliIo } from '../io';
import { utcDate } from '../input/parse-instant';
import { type TransactionOptions, loadTransactions } from './load-transactions';
import { stderrLogger } from './stderr-logger';
import { type CalibrationSplit, horizonDays, trainOnCalibration } from './train-on-calibration';

export interface EvaluateCommandOptions extends Omit<TransactionOptions, 'until'>, CalibrationSplit {
  /** A model directory written by `churn train`; without it a model is trained on the calibration period. */
  readonly model: string | undefined;
}

async function obtainModel(
  options: EvaluateCommandOptions,
  io: CliIo,
  transactions: readonly Transaction[],
): Promise<ChurnModel> {
  const logger = stderrLogger(io);
  if (options.model === undefined) return trainOnCalibration(transactions, options, logger);
  try {
    return await loadChurnModel(options.model, logger);
  } catch (error) {
    throw new CliError(`cannot load the model in ${options.model}: ${(error as Error).message}`, ExitCode.badInput);
  }
}

/**
 * `churn evaluate`: scores every customer at the calibration end and compares with what they did
 * in the holdout (churned = no purchase in it): the model and the two baselines, in the same run.
 * Baseline probabilities come from the Platt scalings the model fitted on its training examples.
 */
export async function evaluateCommand(options: EvaluateCommandOptions, io: CliIo): Promise<void> {
  const holdoutDays = horizonDays(options);
  const transactions = await loadTransactions({ ...options, until: options.holdoutEnd }, io);
  const model = await obtainModel(options, io, transactions);
  try {
    const meta = model.metadata;
    if (meta.timeUnit !== options.timeUnit) {
      throw new CliError(`the model is in ${meta.timeUnit}s: pass --time-unit ${meta.timeUnit}`, ExitCode.badInput);
    }
    // Features with the horizon the model learned; labels over the holdout actually available.
    const snapshot = churnSnapshot(transactions, {
      asOf: options.calibrationEnd,
      timeUnit: options.timeUnit,
      horizonDays: meta.horizonDays,
      labelDays: holdoutDays,
    });
    const labels = snapshot.labels;
    if (new Set(labels).size < 2)
      throw new CliError('the holdout needs churned and retained customers', ExitCode.badInput);
    const baselines = {} as Record<ChurnBaselineName, ChurnMetrics>;
    for (const name of Object.keys(CHURN_BASELINES) as ChurnBaselineName[]) {
      const scores = snapshot.features.map(CHURN_BASELINES[name]);
      const scaling = meta.baselineScalings[name];
      // The Platt map is increasing (positive slope), so AUC and the top decile are the raw ranking's.
      baselines[name] = churnMetrics(
        scores.map((s) => applyPlatt(scaling, s)),
        labels,
      );
    }
    const report = {
      input: options.input,
      calibrationEnd: utcDate(options.calibrationEnd),
      holdoutEnd: utcDate(options.holdoutEnd),
      holdoutDays,
      customers: labels.length,
      backend: activeBackend(),
      model: {
        source: options.model ?? 'trained on the calibration period',
        kind: meta.kind,
        horizonDays: meta.horizonDays,
        trainingWindow: meta.trainingWindow,
        candidates: meta.candidates,
        validationEce: meta.validationCalibration.ece,
        holdout: churnMetrics(model.predict(snapshot.features), labels),
      },
      baselines,
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    model.dispose();
  }
}
