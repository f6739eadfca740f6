import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type TimeUnit } from '@churn/domain';
import { evaluateCommand } from './commands/evaluate';
import { fitCommand } from './commands/fit';
import { replayCommand } from './commands/replay';
import { type HistoryOptions } from './commands/load-history';
import { scoreCommand } from './commands/score';
import { trainCommand } from './commands/train';
import { CliError, ExitCode } from './exit-codes';
import { type CliIo } from './io';
import { parseInstant } from './input/parse-instant';
import { type ScoreFormat } from './output/score-format';
import { createProgress } from './progress';

export { ExitCode } from './exit-codes';
export { type CliIo } from './io';

interface CommonFlags {
  input: string;
  timeUnit: TimeUnit;
  currency: string;
  strict?: boolean;
  progress?: boolean;
}

function instant(value: string): number {
  const parsed = parseInstant(value);
  if (parsed === undefined) throw new InvalidArgumentError('expected YYYY-MM-DD or RFC 3339 with an offset');
  return parsed;
}

function currencyCode(value: string): string {
  if (!/^[A-Z]{3}$/.test(value)) throw new InvalidArgumentError('expected an ISO 4217 code such as USD');
  return value;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a number >= 0');
  return parsed;
}

interface ReplayFlags {
  input?: string;
  generate?: number;
  days: number;
  seed: number;
  currency: string;
  strict?: boolean;
  shiftToNow?: boolean;
  runId?: string;
  rate: number;
  brokers: string;
  topicPrefix: string;
  maxOutage: number;
  endAt?: number;
  progress?: boolean;
}

function replaySource(flags: ReplayFlags) {
  if ((flags.input === undefined) === (flags.generate === undefined)) {
    throw new CliError('replay needs exactly one of --input <file> or --generate <customers>', ExitCode.badInput);
  }
  return flags.input !== undefined
    ? {
        kind: 'csv' as const,
        input: flags.input,
        currency: flags.currency,
        strict: flags.strict === true,
        shiftToNow: flags.shiftToNow === true,
      }
    : {
        kind: 'generated' as const,
        customers: flags.generate!,
        days: flags.days,
        seed: flags.seed,
        currency: flags.currency,
      };
}

function withCommonOptions(command: Command): Command {
  return command
    .requiredOption('--input <file>', 'transactions CSV: customerId,occurredAt,amount[,currency][,type][,orderId]')
    .addOption(
      new Option('--time-unit <unit>', 'unit of recency, T and the model rates')
        .choices(['week', 'day'])
        .default('week'),
    )
    .option('--currency <code>', 'currency of rows without a currency column or value', currencyCode, 'USD')
    .option('--strict', 'fail (exit 2) if any row is malformed instead of skipping it')
    .option('--progress', 'draw progress on stderr even when it is not a terminal');
}

function historyOptions(flags: CommonFlags, asOf: number): HistoryOptions {
  return {
    input: flags.input,
    asOf,
    timeUnit: flags.timeUnit,
    currency: flags.currency,
    strict: flags.strict === true,
  };
}

interface SplitFlags {
  calibrationEnd: number;
  holdoutEnd: number;
}

function churnOptions(flags: CommonFlags & SplitFlags) {
  return {
    input: flags.input,
    currency: flags.currency,
    strict: flags.strict === true,
    timeUnit: flags.timeUnit,
    calibrationEnd: flags.calibrationEnd,
    holdoutEnd: flags.holdoutEnd,
  };
}

