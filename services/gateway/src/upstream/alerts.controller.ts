import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequireScope } from '../auth/scopes';
import { idParam } from '../http/request-input';
import { Forwarder } from './forwarder';

/** Alerts and their outcomes, forwarded to alerting. */
@ApiTags('alerts')
@ApiSecurity('apiKey')
@Controller('v1')
export class AlertsController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get('alerts')
  @RequireScope('alerts:read')
  @ApiOperation({ summary: "Alerts; filters are alerting's (status, level, customerId, ...), passed through" })
  list(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('alerting', request, reply, { method: 'GET', path: '/v1/alerts', query });
  }

  @Get('alerts/:alertId')
  @RequireScope('alerts:read')
  @ApiOperation({ summary: 'One alert' })
  one(@Param('alertId') alertId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('alerting', request, reply, { method: 'GET', path: `/v1/alerts/${encodeURIComponent(idParam('alert id', alertId))}` });
  }

  @Post('alerts/:alertId/ack')
  @HttpCode(200)
  @RequireScope('alerts:write')
  @ApiOperation({ summary: 'Acknowledge an alert (audited)' })
  ack(@Param('alertId') alertId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.transition('ack', alertId, body, request, reply);
  }

  @Post('alerts/:alertId/resolve')
  @HttpCode(200)
  @RequireScope('alerts:write')
  @ApiOperation({ summary: 'Resolve an alert with its outcome (audited)' })
  resolve(@Param('alertId') alertId: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.transition('resolve', alertId, body, request, reply);
  }

  @Get('reports/outcomes')
  @RequireScope('alerts:read')
  @ApiOperation({ summary: 'Alert outcomes and the retained share' })
  outcomes(@Query() query: Record<string, string>, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.forwarder.forward('alerting', request, reply, { method: 'GET', path: '/v1/reports/outcomes', query });
  }

  private transition(action: 'ack' | 'resolve', alertId: string, body: unknown, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const id = idParam('alert id', alertId);
    return this.forwarder.forward('alerting', request, reply, {
      method: 'POST',
      path: `/v1/alerts/${encodeURIComponent(id)}/${action}`,
      body: body ?? {},
      audit: { action: `alerts.${action}`, target: id },
    });
  }
}
