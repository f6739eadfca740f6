import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { Clock } from '@churn/config';
import { type LoyaltyPolicy, loyaltySummary } from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import type { LoyaltyLedgerConfig } from '../config';
import { LedgerStore } from '../ledger/ledger.store';
import { type StatementLine, StatementStore } from '../ledger/statement.store';
import { AdjustmentService } from '../redemptions/adjustment.service';
import { RedemptionService } from '../redemptions/redemption.service';
import { type RequestAnswer, RequestIdReused } from '../redemptions/request-answers';
import { LOYALTY_CONFIG, LOYALTY_POLICY } from '../tokens';
import { AdjustmentBody, RedemptionBody, bodyValidator, requestIdOf } from './request-bodies';

const validateRedemption = bodyValidator(RedemptionBody);
const validateAdjustment = bodyValidator(AdjustmentBody);

/** Answers a stored command result: 2xx as is, a refusal as problem+json carrying the same fields. */
function answer(result: RequestAnswer): Record<string, unknown> {
  if (result.statusCode < 400) return result.body;
  throw new ProblemException(problem(result.statusCode, `refused: ${String(result.body['reason'])}`, result.body));
}

/** A customer's points (internal: the gateway authenticates and forwards). */
@Controller('v1/customers/:customerId/loyalty')
export class LoyaltyController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: LedgerStore,
    private readonly statements: StatementStore,
    private readonly redemptions: RedemptionService,
    private readonly adjustments: AdjustmentService,
    private readonly clock: Clock,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
  ) {}

  /** Balances, points expiring within the notice period, tier and the way to the next one. A customer without entries has zeros. */
  @Get()
  async balance(@Param('customerId') customerId: string): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const customer = await this.store.loadCustomer(this.dataSource.manager, customerId);
    const summary = loyaltySummary(customer, now.getTime(), this.policy);
    return {
      ...summary,
      asOf: now.toISOString(),
      expiringSoon: summary.expiringSoon.map((e) => ({
        points: e.points,
        expiresAt: new Date(e.expiresAt).toISOString(),
      })),
      tierSince: customer.tierSince === undefined ? null : new Date(customer.tierSince).toISOString(),
    };
  }

  @Get('statement')
  async statement(
    @Param('customerId') customerId: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<{ entries: StatementLine[]; next: string | null }> {
    const size = limit === undefined ? this.config.STATEMENT_PAGE_SIZE : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > this.config.STATEMENT_MAX_PAGE_SIZE) {
      throw new ProblemException(
        problem(400, `limit must be an integer from 1 to ${this.config.STATEMENT_MAX_PAGE_SIZE}`),
      );
    }
    if (cursor !== undefined && !/^[1-9][0-9]{0,17}$/.test(cursor))
      throw new ProblemException(problem(400, 'cursor is not one returned by this route'));
    const entries = await this.statements.page(this.dataSource.manager, customerId, cursor, size);
    return { entries, next: entries.length === size ? entries.at(-1)!.entryId : null };
  }

  /** 201 when redeemed; 422 when refused (insufficient-balance, daily-redemption-limit); 409 when the request id was used for another request. */
  @Post('redemptions')
  @HttpCode(201)
  async redeem(
    @Param('customerId') customerId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Record<string, unknown>> {
    const request = validateRedemption(body);
    const requestId = requestIdOf(idempotencyKey, request.requestId);
    try {
      return answer(await this.redemptions.redeem(customerId, requestId, request.points));
    } catch (error) {
      if (error instanceof RequestIdReused) throw new ProblemException(problem(409, error.message));
      throw error;
    }
  }

  /** Operator credit (points > 0) or debit (< 0) with a reason; 422 when a debit exceeds the available balance; 409 when the request id was used for another request. */
  @Post('adjustments')
  @HttpCode(201)
  async adjust(
    @Param('customerId') customerId: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Record<string, unknown>> {
    const request = validateAdjustment(body);
    const requestId = requestIdOf(idempotencyKey, request.requestId);
    try {
      return answer(
        await this.adjustments.adjust(customerId, {
          requestId,
          points: request.points,
          reason: request.reason,
          operator: request.operator,
        }),
      );
    } catch (error) {
      if (error instanceof RequestIdReused) throw new ProblemException(problem(409, error.message));
      throw error;
    }
  }
}
