import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type LoyaltyPolicy, adjustPoints, adjustmentKey, customerLedger } from '@churn/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerPoster } from '../ledger/ledger-poster';
import { LOYALTY_POLICY } from '../tokens';
import {
  type RequestAnswer,
  RequestIdReused,
  isReusedRequestId,
  requestBodyHash,
  storedAnswer,
} from './request-answers';

export interface AdjustmentRequest {
  readonly requestId: string;
  readonly points: number;
  readonly reason: string;
  readonly operator: string;
}

/**
 * Operator credits and debits, with reason and operator in the journal; idempotent by request id
 * (the journal key) like redemptions: the same id and body get the stored answer, the same id
 * with another body (or customer) RequestIdReused.
 */
@Injectable()
export class AdjustmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly poster: LedgerPoster,
    private readonly clock: Clock,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
  ) {}

  async adjust(customerId: string, request: AdjustmentRequest): Promise<RequestAnswer> {
    const bodyHash = requestBodyHash([customerId, request.points, request.reason, request.operator]);
    try {
      return await this.dataSource.transaction((manager) => this.adjustWithin(manager, customerId, request, bodyHash));
    } catch (error) {
      if (isReusedRequestId(error)) throw new RequestIdReused(request.requestId);
      throw error;
    }
  }

  private async adjustWithin(
    manager: EntityManager,
    customerId: string,
    request: AdjustmentRequest,
    bodyHash: string,
  ): Promise<RequestAnswer> {
    const now = this.clock.now().getTime();
    const requestKey = adjustmentKey(request.requestId);
    const { results } = await this.poster.post(manager, [customerId], now, (ledger) => {
      const outcome = adjustPoints(ledger, { ...request, customerId, adjustedAt: now }, this.policy);
      if (outcome.status === 'duplicate') return { ledger: outcome.ledger, result: undefined };
      const balances = customerLedger(outcome.ledger, customerId).balances;
      const balance = { available: balances.available, locked: balances.locked };
      const details = outcome.entry.details;
      const answer: RequestAnswer =
        details.kind === 'command-rejected'
          ? {
              statusCode: 422,
              body: { requestId: request.requestId, customerId, status: 'rejected', reason: details.reason, balance },
            }
          : {
              statusCode: 201,
              body: {
                requestId: request.requestId,
                customerId,
                status: 'adjusted',
                points: request.points,
                postedAt: new Date(outcome.entry.postedAt).toISOString(),
                balance,
              },
            };
      return { ledger: outcome.ledger, result: answer, answer: { ...answer, requestKey, customerId, bodyHash } };
    });
    return results.get(customerId) ?? storedAnswer(manager, requestKey, request.requestId, bodyHash);
  }
}
