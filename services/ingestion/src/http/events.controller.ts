import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, problem } from '@churn/http';
import { isTransientError } from '@churn/messaging';
import type { IngestionConfig } from '../config';
import { INTERACTIONS, PURCHASES, type EventStream } from '../pipeline/event-streams';
import type { IngestInput, IngestOutcome } from '../pipeline/ingest-outcome';
import { IngestPipeline } from '../pipeline/ingest-pipeline';
import { INGESTION_CONFIG } from '../tokens';

export interface BatchResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: (IngestOutcome & { index: number })[];
}

/**
 * POST one event (a JSON object) or a batch (a JSON array of up to HTTP_MAX_BATCH_EVENTS).
 * 202 only after Kafka acknowledged every accepted event, with a result per event; 400 (409 for a
 * conflicting duplicate) when nothing in the request could be accepted; 503 with Retry-After when
 * the broker cannot be reached, in which case nothing from the request was accepted.
 */
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly pipeline: IngestPipeline,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  @Post('purchases')
  @HttpCode(202)
  purchases(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.handle(PURCHASES, body, request, reply);
  }

  @Post('interactions')
  @HttpCode(202)
  interactions(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.handle(INTERACTIONS, body, request, reply);
  }

  private async handle(stream: EventStream, body: unknown, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const isBatch = Array.isArray(body);
    const events: unknown[] = isBatch ? body : [body];
    if (events.length === 0) throw new ProblemException(problem(400, 'the batch is empty'));
    if (events.length > this.config.HTTP_MAX_BATCH_EVENTS) {
      throw new ProblemException(problem(400, `a batch holds at most ${this.config.HTTP_MAX_BATCH_EVENTS} events; this one has ${events.length}`));
    }
    const source = { transport: 'http', requestId: String(request.id) } as const;
    const inputs: IngestInput[] = events.map((event) => ({ parsed: event, key: null, source }));

    let outcomes: IngestOutcome[];
    try {
      outcomes = await this.pipeline.ingest(stream, inputs, { deadLetterInvalid: false });
    } catch (error) {
      if (isTransientError(error)) {
        throw new ProblemException(problem(503, 'the event broker or database is unreachable; nothing from this request was accepted, retry later'), { 'retry-after': '5' });
      }
      throw error;
    }

    if (!isBatch) return this.single(outcomes[0]!);
    const response: BatchResponse = { accepted: 0, duplicates: 0, rejected: 0, results: new Array(outcomes.length) };
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'accepted') response.accepted += 1;
      else if (outcome.status === 'duplicate') response.duplicates += 1;
      else response.rejected += 1;
      // Object.assign, not `{ index, ...outcome }`: a spread copy per event of a 1000-event batch.
      response.results[index] = Object.assign({ index }, outcome);
    });
    if (response.rejected === outcomes.length) {
      throw new ProblemException(problem(400, 'no event in the batch was acceptable; see results', { results: response.results }));
    }
    void reply.status(202);
    return response;
  }

  private single(outcome: IngestOutcome): IngestOutcome {
    if (outcome.status !== 'rejected') return outcome;
    const { reason, status: _status, ...details } = outcome;
    throw new ProblemException(problem(outcome.code === 'conflict' ? 409 : 400, reason, details));
  }
}
