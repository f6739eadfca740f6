import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { HEALTH_INDICATORS, type HealthIndicator, checkReadiness } from './health';

/** Liveness, readiness and Prometheus metrics: the same three routes on every service. */
@Controller()
export class ObservabilityController {
  constructor(
    private readonly registry: Registry,
    @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[],
  ) {}

  /** The process is up and its event loop turns; dependencies are readiness's business. */
  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const report = await checkReadiness(this.indicators);
    reply.status(report.status === 'ready' ? 200 : 503);
    return report;
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
