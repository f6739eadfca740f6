import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, problem } from '@churn/http';
import { RequireScope } from '../auth/scopes';
import { customerIdParam } from '../http/request-input';
import { Forwarder } from './forwarder';

const base = (customerId: string) => `/v1/customers/${encodeURIComponent(customerIdParam(customerId))}/loyalty`;

/** The points ledger, forwarded to loyalty-ledger. */
@ApiTags('loyalty')
@ApiSecurity('apiKey')
@Controller('v1/customers/:customerId/loyalty')
export class LoyaltyController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get()
  @RequireScope('loyalty:read')
  @ApiOperation({ summary: 'Points balance and tier' })
  balance(@Param('customerId') customerId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('loyalty-ledger', request, reply, { method: 'GET', path: base(customerId) });
  }

  @Get('statement')
  @RequireScope('loyalty:read')
  @ApiOperation({ summary: 'Ledger statement; query parameters are passed through' })
  statement(@Param('customerId') customerId: string, @Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('loyalty-ledger', request, reply, { method: 'GET', path: `${base(customerId)}/statement`, query });
  }

  @Post('redemptions')
  @RequireScope('loyalty:write')
  @ApiOperation({ summary: 'Redeem points (audited); Idempotency-Key required' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  redeem(@Param('customerId') customerId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(key)) throw new ProblemException(problem(400, 'an Idempotency-Key header (1-128 printable characters) is required'));
    return this.forwarder.forward('loyalty-ledger', request, reply, {
      method: 'POST',
      path: `${base(customerId)}/redemptions`,
      body: body ?? {},
      headers: { 'idempotency-key': key },
      audit: { action: 'loyalty.redeem', target: customerId },
    });
  }

  @Post('adjustments')
  @RequireScope('loyalty:write')
  @ApiOperation({ summary: 'Manual points adjustment (audited)' })
  adjust(@Param('customerId') customerId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const key = request.headers['idempotency-key'];
    return this.forwarder.forward('loyalty-ledger', request, reply, {
      method: 'POST',
      path: `${base(customerId)}/adjustments`,
      body: body ?? {},
      headers: { 'idempotency-key': typeof key === 'string' ? key : undefined },
      audit: { action: 'loyalty.adjust', target: customerId },
    });
  }
}
