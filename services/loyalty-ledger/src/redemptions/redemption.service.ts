import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type LoyaltyPolicy, customerLedger, redeemPoints, redemptionKey } from '@churn/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerPoster } from '../ledger/ledger-poster';
import { LOYALTY_POLICY } from '../tokens';
import { fraudAlertRecord } from './fraud-alert';
import {
  type RequestAnswer,
  RequestIdReused,
  isReusedRequestId,
  requestBodyHash,
  storedAnswer,
} from './request-answers';

/**
 * Redemptions: idempotent by request id (same id and body: the first answer, stored in
 * redemption_requests under the journal key; same id, another body: RequestIdReused), never below
 * zero because the customer's balance row is locked (SELECT ... FOR UPDATE, via LedgerPoster)
 * while the domain checks and debits the balance. The request id is the journal key, unique
 * across customers. The answer is written in the posting's statement: begin, lock, load, post,
 * commit.
 */
@Injectable()
export class RedemptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly poster: LedgerPoster,
    private readonly clock: Clock,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
  ) {}

  async redeem(customerId: string, requestId: string, points: number): Promise<RequestAnswer> {
    const bodyHash = requestBodyHash([customerId, points]);
    try {
      return await this.dataSource.transaction((manager) =>
        this.redeemWithin(manager, customerId, requestId, points, bodyHash),
      );
    } catch (error) {
      if (isReusedRequestId(error)) throw new RequestIdReused(requestId);
      throw error;
    }
  }

  /**
   * The customer's lock serializes requests for one customer, so a retry of a request id finds
   * its journal entry (the domain answers "duplicate") and gets the stored answer.
   */
  private async redeemWithin(
    manager: EntityManager,
    customerId: string,
    requestId: string,
    points: number,
    bodyHash: string,
  ): Promise<RequestAnswer> {
    const now = this.clock.now();
    const requestKey = redemptionKey(requestId);
    const { results } = await this.poster.post(manager, [customerId], now.getTime(), (ledger) => {
      const outcome = redeemPoints(ledger, { requestId, customerId, points, requestedAt: now.getTime() }, this.policy);
      if (outcome.status === 'duplicate') return { ledger: outcome.ledger, result: undefined };
      const tier = customerLedger(ledger, customerId).tier;
      const records =
        outcome.status === 'rejected' && outcome.fraudWarning
          ? [fraudAlertRecord(outcome.fraudWarning, requestId, tier, now)]
          : [];
      const balances = customerLedger(outcome.ledger, customerId).balances;
      const balance = { available: balances.available, locked: balances.locked };
      const details = outcome.entry.details;
      const answer: RequestAnswer =
        details.kind === 'points-redeemed'
          ? {
              statusCode: 201,
              body: { requestId, customerId, status: 'redeemed', points, redeemedAt: now.toISOString(), balance },
            }
          : {
              statusCode: 422,
              body: {
                requestId,
                customerId,
                status: 'rejected',
                points,
                reason: details.kind === 'command-rejected' ? details.reason : 'unknown',
                balance,
              },
            };
      return {
        ledger: outcome.ledger,
        result: answer,
        records,
        answer: { ...answer, requestKey, customerId, bodyHash },
      };
    });
    return results.get(customerId) ?? storedAnswer(manager, requestKey, requestId, bodyHash);
  }
}
