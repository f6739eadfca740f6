import path from 'node:path';
import { ensureKafka, ensureTopics, freePort, stopKafka } from '@churn/local-stack';

/**
 * A broker of the chaos run's own (KRaft, in its own state dir and ports), so it can be stopped
 * and restarted without touching the machine's stack or other test runs. Data survives a restart.
 */
export class OwnKafka {
  private constructor(
    private readonly stateDir: string,
    private readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(runDir: string): Promise<OwnKafka> {
    const kafka = new OwnKafka(path.join(runDir, 'kafka'), await freePort(), await freePort());
    await kafka.start();
    return kafka;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  async start(): Promise<void> {
    await ensureKafka({ stateDir: this.stateDir, port: this.port, controllerPort: this.controllerPort, heapMb: 384 });
  }

  /** A controlled shutdown (SIGTERM), as an operator or an orchestrator stops a broker. */
  async stop(): Promise<void> {
    await stopKafka({ stateDir: this.stateDir });
  }

  async createTopics(prefix: string): Promise<void> {
    await ensureTopics(this.brokers, { prefix });
  }
}
