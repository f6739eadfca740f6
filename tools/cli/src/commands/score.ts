import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type Writable } from 'node:stream';
import {
  type CustomerSummary,
  PRIOR_SCORING_PARAMETERS,
  type ScoringParameters,
  fitScoringParameters,
  scoreSummaries,
} from '@churn/domain';
import { CliError, ExitCode } from '../exit-codes';
import { type CliIo } from '../io';
import { utcDate } from '../input/parse-instant';
import { type ScoreFormat, SCORE_CSV_HEADER, scoreCsvLine, scoreJsonLine } from '../output/score-format';
import { writeLines } from '../output/write-lines';
import { type Progress } from '../progress';
import { type HistoryOptions, loadHistory } from './load-history';

export interface ScoreCommandOptions extends HistoryOptions {
  /** Output file; stdout when undefined. */
  readonly out: string | undefined;
  readonly format: ScoreFormat;
  /** Score with PRIOR_SCORING_PARAMETERS instead of fitting (populations too small to fit). */
  readonly priors: boolean;
}

/**
 * `churn score`: fits the scoring parameters on the history up to the as-of day (or takes the
 * documented priors with --priors), then scores
 * every customer through the same domain composition as the scoring service (@churn/domain
 * scoring), one row per customer sorted by customerId.
 */
function fit(
  summaries: readonly CustomerSummary[],
  options: ScoreCommandOptions,
  progress: Progress,
): ScoringParameters {
  progress.note(`fitting scoring parameters on ${summaries.length} customers`);
  try {
    return fitScoringParameters(summaries, {
      version: `cli-${utcDate(options.asOf)}`,
      fittedAt: Date.now(),
      timeUnit: options.timeUnit,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CliError(
      `${error.message}\n(too few customers to fit? --priors scores with the documented priors)`,
      ExitCode.badInput,
    );
  }
}

export async function scoreCommand(options: ScoreCommandOptions, io: CliIo, progress: Progress): Promise<void> {
  if (options.priors && options.timeUnit !== PRIOR_SCORING_PARAMETERS.timeUnit) {
    throw new CliError(`--priors are in ${PRIOR_SCORING_PARAMETERS.timeUnit}s: drop --time-unit`, ExitCode.badInput);
  }
  // Opened first, so that an unwritable --out fails before minutes of work, not after.
  const out = options.out === undefined ? io.stdout : await openOutput(options.out);
  const history = await loadHistory(options, io, progress);
  const params = options.priors ? PRIOR_SCORING_PARAMETERS : fit(history.summaries, options, progress);
  progress.note(`scoring ${history.summaries.length} customers`);
  const scores = scoreSummaries(history.summaries, params);

  if (options.format === 'csv') out.write(`${SCORE_CSV_HEADER}\n`);
  const line = options.format === 'csv' ? scoreCsvLine : scoreJsonLine;
  progress.start('write', scores.length);
  await writeLines(
    out,
    scores.length,
    (i) => line(scores[i]),
    (n) => progress.update(n),
  );
  progress.stop();
  if (out !== io.stdout) {
    out.end();
    await once(out, 'finish');
  }
}

async function openOutput(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as Error).message}`, ExitCode.badInput);
  }
  return stream;
}
