import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '@churn/observability';
import { schemaOf } from '../schema-of';
import { deleteOlderThan } from './delete-older-than';

/** Rows of a table in the service's schema that are kept for `keepMs` after `timeColumn`. */
export interface RetentionRule {
  name: string;
  table: string;
  timeColumn: string;
  keepMs: number;
}

export interface RetentionOptions {
  intervalMs: number;
  rules: readonly RetentionRule[];
  chunkSize?: number;
}

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');

/**
 * Applies retention rules on an interval (dedupe memory, processed-event records, ...). Safe on
 * every instance at once: deletes are idempotent. A failed round is logged and retried at the next
 * tick; it never affects event processing.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs every rule once; returns the rows deleted per rule (0 for a rule that failed). */
  async runOnce(now: Date = new Date()): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const rule of this.options.rules) {
      const cutoff = new Date(now.getTime() - rule.keepMs);
      try {
        deleted[rule.name] = await deleteOlderThan(this.dataSource, `"${schemaOf(this.dataSource)}".${rule.table}`, rule.timeColumn, cutoff, this.options.chunkSize);
        this.logger.info({ rule: rule.name, deleted: deleted[rule.name], cutoff: cutoff.toISOString() }, 'retention');
      } catch (error) {
        deleted[rule.name] = 0;
        this.logger.warn({ err: error, rule: rule.name }, 'retention round failed; will retry');
      }
    }
    return deleted;
  }
}

@Module({})
export class RetentionModule {
  static forRoot(options: RetentionOptions): DynamicModule {
    return { module: RetentionModule, providers: [{ provide: RETENTION_OPTIONS, useValue: options }, RetentionJob], exports: [RetentionJob] };
  }
}
