import { type DynamicModule, Global, Module } from '@nestjs/common';
import { OUTBOX_OPTIONS, type OutboxOptions, OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

/**
 * Transactional outbox for a service that uses PersistenceModule and MessagingModule. The service
 * adds CreateOutbox1732500000001 to its migrations.
 */
@Global()
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxOptions): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: OUTBOX_OPTIONS, useValue: options }, OutboxWriter, OutboxRelay],
      exports: [OutboxWriter, OutboxRelay],
    };
  }
}
