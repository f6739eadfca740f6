import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tailFile } from '../log-tail';
import { isPortOpen } from '../net';
import { packageRoot, repoRoot } from '../paths';
import { withFileLock } from '../process/file-lock';
import { readPidfile, removePidfile, writePidfile } from '../process/pidfile';
import {
  isOurProcess,
  spawnDetached,
  stopProcess,
  type DetachedProcess,
  type StopOutcome,
} from '../process/process-control';
import { pidfilePath, stackLayout, type StackLayout } from '../stack-layout';
import { sleep } from '../wait';
import { newClusterId, renderJvmArgs, renderServerProperties, type BrokerSettings } from './broker-config';
import { isKafkaReady } from './client';
import { ensureKafkaJars } from './jars';

const execFileAsync = promisify(execFile);

const log4jConfig = path.join(packageRoot, 'kafka', 'log4j.properties');

export const KAFKA_HOST = '127.0.0.1';
export const DEFAULT_KAFKA_PORT = 9092;
export const DEFAULT_CONTROLLER_PORT = 9093;

export interface KafkaOptions {
  /** Client port; default 9092. */
  readonly port?: number;
  /** KRaft controller port; default 9093. */
  readonly controllerPort?: number;
  /** Default `.local-stack/` at the repo root (or LOCAL_STACK_DIR). */
  readonly stateDir?: string;
  /** Broker max heap; default 512 MB. */
  readonly heapMb?: number;
  /** How long to wait for the broker to answer; default 90 s (a cold JVM on 2 busy cores). */
  readonly readyTimeoutMs?: number;
  /** Progress messages for slow steps (mvn resolve, storage format), for the CLI. */
  readonly onProgress?: (message: string) => void;
}

export interface KafkaHandle {
  readonly brokers: string[];
  /** False when an already running broker was reused; only its starter should stop it. */
  readonly startedHere: boolean;
  /** Undefined for a broker the launcher did not start (e.g. docker compose's). */
  readonly pid?: number;
}

export interface StopKafkaOptions {
  readonly stateDir?: string;
  /** Grace period after SIGTERM before SIGKILL; default 30 s (controlled shutdown takes a few). */
  readonly timeoutMs?: number;
}

export type KafkaStatus =
  | { readonly state: 'running'; readonly pid: number; readonly brokers: string[] }
  | { readonly state: 'external'; readonly brokers: string[] }
  | { readonly state: 'stopped' };

/**
 * Makes sure a Kafka broker answers on 127.0.0.1:<port>: reuses the one the launcher started
 * (pidfile) or any other broker already on the port, otherwise starts one and waits until ready.
 */
export async function ensureKafka(options: KafkaOptions = {}): Promise<KafkaHandle> {
  const layout = stackLayout(options.stateDir);
  const port = options.port ?? DEFAULT_KAFKA_PORT;
  const brokers = [`${KAFKA_HOST}:${port}`];
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;

  return withFileLock(startLockPath(layout), async () => {
    const pid = await runningBrokerPid(layout);
    if (pid !== undefined) {
      await waitUntilReady(brokers, readyTimeoutMs, layout);
      return { brokers, startedHere: false, pid };
    }
    if (await isPortOpen(KAFKA_HOST, port)) {
      if (await isKafkaReady(brokers)) return { brokers, startedHere: false };
      throw new Error(`port ${port} is in use by something that is not a Kafka broker`);
    }
    const broker = await startBroker(
      layout,
      {
        host: KAFKA_HOST,
        port,
        controllerPort: options.controllerPort ?? DEFAULT_CONTROLLER_PORT,
        dataDir: layout.kafkaDataDir,
      },
      options,
    );
    try {
      await waitUntilReady(brokers, readyTimeoutMs, layout, broker);
    } catch (error) {
      await stopProcess(broker.pid, serverPropertiesPath(layout), 10_000);
      await removePidfile(pidfilePath(layout, 'kafka'));
      throw error;
    }
    return { brokers, startedHere: true, pid: broker.pid };
  });
}

