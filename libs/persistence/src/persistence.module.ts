import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthIndicator } from '@churn/observability';
import { type DatabaseOptions, createDataSource, openDatabase } from './data-source';

/** Readiness: the service's Postgres answers a query. */
@Injectable()
export class DatabaseHealthIndicator implements HealthIndicator {
  readonly name = 'postgres';
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}

/** Opens the database (with migrations) when the app starts and closes the pool when it stops. */
@Injectable()
class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await openDatabase(this.dataSource);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [{ provide: DataSource, useFactory: () => createDataSource(options) }, DatabaseLifecycle, DatabaseHealthIndicator],
      exports: [DataSource, DatabaseHealthIndicator],
    };
  }
}
