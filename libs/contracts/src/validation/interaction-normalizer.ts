import type { ValidationIssue } from '../schemas/dead-letter';
import { INTERACTION_SCORE_RANGES, InteractionEventV1, type InteractionV1 } from '../schemas/interaction';
import { type ValidationResult, invalid, valid } from './result';
import { compileSchema } from './schema-validator';
import { DEFAULT_TIME_BOUNDS, type TimeBounds, isoInstant, toUtcInstant } from './time-bounds';

const validateShape = compileSchema(InteractionEventV1);

/**
 * Validates a raw interaction event and normalizes it for interactions.v1. Scores are required
 * for nps (0-10), satisfaction and review (1-5), and refused for every other kind: a "login"
 * with a score is a mapping bug upstream, better surfaced than silently kept.
 */
export function normalizeInteraction(
  input: unknown,
  now: Date,
  bounds: TimeBounds = DEFAULT_TIME_BOUNDS,
): ValidationResult<InteractionV1> {
  const shape = validateShape(input);
  if (!shape.ok) return shape;
  const event = shape.value;
  const issues: ValidationIssue[] = [];

  const occurredAt = toUtcInstant('/occurredAt', event.occurredAt, now, bounds);
  if (!occurredAt.ok) issues.push(occurredAt.issue);

  const range = INTERACTION_SCORE_RANGES[event.kind];
  if (range && event.score === undefined) {
    issues.push({ path: '/score', message: `is required for kind ${event.kind} (${range[0]}-${range[1]})` });
  } else if (range && event.score !== undefined && (event.score < range[0] || event.score > range[1])) {
    issues.push({ path: '/score', message: `must be between ${range[0]} and ${range[1]} for kind ${event.kind}` });
  } else if (!range && event.score !== undefined) {
    issues.push({ path: '/score', message: `is not allowed for kind ${event.kind}` });
  }

  if (issues.length > 0 || !occurredAt.ok) return invalid(...issues);
  const normalized: InteractionV1 = {
    eventId: event.eventId,
    customerId: event.customerId,
    occurredAt: occurredAt.instant,
    kind: event.kind,
    ingestedAt: isoInstant(now),
  };
  // Assigned rather than spread from conditional literals: see normalizePurchase.
  if (event.score !== undefined) normalized.score = event.score;
  if (event.reference !== undefined) normalized.reference = event.reference;
  return valid(normalized);
}
