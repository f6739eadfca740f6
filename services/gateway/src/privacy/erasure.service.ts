import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type CustomerErasureV1, Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import { ProblemException, problem } from '@churn/http';
import { EventPublisher } from '@churn/messaging';
import { schemaOf } from '@churn/persistence';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { Principal } from '../auth/api-key';
import { PredictionCache } from '../scores/prediction.cache';
import { scoreKey } from '../scores/score.reader';

/**
 * Erasure on request: publish CustomerErasureV1 (acks=all: once this returns, every service will
 * see it), then delete the gateway's own rows with a tombstone (a replayed score cannot bring the
 * customer back) and the audit record in one transaction, then the live Redis keys, so the public
 * API stops serving the customer at once (scoring deletes its own data when it consumes the event).
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async erase(customerId: string, principal: Principal, requestId: string): Promise<CustomerErasureV1> {
    const event: CustomerErasureV1 = { eventId: randomUUID(), customerId, requestedAt: this.clock.now().toISOString(), requestedBy: principal.keyId };
    try {
      await this.publisher.publish([{ topic: Topics.customerErasures, key: customerId, value: event, headers: { eventId: event.eventId } }]);
    } catch {
      await this.audit.record({ keyId: principal.keyId, action: 'customers.erase', target: customerId, status: 503, requestId });
      throw new ProblemException(problem(503, 'the event broker is unreachable; nothing was erased, retry later'), { 'retry-after': '5' });
    }
    const schema = `"${schemaOf(this.dataSource)}"`;
    await this.dataSource.transaction(async (manager) => {
      for (const table of ['customer_view', 'customer_daily', 'customer_timeline']) await manager.query(`DELETE FROM ${schema}.${table} WHERE customer_id = $1`, [customerId]);
      await manager.query(
        `INSERT INTO ${schema}.erased_customers (customer_id, erased_at) VALUES ($1, $2) ON CONFLICT (customer_id) DO UPDATE SET erased_at = EXCLUDED.erased_at`,
        [customerId, event.requestedAt],
      );
      await this.audit.record({ keyId: principal.keyId, action: 'customers.erase', target: customerId, status: 202, requestId, detail: { eventId: event.eventId } }, manager);
    });
    await this.redis.del(scoreKey(customerId), PredictionCache.key(customerId));
    return event;
  }
}