/** Stops the broker the launcher started in this state dir; any other broker is left alone. */
export async function stopKafka(options: StopKafkaOptions = {}): Promise<StopOutcome> {
  const layout = stackLayout(options.stateDir);
  return withFileLock(startLockPath(layout), async () => {
    const pidfile = pidfilePath(layout, 'kafka');
    const pid = await readPidfile(pidfile);
    const outcome =
      pid === undefined
        ? 'not-running'
        : await stopProcess(pid, serverPropertiesPath(layout), options.timeoutMs ?? 30_000);
    await removePidfile(pidfile);
    return outcome;
  });
}

export async function kafkaStatus(options: Pick<KafkaOptions, 'port' | 'stateDir'> = {}): Promise<KafkaStatus> {
  const layout = stackLayout(options.stateDir);
  const brokers = [`${KAFKA_HOST}:${options.port ?? DEFAULT_KAFKA_PORT}`];
  const pid = await runningBrokerPid(layout);
  if (pid !== undefined) return { state: 'running', pid, brokers };
  return (await isKafkaReady(brokers)) ? { state: 'external', brokers } : { state: 'stopped' };
}

/** Held while starting or stopping the broker, so concurrent launchers take turns. */
function startLockPath(layout: StackLayout): string {
  return path.join(layout.kafkaDir, 'start.lock');
}

/** The server.properties path is in the broker's command line, so it identifies our process. */
function serverPropertiesPath(layout: StackLayout): string {
  return path.join(layout.kafkaDir, 'server.properties');
}

async function runningBrokerPid(layout: StackLayout): Promise<number | undefined> {
  const pid = await readPidfile(pidfilePath(layout, 'kafka'));
  return pid !== undefined && (await isOurProcess(pid, serverPropertiesPath(layout))) ? pid : undefined;
}

async function startBroker(
  layout: StackLayout,
  settings: BrokerSettings,
  options: KafkaOptions,
): Promise<DetachedProcess> {
  const report = options.onProgress ?? (() => undefined);
  const jars = await ensureKafkaJars((version) =>
    report(`resolving Kafka ${version} jars with mvn (first run only, about a minute)`),
  );
  if (jars.resolvedNow) report(`resolved Kafka ${jars.version} into ${path.relative(repoRoot, jars.libDir)}`);

  await fs.mkdir(layout.kafkaDataDir, { recursive: true });
  await fs.mkdir(layout.kafkaLogsDir, { recursive: true });
  const serverProperties = serverPropertiesPath(layout);
  await fs.writeFile(serverProperties, renderServerProperties(settings));
  const jvmArgs = renderJvmArgs({
    heapMb: options.heapMb ?? 512,
    libDir: jars.libDir,
    log4jConfig,
    logsDir: layout.kafkaLogsDir,
  });

  // KRaft refuses to start on unformatted storage; meta.properties marks a formatted data dir.
  if (!existsSync(path.join(layout.kafkaDataDir, 'meta.properties'))) {
    report('formatting Kafka storage');
    await execFileAsync(javaCommand(), [
      ...jvmArgs,
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      newClusterId(),
      '-c',
      serverProperties,
    ]);
  }

  report(`starting Kafka ${jars.version} on ${settings.host}:${settings.port}`);
  const broker = await spawnDetached(javaCommand(), [...jvmArgs, 'kafka.Kafka', serverProperties], {
    cwd: layout.kafkaDir,
    env: process.env,
    logFile: path.join(layout.logsDir, 'kafka.out'),
  });
  await writePidfile(pidfilePath(layout, 'kafka'), broker.pid);
  return broker;
}

async function waitUntilReady(
  brokers: string[],
  timeoutMs: number,
  layout: StackLayout,
  broker?: DetachedProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isKafkaReady(brokers)) return;
    const exited = broker?.exitStatus();
    if (exited !== undefined || Date.now() >= deadline) {
      const reason = exited !== undefined ? `exited (${exited})` : `did not answer within ${timeoutMs} ms`;
      const tail = await tailFile(path.join(layout.kafkaLogsDir, 'server.log'), 30);
      const jvmOutput = await tailFile(path.join(layout.logsDir, 'kafka.out'), 10);
      throw new Error(
        `Kafka on ${brokers.join(',')} ${reason}.\n--- server.log ---\n${tail}\n--- kafka.out ---\n${jvmOutput}`,
      );
    }
    await sleep(500);
  }
}

function javaCommand(): string {
  const javaHome = process.env['JAVA_HOME'];
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}