/**
 * Runs `churn` with the arguments after the program name and returns the exit code (see
 * ExitCode). Never calls process.exit, so tests run it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = new Command('churn')
    .description('Fit customer-base models and score every customer of a transaction CSV')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  withCommonOptions(
    program
      .command('fit')
      .description('fit BG/NBD, Pareto/NBD and Gamma-Gamma on the history up to the calibration end; print JSON'),
  )
    .requiredOption('--calibration-end <date>', 'last day of the calibration period (included)', instant)
    .action(async (flags: CommonFlags & { calibrationEnd: number }) => {
      await fitCommand(historyOptions(flags, flags.calibrationEnd), io, createProgress(io, flags.progress === true));
    });

  withCommonOptions(
    program
      .command('score')
      .description('score every customer at the as-of day: RFM, segment, tier, stage, P(alive), CLV'),
  )
    .requiredOption(
      '--as-of <date>',
      'day to score at (included); the models are fitted on the history up to it',
      instant,
    )
    .option('--out <file>', 'write the rows to a file instead of stdout')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('--priors', 'score with the documented prior parameters instead of fitting (small populations)')
    .action(async (flags: CommonFlags & { asOf: number; out?: string; format: ScoreFormat; priors?: boolean }) => {
      await scoreCommand(
        { ...historyOptions(flags, flags.asOf), out: flags.out, format: flags.format, priors: flags.priors === true },
        io,
        createProgress(io, flags.progress === true),
      );
    });

  withCommonOptions(
    program
      .command('train')
      .description('train a churn model on the calibration period (time split inside it) and save it'),
  )
    .requiredOption('--calibration-end <date>', 'last day the model may learn from (included)', instant)
    .requiredOption('--holdout-end <date>', 'end of the prediction horizon after the calibration end', instant)
    .requiredOption('--out <dir>', 'directory to write the model artifact to')
    .action(async (flags: CommonFlags & SplitFlags & { out: string }) => {
      await trainCommand({ ...churnOptions(flags), out: flags.out }, io);
    });

  withCommonOptions(
    program
      .command('evaluate')
      .description('score customers at the calibration end against the holdout: model vs baselines, JSON'),
  )
    .requiredOption('--calibration-end <date>', 'day the customers are scored at (included)', instant)
    .requiredOption('--holdout-end <date>', 'last day of the holdout whose purchases decide churn', instant)
    .option('--model <dir>', 'a model written by churn train (default: train one on the calibration period)')
    .action(async (flags: CommonFlags & SplitFlags & { model?: string }) => {
      await evaluateCommand({ ...churnOptions(flags), model: flags.model }, io);
    });

  program
    .command('replay')
    .description('publish a history (CSV or a generated population) to the raw topics, as upstream systems would')
    .option('--input <file>', 'transactions CSV as for the other commands')
    .option(
      '--generate <customers>',
      'simulate this many customers instead (rhythms, churners, refunds, complaints)',
      positiveInteger,
    )
    .option('--days <n>', 'length of the simulated window, ending now (or at --end-at)', positiveInteger, 365)
    .option(
      '--end-at <instant>',
      'end of the simulated window, or where --shift-to-now moves the last purchase, instead of now: reruns publish identical events',
      instant,
    )
    .option('--seed <n>', 'seed of the simulation', positiveInteger, 1)
    .option('--currency <code>', 'currency of CSV rows without one, and of the simulation', currencyCode, 'USD')
    .option('--strict', 'fail (exit 2) if any CSV row is malformed instead of skipping it')
    .option('--shift-to-now', 'move the CSV history in time so its last purchase happens now')
    .option('--run-id <id>', 'prefix of event ids (default from the file name or seed: a rerun is deduplicated)')
    .option('--rate <events/s>', 'events per second; 0 = as fast as the broker acknowledges', nonNegativeNumber, 0)
    .option('--brokers <list>', 'Kafka bootstrap servers', process.env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .option(
      '--topic-prefix <prefix>',
      "namespace of the topics, as the services' TOPIC_PREFIX",
      process.env.TOPIC_PREFIX ?? '',
    )
    .option(
      '--max-outage <seconds>',
      'give up (exit 3) when the broker stays unreachable this long',
      positiveInteger,
      120,
    )
    .option('--progress', 'draw progress on stderr even when it is not a terminal')
    .action(async (flags: ReplayFlags) => {
      await replayCommand(
        {
          source: replaySource(flags),
          runId: flags.runId,
          brokers: flags.brokers.split(','),
          topicPrefix: flags.topicPrefix,
          ratePerSecond: flags.rate,
          maxOutageMs: flags.maxOutage * 1_000,
          endAt: flags.endAt,
        },
        io,
        createProgress(io, flags.progress === true),
      );
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    // Commander has already printed its own message (usage errors, --help, --version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
    if (error instanceof CliError) {
      io.stderr.write(`churn: ${error.message}\n`);
      return error.code;
    }
    // The domain signals data it cannot model (no repeat buyer, degenerate fit) with RangeError.
    if (error instanceof RangeError) {
      io.stderr.write(`churn: ${error.message}\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
}
