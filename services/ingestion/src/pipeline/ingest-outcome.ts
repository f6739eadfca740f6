import type { DeadLetterReasonCode, DeadLetterSource, ValidationIssue } from '@churn/contracts';

/** One event as received by either transport, before any checks. */
export interface IngestInput {
  /** Parsed JSON, or undefined when `parseIssues` says why it could not be parsed. */
  readonly parsed: unknown;
  readonly parseIssues?: ValidationIssue[];
  /**
   * The bytes as received, for dead letters. Undefined for HTTP, where the body was parsed by the
   * framework: the parsed event is re-serialized, and only if it is actually dead-lettered.
   */
  readonly original?: Buffer | string | null;
  /** The Kafka key it arrived with (HTTP: none). */
  readonly key: string | null;
  readonly source: DeadLetterSource;
}

export type IngestOutcome =
  | { status: 'accepted'; eventId: string }
  | { status: 'duplicate'; eventId: string }
  | { status: 'rejected'; eventId?: string; code: DeadLetterReasonCode; reason: string; issues?: ValidationIssue[] };

export type RejectedOutcome = Extract<IngestOutcome, { status: 'rejected' }>;
