import { DEFAULT_DATABASE_URL, pingPostgres } from '../infra/postgres';
import { DEFAULT_REDIS_URL, pingRedis } from '../infra/redis';
import { kafkaStatus, type KafkaStatus } from '../kafka/broker';
import type { Reporter } from '../reporter';
import { serviceStatus, type ServiceStatus } from '../service-runner/service-process';
import { services, type ServiceSpec } from '../services';
import { ok, redact, type StepResult } from './steps';

export interface StatusOptions {
  readonly stateDir?: string;
  readonly kafkaPort?: number;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
}

/** One line per component: reachable or not, and for processes the launcher started, their pid. */
export async function reportStackStatus(options: StatusOptions, reporter: Reporter): Promise<void> {
  const databaseUrl = options.databaseUrl ?? DEFAULT_DATABASE_URL;
  const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL;
  const lines: Array<[string, StepResult]> = [
    ['postgres', reachability(redact(databaseUrl), await pingPostgres(databaseUrl))],
    ['redis', reachability(redact(redisUrl), await pingRedis(redisUrl))],
    ['kafka', describeKafka(await kafkaStatus({ stateDir: options.stateDir, port: options.kafkaPort }))],
  ];
  for (const service of services) {
    lines.push([service.name, describeService(service, await serviceStatus(service, options))]);
  }
  reporter.heading('local stack status');
  for (const [component, { status, message }] of lines) reporter.line(status, component, message);
}

function reachability(target: string, up: boolean): StepResult {
  return up ? ok(`${target} (up)`) : { status: 'fail', message: `${target} down` };
}

function describeKafka(kafka: KafkaStatus): StepResult {
  switch (kafka.state) {
    case 'running':
      return ok(`${kafka.brokers.join(',')} (pid ${kafka.pid})`);
    case 'external':
      return ok(`${kafka.brokers.join(',')} (not started by the launcher)`);
    case 'stopped':
      return { status: 'fail', message: 'down' };
  }
}

function describeService(service: ServiceSpec, status: ServiceStatus): StepResult {
  switch (status.state) {
    case 'ready':
      return ok(`${status.url} ready (pid ${status.pid})`);
    case 'unhealthy':
      return { status: 'fail', message: `${status.url} running (pid ${status.pid}) but not ready` };
    case 'not-built':
      return { status: 'skip', message: `not built (${service.entry})` };
    case 'stopped':
      return { status: 'fail', message: 'down' };
  }
}
