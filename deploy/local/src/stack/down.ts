import { stopKafka } from '../kafka/broker';
import type { StopOutcome } from '../process/process-control';
import type { Reporter } from '../reporter';
import { stopService } from '../service-runner/service-process';
import { services } from '../services';
import { ok, step, type StepResult } from './steps';

/** Stops the services (reverse start order), then Kafka. Postgres and Redis are machine services and keep running. */
export async function downStack(options: { readonly stateDir?: string }, reporter: Reporter): Promise<void> {
  reporter.heading('local stack down');
  for (const service of [...services].reverse()) {
    await step(reporter, service.name, async () => stopped(await stopService(service, options)));
  }
  await step(reporter, 'kafka', async () => stopped(await stopKafka(options)));
  reporter.line('info', 'postgres', 'left running (machine service)');
  reporter.line('info', 'redis', 'left running (machine service)');
}

function stopped(outcome: StopOutcome): StepResult {
  switch (outcome) {
    case 'terminated':
      return ok('stopped');
    case 'killed':
      return ok('killed (did not stop within the grace period)');
    case 'not-running':
      return { status: 'skip', message: 'was not running' };
  }
}
