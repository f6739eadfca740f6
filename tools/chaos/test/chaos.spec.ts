import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { TopicReader } from '@churn/testing';
import { differences, type FinalState, readFinalState, sizes, winBackDifferences } from '../src/final-state';
import { HttpUpstream } from '../src/http-upstream';
import { ChaosInfra } from '../src/infra/chaos-infra';
import { Platform, SERVICE_NAMES, namespace } from '../src/platform';
import { consumedTopics, poisonPayload, publishPoison } from '../src/poison';
import { type History, replay } from '../src/replay';
import { ledgerViolations } from '../src/ledger-invariants';
import { waitUntilSettled } from '../src/settle';
import { sleep } from '../src/wait-until';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const CUSTOMERS = 'chaos-';

/**
 * Each scenario replays the same history into a fresh namespace while it breaks something, waits
 * until the pipeline is at rest, and compares the final state with that of a fresh, undisturbed
 * replay of the same history: nothing lost, nothing counted twice.
 */
describe('the platform under faults', () => {
  let infra: ChaosInfra;
  let reference: FinalState;
  // One instant for every replay of this run: the same history, and "now" close to its end.
  const endAt = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const history = (rate: number): History => ({ customers: 200, seed: 11, runId: 'chaos', endAt, rate });

  beforeAll(async () => {
    infra = await ChaosInfra.start(path.join(REPO_ROOT, '.chaos', new Date().toISOString().replace(/[:.]/g, '-')));
    const platform = await Platform.start(infra, namespace('reference'));
    try {
      const summary = await replay(history(0), infra.kafka.brokers, platform.ns.topicPrefix);
      await waitUntilSettled(infra, platform.ns);
      reference = await readFinalState(infra, platform.ns, CUSTOMERS);
      console.log(`reference: ${JSON.stringify(summary)}; state ${JSON.stringify(sizes(reference))}`);
      expect(reference['scoring transactions']!.size).toBeGreaterThan(150);
      expect(reference['loyalty postings']!.size).toBeGreaterThan(150);
      expect(reference['open risk-level alert']!.size).toBeGreaterThan(10);
      expect(await winBackDifferences(infra, platform.ns, CUSTOMERS)).toEqual([]);
    } finally {
      await platform.stop();
    }
  }, 600_000);

  afterAll(async () => {
    // CHAOS_KEEP_INFRA=1 leaves Kafka, Postgres and Redis running to look into a failure.
    if (process.env['CHAOS_KEEP_INFRA']) console.log(`kept: ${JSON.stringify(infra?.endpoints())}`);
    else await infra?.destroy();
  });

  /** Runs the replay and the faults side by side, settles, and returns the final state's differences. */
  async function underFaults(
    label: string,
    rate: number,
    faults: (platform: Platform) => Promise<void>,
  ): Promise<{ platform: Platform; differences: string[] }> {
    const platform = await Platform.start(infra, namespace(label));
    const replayed = replay(history(rate), infra.kafka.brokers, platform.ns.topicPrefix);
    await Promise.all([replayed, faults(platform)]);
    await waitUntilSettled(infra, platform.ns);
    const state = await readFinalState(infra, platform.ns, CUSTOMERS);
    console.log(`${label}: state ${JSON.stringify(sizes(state))}`);
    const winBack = await winBackDifferences(infra, platform.ns, CUSTOMERS);
    const books = await ledgerViolations(infra.postgres.url, platform.ns.schemaOf('loyalty-ledger'));
    return {
      platform,
      differences: [...differences(reference, state), ...winBack.map((w) => `win-back: ${w}`), ...books],
    };
  }

  it('loses and double-counts nothing when each service is killed (-9) mid-replay and restarted', async () => {
    const { platform, differences: diff } = await underFaults('kill', 60, async (platform) => {
      for (const name of SERVICE_NAMES) {
        await sleep(2_000);
        await platform.kill(name);
        await sleep(1_000);
        await platform.restart(name);
      }
    });
    await platform.stop();
    expect(diff).toEqual([]);
  });

  it('loses and double-counts nothing while second scoring and loyalty-ledger instances join and leave their groups', async () => {
    const { platform, differences: diff } = await underFaults('rebalance', 100, async (platform) => {
      await sleep(3_000);
      const extras = await Promise.all([platform.addInstance('scoring'), platform.addInstance('loyalty-ledger')]);
      await sleep(8_000);
      await Promise.all(extras.map((instance) => instance.stop()));
    });
    await platform.stop();
    expect(diff).toEqual([]);
  });

  it('rides out a broker stopped for 30 s: HTTP ingestion answers 503 meanwhile and loses nothing it accepted', async () => {
    let upstream: HttpUpstream | undefined;
    const { platform, differences: diff } = await underFaults('kafka', 60, async (platform) => {
      upstream = new HttpUpstream(platform.url('ingestion'), 'httpup-', endAt);
      upstream.start();
      await sleep(5_000);
      await infra.kafka.stop();
      await sleep(30_000);
      await infra.kafka.start();
      await sleep(5_000);
      upstream.stop();
      await upstream.retryUnaccepted();
    });
    try {
      expect(diff).toEqual([]);
      const statuses = new Set(upstream!.deliveries.map((d) => d.status));
      expect(statuses).toContain(503);
      const stored = await scoringEventIds(platform, 'httpup-');
      expect(stored).toEqual(upstream!.accepted().sort());
      expect(stored.length).toBeGreaterThan(50);
    } finally {
      await platform.stop();
    }
  });

  it('keeps answering scores through the gateway while Redis is flushed and down, and rebuilds the cache when it returns', async () => {
    const answers: string[] = [];
    const { platform, differences: diff } = await underFaults('redis', 80, async (platform) => {
      const key = await apiKey(platform);
      await sleep(8_000);
      // A customer scored by now: the history holds them, so the owner can answer for them.
      const customer = await scoredCustomer(platform);
      await infra.redis.flushAll();
      const read = async (): Promise<void> => {
        const response = await fetch(`${platform.url('gateway')}/v1/customers/${customer}/score`, {
          headers: { 'x-api-key': key },
        });
        answers.push(`${response.status} from ${response.headers.get('x-score-source')}`);
      };
      await infra.redis.stop();
      for (let i = 0; i < 10; i++) {
        await read();
        await sleep(1_000);
      }
      await infra.redis.start();
    });
    await platform.stop();
    expect(answers).toEqual(Array(10).fill('200 from origin'));
    expect(diff).toEqual([]);
  });

  it('reconnects and loses nothing when Postgres restarts mid-replay', async () => {
    const { platform, differences: diff } = await underFaults('postgres', 80, async () => {
      await sleep(6_000);
      await infra.postgres.restart();
      await sleep(8_000);
      await infra.postgres.restart();
    });
    await platform.stop();
    expect(diff).toEqual([]);
  });

  it('dead-letters a poison message in every consumed topic and keeps each partition moving', async () => {
    const { platform, differences: diff } = await underFaults('poison', 100, async (platform) => {
      await sleep(5_000);
      // A customer of the replay: the records behind the poison in its partitions are the history's.
      await publishPoison(infra.kafka.brokers, platform.ns.topicPrefix, `${CUSTOMERS}c1`);
    });
    const reader = new TopicReader(infra.kafka.brokers.join(','), platform.ns.topicPrefix);
    try {
      expect(diff).toEqual([]);
      const consumed = consumedTopics();
      await reader.start([...new Set([...consumed.values()].flat())]);
      for (const [topic, deadLetters] of consumed) {
        for (const dlq of deadLetters) {
          await reader.waitFor<{ originalPayload: string; reason: { code: string } }>(dlq, (records) =>
            records.some(
              (r) => r.json.originalPayload === poisonPayload(topic) && r.json.reason.code === 'unparseable',
            ),
          );
        }
      }
    } finally {
      await reader.stop();
      await platform.stop();
    }
  });

  async function scoringEventIds(platform: Platform, prefix: string): Promise<string[]> {
    const db = new Client({ connectionString: infra.postgres.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ event_id: string }>(
        `SELECT event_id FROM "${platform.ns.schemaOf('scoring')}".transactions WHERE customer_id LIKE $1 ORDER BY event_id`,
        [`${prefix}%`],
      );
      return rows.map((r) => r.event_id);
    } finally {
      await db.end();
    }
  }

  async function scoredCustomer(platform: Platform): Promise<string> {
    const keyPrefix = `${platform.ns.redisKeyPrefix}score:`;
    const [key] = await infra.redis.withClient((client) => client.keys(`${keyPrefix}${CUSTOMERS}*`));
    if (key === undefined) throw new Error('no customer scored 8 s into the replay');
    return key.slice(keyPrefix.length);
  }

  /** A gateway key with scores:read, made the way operators make the first one. */
  async function apiKey(platform: Platform): Promise<string> {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(REPO_ROOT, 'services', 'gateway', 'dist', 'create-api-key.js'),
        '--name',
        'chaos',
        '--scopes',
        'scores:read',
      ],
      { env: { ...process.env, DATABASE_URL: infra.postgres.url, DB_SCHEMA: platform.ns.schemaOf('gateway') } },
    );
    return (JSON.parse(stdout) as { key: string }).key;
  }
});
