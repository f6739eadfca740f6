import type { Admin, Kafka } from 'kafkajs';
import type { HealthIndicator } from '@churn/observability';

/** Readiness: the broker answers a metadata request (what a produce or fetch would need first). */
export class KafkaHealthIndicator implements HealthIndicator {
  readonly name = 'kafka';
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  async check(): Promise<void> {
    this.admin ??= this.kafka.admin();
    try {
      await this.admin.connect();
      await this.admin.describeCluster();
    } catch (error) {
      // A fresh admin next time: kafkajs admins do not always recover from a lost broker.
      const admin = this.admin;
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect();
  }
}
