import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireScope } from '../auth/scopes';
import { Forwarder } from './forwarder';

/** Event intake, forwarded to ingestion (one event or a batch; 202 once Kafka acknowledged). */
@ApiTags('events')
@ApiSecurity('apiKey')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post('purchases')
  @RequireScope('events:write')
  @ApiOperation({ summary: 'Purchase or refund events (a JSON object or an array), forwarded to ingestion' })
  purchases(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('ingestion', request, reply, { method: 'POST', path: '/v1/events/purchases', body, audit: { action: 'events.purchases', target: null } });
  }

  @Post('interactions')
  @RequireScope('events:write')
  @ApiOperation({ summary: 'Interaction events (complaints, NPS, logins...), forwarded to ingestion' })
  interactions(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('ingestion', request, reply, { method: 'POST', path: '/v1/events/interactions', body, audit: { action: 'events.interactions', target: null } });
  }
}
