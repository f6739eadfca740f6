import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@churn/local-stack';

const run = promisify(execFile);

/** Debian installs each major under /usr/lib/postgresql/<major>/bin; elsewhere the tools are on PATH. */
function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  const newest = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  return newest === undefined ? name : path.join(root, newest, 'bin', name);
}

/**
 * A Postgres cluster of the chaos run's own, in a temporary directory on a free loopback port, so
 * the restart scenario restarts this one and not the machine's. Postgres refuses to run as root,
 * so as root it runs as the `postgres` user (Debian's package creates it).
 */
export class OwnPostgres {
  private constructor(
    private readonly dir: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'churn-chaos-pg-'));
    const postgres = new OwnPostgres(dir, await freePort());
    if (userInfo().uid === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    // fsync off: a throwaway cluster; the restart scenario is a clean restart, not a power cut.
    await postgres.asOwner(binary('initdb'), ['-D', postgres.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await postgres.start();
    const client = new Client({ connectionString: postgres.urlOf('postgres') });
    await client.connect();
    await client.query('CREATE DATABASE churn');
    await client.end();
    return postgres;
  }

  get url(): string {
    return this.urlOf('churn');
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
    await this.asOwner(binary('pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'postgres.log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  }

  /**
   * A fast restart: every connection is cut, and the server refuses new ones until it is back.
   * Stop then start rather than `pg_ctl restart`, which gives the new server no log file: it keeps
   * this process's output pipes open, and waiting for pg_ctl then never ends.
   */
  async restart(): Promise<void> {
    await this.asOwner(binary('pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.asOwner(binary('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  private urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async asOwner(command: string, args: string[]): Promise<void> {
    const [file, argv] =
      userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    await run(file, argv, { cwd: this.dir });
  }
}
