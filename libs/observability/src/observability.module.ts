import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { HEALTH_INDICATORS, type HealthIndicator } from './health';
import { ObservabilityController } from './observability.controller';

export const LOGGER = Symbol('LOGGER');

/**
 * Global module: the service's logger and metrics registry, and the health/metrics routes.
 * Health indicators are injected by class, so they must come from global modules (messaging,
 * persistence, cache) or be listed among `providers`.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { logger: Logger; registry: Registry; healthIndicators: (new (...args: never[]) => HealthIndicator)[] }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [ObservabilityController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: Registry, useValue: options.registry },
        {
          provide: HEALTH_INDICATORS,
          useFactory: (...indicators: HealthIndicator[]) => indicators,
          inject: options.healthIndicators,
        },
      ],
      exports: [LOGGER, Registry],
    };
  }
}
