import { createHash } from 'node:crypto';
import { schemaOf } from '@churn/persistence';
import { type EntityManager, QueryFailedError } from 'typeorm';

/** The HTTP answer to a request (redemption, adjustment), stored under its journal key so that a retry gets it verbatim. */
export interface RequestAnswer {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
}

export class RequestIdReused extends Error {
  constructor(readonly requestId: string) {
    super(`request id ${requestId} was used with a different request`);
  }
}

const UNIQUE_VIOLATION = '23505';

/** What identifies a request's body (customer included): a retry must send the same. */
export function requestBodyHash(body: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * A request id already in another customer's journal (or answers) fails the posting's statement
 * on a unique key: a concurrent or earlier request with another body.
 */
export function isReusedRequestId(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}

/** The answer stored for a request key, when the body matches; RequestIdReused otherwise. */
export async function storedAnswer(
  manager: EntityManager,
  requestKey: string,
  requestId: string,
  bodyHash: string,
): Promise<RequestAnswer> {
  const [previous] = (await manager.query(
    `SELECT body_hash, status_code, response FROM "${schemaOf(manager.connection)}".redemption_requests WHERE request_id = $1`,
    [requestKey],
  )) as { body_hash: string; status_code: number; response: Record<string, unknown> }[];
  if (previous?.body_hash !== bodyHash) throw new RequestIdReused(requestId);
  return { statusCode: previous.status_code, body: previous.response };
}
