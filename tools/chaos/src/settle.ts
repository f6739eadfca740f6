import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { topicName } from '@churn/contracts';
import { type Watermarks, consumerGroupLag } from '@churn/local-stack';
import type { ChaosInfra } from './infra/chaos-infra';
import { CONSUMES, type Namespace, SERVICE_NAMES } from './platform';
import { sleep } from './wait-until';

/** The pipeline is at rest when it has been so for this long (a relay or a retry may still be due). */
const QUIET_MS = 10_000;

/**
 * Waits until every consumer group has consumed everything and every outbox has published
 * everything, and it has stayed so for QUIET_MS: the state then is final for the history.
 */
export async function waitUntilSettled(infra: ChaosInfra, ns: Namespace, timeoutMs = 300_000): Promise<void> {
  const kafka = new Kafka({ clientId: 'chaos-settle', brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const db = new Client({ connectionString: infra.postgres.url });
  await Promise.all([admin.connect(), db.connect()]);
  const deadline = Date.now() + timeoutMs;
  let quietSince: number | undefined;
  let last = '';
  try {
    for (;;) {
      const pending = await pendingWork(admin, db, ns);
      last = JSON.stringify(pending);
      const busy = Object.values(pending).some((n) => n > 0);
      if (busy) quietSince = undefined;
      else if (quietSince === undefined) quietSince = Date.now();
      else if (Date.now() - quietSince >= QUIET_MS) return;
      if (Date.now() > deadline)
        throw new Error(`the pipeline did not settle within ${timeoutMs} ms; still pending: ${last}`);
      await sleep(1_000);
    }
  } finally {
    await Promise.allSettled([admin.disconnect(), db.end()]);
  }
}

async function pendingWork(
  admin: ReturnType<Kafka['admin']>,
  db: Client,
  ns: Namespace,
): Promise<Record<string, number>> {
  const pending: Record<string, number> = {};
  const watermarks: Watermarks = new Map();
  for (const name of SERVICE_NAMES) {
    const topics = CONSUMES[name].map(({ topic }) => topicName(topic, ns.topicPrefix));
    pending[`${name} lag`] = await consumerGroupLag(admin, ns.groupOf(name), watermarks, topics);
    pending[`${name} outbox`] = await unsentOutboxRows(db, ns.schemaOf(name));
  }
  return pending;
}

/** Rows waiting in the schema's outbox; 0 for a service without one. Any other failure is an error. */
async function unsentOutboxRows(db: Client, schema: string): Promise<number> {
  const table = `"${schema}".outbox`;
  const exists = await db.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [table]);
  if (exists.rows[0]!.found === null) return 0;
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE sent_at IS NULL`);
  return Number(rows[0]!.n);
}
