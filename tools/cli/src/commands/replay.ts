import { basename, extname } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { EventPublisher, MessagingMetrics, createKafkaClient } from '@churn/messaging';
import { type CliIo } from '../io';
import { type Progress } from '../progress';
import { historyEvents } from '../replay/history-events';
import { simulatePopulation } from '../replay/population';
import { type RawEvent } from '../replay/raw-event';
import { replay } from '../replay/replayer';
import { loadTransactions } from './load-transactions';

export type ReplaySource =
  | {
      readonly kind: 'csv';
      readonly input: string;
      readonly currency: string;
      readonly strict: boolean;
      readonly shiftToNow: boolean;
    }
  | {
      readonly kind: 'generated';
      readonly customers: number;
      readonly days: number;
      readonly seed: number;
      readonly currency: string;
    };

export interface ReplayCommandOptions {
  readonly source: ReplaySource;
  readonly runId: string | undefined;
  readonly brokers: string[];
  readonly topicPrefix: string;
  readonly ratePerSecond: number;
  readonly maxOutageMs: number;
  /** Where the history ends instead of now, so that reruns publish identical events. */
  readonly endAt?: number;
}

/** The default run id: a rerun of the same source publishes the same event ids (deduplicated). */
function defaultRunId(source: ReplaySource): string {
  return source.kind === 'csv' ? `replay-${basename(source.input, extname(source.input))}` : `sim${source.seed}`;
}

async function sourceEvents(options: ReplayCommandOptions, io: CliIo, now: number): Promise<RawEvent[]> {
  const { source } = options;
  const runId = options.runId ?? defaultRunId(source);
  if (source.kind === 'generated') {
    return simulatePopulation({
      customers: source.customers,
      days: source.days,
      seed: source.seed,
      currency: source.currency,
      runId,
      endAt: now,
    });
  }
  const transactions = await loadTransactions(
    {
      input: source.input,
      until: Number.MAX_SAFE_INTEGER,
      currency: source.currency,
      strict: source.strict,
      singleCurrency: false,
    },
    io,
  );
  const events = historyEvents(transactions, { runId, endAt: source.shiftToNow ? now : undefined });
  const zero = transactions.length - events.length;
  if (zero > 0)
    io.stderr.write(`${zero} rows with a zero amount not replayed (the purchase contract requires amount > 0)\n`);
  return events;
}

/**
 * `churn replay`: publishes a transaction history (a CSV as the other commands read it, or a
 * generated population) to purchases.raw.v1 / interactions.raw.v1 as an upstream system would,
 * at a set rate or as fast as the broker acknowledges, and prints a JSON summary.
 */
export async function replayCommand(options: ReplayCommandOptions, io: CliIo, progress: Progress): Promise<void> {
  const events = await sourceEvents(options, io, options.endAt ?? Date.now());
  // Warnings only, as JSON on stderr: stdout carries the summary.
  const logger = pino({ level: 'warn', base: { tool: 'churn-replay' } }, pino.destination(2));
  const kafka = createKafkaClient(
    { brokers: options.brokers, clientId: 'churn-replay', topicPrefix: options.topicPrefix },
    logger,
  );
  const publisher = new EventPublisher(kafka, options.topicPrefix, new MessagingMetrics(new Registry()), logger);
  progress.start('replay', events.length);
  try {
    const summary = await replay(events, publisher, {
      ratePerSecond: options.ratePerSecond,
      maxOutageMs: options.maxOutageMs,
      onBatch: (sent) => progress.update(sent),
    });
    progress.stop();
    io.stdout.write(
      `${JSON.stringify({ ...summary, runId: options.runId ?? defaultRunId(options.source), topicPrefix: options.topicPrefix })}\n`,
    );
  } finally {
    progress.stop();
    await publisher.disconnect();
  }
}
