import { PassThrough } from 'node:stream';
import { type CliIo } from '../src/run';

export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

/** stdout and stderr captured as strings, for running commands in-process. */
export function memoryIo(): MemoryIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    stdout,
    stderr,
    stderrIsTty: false,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
