import { type Writable } from 'node:stream';

/** Where a run writes; injected so that tests run commands in-process. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Progress bars are drawn by default only on a terminal. */
  readonly stderrIsTty: boolean;
}
