import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Client } from 'pg';
import { cpuSeconds, cpuSecondsWithReapedChildren, parentPid } from './cpu-sampler';

/** What the shared servers spent on a run: the other half of "where does the CPU go". */
export interface InfraSnapshot {
  /** Undefined when the broker's process is not known (not started by this checkout's launcher, or several run). */
  readonly brokerCpuSeconds: number | undefined;
  readonly postgresCpuSeconds: number;
  readonly redisCpuSeconds: number;
  readonly walBytes: bigint;
}

/** Processes whose command name is `name` (every Postgres backend and helper is `postgres`). */
function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

/** The one process whose command line holds `marker`, if exactly one does. */
function onlyProcessWith(marker: string): number | undefined {
  const matches = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });
  return matches.length === 1 ? Number(matches[0]) : undefined;
}

/**
 * CPU of every process of a server, counting the ones that already ended: the server's root
 * process (whose parent is not one of them) holds what its reaped children used.
 */
function serverCpu(name: string): number {
  const pids = pidsNamed(name);
  const own = new Set(pids);
  return pids.reduce((total, pid) => {
    const isRoot = !own.has(parentPid(pid) ?? 0);
    return total + ((isRoot ? cpuSecondsWithReapedChildren(pid) : cpuSeconds(pid)) ?? 0);
  }, 0);
}

/**
 * CPU of the broker, of Postgres (every backend, ended ones included) and of Redis, and the WAL
 * position. Local servers only: on a remote stack the process figures read 0.
 */
export async function infraSnapshot(db: Client, brokerPid: number | undefined): Promise<InfraSnapshot> {
  const broker = brokerPid ?? onlyProcessWith('kafka.Kafka');
  const { rows } = await db.query<{ lsn: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS lsn', ['0/0']);
  return {
    brokerCpuSeconds: broker === undefined ? undefined : cpuSeconds(broker),
    postgresCpuSeconds: serverCpu('postgres'),
    redisCpuSeconds: serverCpu('redis-server'),
    walBytes: BigInt(rows[0]!.lsn.split('.')[0]!),
  };
}

export function infraDelta(before: InfraSnapshot, after: InfraSnapshot, seconds: number, events: number) {
  const cpu = (used: number) => ({
    cpuSeconds: Math.round(used * 10) / 10,
    coresBusy: Math.round((used / seconds) * 100) / 100,
    cpuMsPerEvent: Math.round(((used * 1_000) / events) * 1_000) / 1_000,
  });
  return {
    broker:
      before.brokerCpuSeconds === undefined || after.brokerCpuSeconds === undefined
        ? undefined
        : cpu(after.brokerCpuSeconds - before.brokerCpuSeconds),
    postgres: cpu(after.postgresCpuSeconds - before.postgresCpuSeconds),
    redis: cpu(after.redisCpuSeconds - before.redisCpuSeconds),
    walBytesPerEvent: Math.round(Number(after.walBytes - before.walBytes) / events),
  };
}

/** Rows each schema's tables took in (inserted + updated + deleted), from the statistics collector. */
export async function rowWrites(
  db: Client,
  schemas: Readonly<Record<string, string>>,
): Promise<Record<string, number>> {
  const { rows } = await db.query<{ schemaname: string; writes: string }>(
    `SELECT schemaname, sum(n_tup_ins + n_tup_upd + n_tup_del) AS writes FROM pg_stat_user_tables
     WHERE schemaname = ANY($1) GROUP BY schemaname`,
    [Object.values(schemas)],
  );
  const bySchema = new Map(rows.map((r) => [r.schemaname, Number(r.writes)]));
  return Object.fromEntries(Object.entries(schemas).map(([service, schema]) => [service, bySchema.get(schema) ?? 0]));
}

/** Redis memory per live key under a prefix (MEMORY USAGE of a sample), for sizing. */
export async function redisBytesPerKey(redis: Redis, pattern: string, sample = 200): Promise<number> {
  const [, keys] = await redis.scan('0', 'MATCH', pattern, 'COUNT', 10_000);
  const sizes = await Promise.all(keys.slice(0, sample).map((key) => redis.call('MEMORY', 'USAGE', key)));
  const known = sizes.filter((size): size is number => typeof size === 'number');
  return known.length === 0 ? 0 : Math.round(known.reduce((a, b) => a + b, 0) / known.length);
}
