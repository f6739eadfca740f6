import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { type TimeBounds, describeIssues } from '@churn/contracts';
import { EventPublisher, type OutgoingRecord, deadLetterRecord } from '@churn/messaging';
import { Clock } from '@churn/config';
import type { IngestionConfig } from '../config';
import { SeenEventsStore } from '../dedupe/seen-events.store';
import { INGESTION_CONFIG } from '../tokens';
import { contentHash } from './content-hash';
import type { EventStream, NormalizedEvent } from './event-streams';
import type { IngestInput, IngestOutcome, RejectedOutcome } from './ingest-outcome';

export interface IngestOptions {
  /**
   * Whether invalid events go to the DLQ. Yes for Kafka (nobody else holds the record); no for
   * HTTP, where the caller gets the reason in the response and still has the payload.
   * Conflicts always go to the DLQ: they mean two upstream systems disagree.
   */
  deadLetterInvalid: boolean;
}

interface Candidate {
  index: number;
  event: NormalizedEvent;
  hash: string;
}

const HOUR_MS = 3_600_000;

/**
 * The one path every event takes, whatever the transport: validate and normalize, deduplicate by
 * eventId (within the batch and against the dedupe memory), then publish accepted events and dead
 * letters in one acknowledged send, inside the dedupe transaction. Resolves only when Kafka has
 * acknowledged everything; throws (nothing claimed, nothing acknowledged) when it could not.
 */
@Injectable()
export class IngestPipeline {
  private readonly bounds: TimeBounds;
  private readonly outcomes: Counter<'stream' | 'transport' | 'outcome'>;

  constructor(
    private readonly store: SeenEventsStore,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    registry: Registry,
  ) {
    this.bounds = { maxFutureSkewMs: config.MAX_FUTURE_SKEW_HOURS * HOUR_MS, earliest: new Date(config.EARLIEST_EVENT_TIME) };
    this.outcomes = new Counter({
      name: 'ingestion_events_total',
      help: 'Events by stream, transport and outcome (accepted, duplicate, or the rejection code)',
      labelNames: ['stream', 'transport', 'outcome'],
      registers: [registry],
    });
  }

  async ingest(stream: EventStream, inputs: readonly IngestInput[], options: IngestOptions): Promise<IngestOutcome[]> {
    const now = this.clock.now();
    const outcomes: IngestOutcome[] = new Array<IngestOutcome>(inputs.length);
    const candidates: Candidate[] = [];
    const repeats: Candidate[] = [];
    const firstByEventId = new Map<string, Candidate>();

    inputs.forEach((input, index) => {
      if (input.parseIssues) {
        outcomes[index] = { status: 'rejected', code: 'unparseable', reason: describeIssues(input.parseIssues), issues: input.parseIssues };
        return;
      }
      const result = stream.normalize(input.parsed, now, this.bounds);
      if (!result.ok) {
        const eventId = readEventId(input.parsed);
        outcomes[index] = { status: 'rejected', ...(eventId ? { eventId } : {}), code: 'invalid', reason: describeIssues(result.issues), issues: result.issues };
        return;
      }
      const candidate = { index, event: result.value, hash: contentHash(result.value) };
      if (firstByEventId.has(candidate.event.eventId)) repeats.push(candidate);
      else {
        firstByEventId.set(candidate.event.eventId, candidate);
        candidates.push(candidate);
      }
    });

    await this.store.claim(
      stream.name,
      candidates.map((c) => ({ eventId: c.event.eventId, contentHash: c.hash })),
      async (prior) => {
        for (const candidate of candidates) outcomes[candidate.index] = judge(candidate, prior.get(candidate.event.eventId));
        for (const repeat of repeats) {
          const first = firstByEventId.get(repeat.event.eventId)!;
          const firstOutcome = outcomes[first.index]!;
          outcomes[repeat.index] = repeat.hash !== first.hash ? conflict(repeat.event.eventId) : firstOutcome.status === 'rejected' ? firstOutcome : { status: 'duplicate', eventId: repeat.event.eventId };
        }
        await this.publisher.publish(this.recordsFor(stream, inputs, outcomes, candidates, options, now));
      },
    );

    this.countOutcomes(stream, inputs, outcomes);
    return outcomes;
  }

  /** Tallies first, then one increment per label set: prom-client hashes the labels on every `inc`. */
  private countOutcomes(stream: EventStream, inputs: readonly IngestInput[], outcomes: readonly IngestOutcome[]): void {
    const tally = new Map<string, { transport: string; outcome: string; count: number }>();
    outcomes.forEach((outcome, index) => {
      const transport = inputs[index]!.source.transport;
      const label = outcome.status === 'rejected' ? outcome.code : outcome.status;
      const key = `${transport}/${label}`;
      const entry = tally.get(key);
      if (entry) entry.count += 1;
      else tally.set(key, { transport, outcome: label, count: 1 });
    });
    for (const { transport, outcome, count } of tally.values()) this.outcomes.inc({ stream: stream.name, transport, outcome }, count);
  }

  private recordsFor(
    stream: EventStream,
    inputs: readonly IngestInput[],
    outcomes: readonly IngestOutcome[],
    candidates: readonly Candidate[],
    options: IngestOptions,
    now: Date,
  ): OutgoingRecord[] {
    const records: OutgoingRecord[] = [];
    for (const candidate of candidates) {
      if (outcomes[candidate.index]!.status !== 'accepted') continue;
      const { event } = candidate;
      records.push({ topic: stream.outputTopic, key: event.customerId, value: event, headers: { eventId: event.eventId } });
    }
    outcomes.forEach((outcome, index) => {
      if (outcome.status !== 'rejected' || (outcome.code !== 'conflict' && !options.deadLetterInvalid)) return;
      const input = inputs[index]!;
      records.push(this.deadLetter(stream, input, outcome, now));
    });
    return records;
  }

  private deadLetter(stream: EventStream, input: IngestInput, outcome: RejectedOutcome, now: Date): OutgoingRecord {
    const customerId = readString(input.parsed, 'customerId');
    return deadLetterRecord({
      dlqTopic: stream.deadLetterTopic,
      consumer: this.config.CONSUMER_GROUP,
      reason: { code: outcome.code, message: outcome.reason, ...(outcome.issues ? { issues: outcome.issues } : {}) },
      source: input.source,
      payload: input.original === undefined ? JSON.stringify(input.parsed) : input.original,
      key: input.key ?? customerId ?? null,
      ...(outcome.eventId ? { eventId: outcome.eventId } : {}),
      now,
    });
  }
}

function judge(candidate: Candidate, priorHash: string | undefined): IngestOutcome {
  const { eventId } = candidate.event;
  if (priorHash === undefined) return { status: 'accepted', eventId };
  return priorHash === candidate.hash ? { status: 'duplicate', eventId } : conflict(eventId);
}

function conflict(eventId: string): RejectedOutcome {
  return { status: 'rejected', eventId, code: 'conflict', reason: `eventId ${JSON.stringify(eventId)} was already accepted with different content` };
}

function readString(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, field)) return undefined;
  const read = (value as Record<string, unknown>)[field];
  return typeof read === 'string' && read.length > 0 && read.length <= 128 ? read : undefined;
}

/** The eventId of a rejected event when it has a usable one, so the sender can match the reason. */
function readEventId(value: unknown): string | undefined {
  return readString(value, 'eventId');
}
