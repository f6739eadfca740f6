import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ProblemException, problem } from '@churn/http';
import { RequireScope } from '../auth/scopes';
import { customerIdParam, dateQuery, intQuery, oneOfQuery } from '../http/request-input';
import { type CustomerSort, CustomerQueries, type CustomerSummary } from './customer-queries';
import { type Distribution, type Kpis, PopulationQueries } from './population-queries';

const SEGMENTS = ['Champions', 'Loyal', 'Potential Loyalist', 'New', 'Promising', 'Need Attention', 'About to Sleep', 'At Risk', 'Cannot Lose Them', 'Hibernating', 'Lost'] as const;
const TIERS = ['diamond', 'gold', 'silver', 'basic'] as const;
const RISKS = ['high', 'medium', 'low'] as const;
const SORTS: readonly CustomerSort[] = ['clv', 'risk', 'id'];

/** Reads of the gateway's read model (scores.v1 + churn-predictions.v1). */
@ApiTags('customers')
@ApiSecurity('apiKey')
@Controller('v1')
export class CustomersController {
  constructor(
    private readonly customers: CustomerQueries,
    private readonly population: PopulationQueries,
  ) {}

  @Get('customers')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Customers by segment, tier, risk and value; keyset pagination (pass nextCursor back as cursor)' })
  @ApiQuery({ name: 'segment', required: false, enum: SEGMENTS })
  @ApiQuery({ name: 'tier', required: false, enum: TIERS })
  @ApiQuery({ name: 'risk', required: false, enum: RISKS })
  @ApiQuery({ name: 'minClv', required: false, description: 'Minimum CLV in minor units' })
  @ApiQuery({ name: 'sort', required: false, enum: SORTS, description: 'clv (default) and risk: highest first; id: ascending' })
  @ApiQuery({ name: 'limit', required: false, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @Query('segment') segment?: string,
    @Query('tier') tier?: string,
    @Query('risk') risk?: string,
    @Query('minClv') minClv?: string,
    @Query('sort') sort?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ): Promise<{ items: CustomerSummary[]; nextCursor: string | null }> {
    const minClvValue = intQuery('minClv', minClv, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const filter = {
      segment: oneOfQuery('segment', segment, SEGMENTS),
      tier: oneOfQuery('tier', tier, TIERS),
      risk: oneOfQuery('risk', risk, RISKS),
      sort: oneOfQuery('sort', sort, SORTS) ?? 'clv',
      limit: intQuery('limit', limit, { min: 1, max: 200, fallback: 50 })!,
      ...(minClvValue === undefined ? {} : { minClv: minClvValue }),
      ...(cursor ? { cursor } : {}),
    };
    return this.customers.list(filter as Parameters<CustomerQueries['list']>[0]);
  }

  @Get('customers/:customerId/timeline')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Purchases (one entry per history change) and predictions of a customer, newest first' })
  async timeline(@Param('customerId') customerId: string): Promise<{ customerId: string; entries: unknown[] }> {
    const id = customerIdParam(customerId);
    const entries = await this.customers.timeline(id);
    if (entries.length === 0 && !(await this.customers.one(id))) throw new ProblemException(problem(404, 'the gateway knows nothing about this customer'));
    return { customerId: id, entries };
  }

  @Get('segments')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Customers per RFM segment, and moves between segments since a date (UTC)' })
  @ApiQuery({ name: 'since', required: false, description: 'YYYY-MM-DD' })
  segments(@Query('since') since?: string): Promise<Distribution> {
    return this.population.distribution('segment', dateQuery('since', since));
  }

  @Get('tiers')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Customers per value tier, and moves between tiers since a date (UTC)' })
  @ApiQuery({ name: 'since', required: false, description: 'YYYY-MM-DD' })
  tiers(@Query('since') since?: string): Promise<Distribution> {
    return this.population.distribution('tier', dateQuery('since', since));
  }

  @Get('risk-distribution')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Histogram of churn probabilities (10 bins) and customers per risk level' })
  riskDistribution(): ReturnType<PopulationQueries['riskHistogram']> {
    return this.population.riskHistogram();
  }

  @Get('kpis')
  @RequireScope('scores:read')
  @ApiOperation({ summary: 'Churn rate, repurchase rate, AOV and mean CLV per day, with their trend' })
  @ApiQuery({ name: 'days', required: false, description: '1-366, default 30' })
  @ApiQuery({ name: 'currency', required: false, description: 'ISO 4217; default the most common' })
  kpis(@Query('days') days?: string, @Query('currency') currency?: string): Promise<Kpis> {
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) throw new ProblemException(problem(400, 'currency must be an ISO 4217 code'));
    return this.population.kpis(intQuery('days', days, { min: 1, max: 366, fallback: 30 })!, currency);
  }
}
