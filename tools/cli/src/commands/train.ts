import { saveChurnModel } from '@churn/churn-model';
import { type CliIo } from '../io';
import { utcDate } from '../input/parse-instant';
import { type TransactionOptions, loadTransactions } from './load-transactions';
import { stderrLogger } from './stderr-logger';
import { type CalibrationSplit, trainOnCalibration } from './train-on-calibration';

export interface TrainCommandOptions extends Omit<TransactionOptions, 'until'>, CalibrationSplit {
  readonly out: string;
}

/**
 * `churn train`: learns a churn model from the calibration period only (the holdout end sets the
 * horizon it predicts over), writes the artifact to --out and prints its metadata as JSON.
 */
export async function trainCommand(options: TrainCommandOptions, io: CliIo): Promise<void> {
  const logger = stderrLogger(io);
  const transactions = await loadTransactions({ ...options, until: options.calibrationEnd }, io);
  const model = await trainOnCalibration(transactions, options, logger);
  try {
    await saveChurnModel(model, options.out);
    const report = {
      input: options.input,
      calibrationEnd: utcDate(options.calibrationEnd),
      holdoutEnd: utcDate(options.holdoutEnd),
      out: options.out,
      ...model.metadata,
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    model.dispose();
  }
}
