import path from 'node:path';
import { defaultStateDir } from './paths';

/** Every file the launcher writes, derived from one state dir so several stacks can coexist. */
export interface StackLayout {
  readonly stateDir: string;
  readonly logsDir: string;
  readonly pidsDir: string;
  readonly kafkaDir: string;
  /** KRaft metadata log and topic partitions (`log.dirs`). */
  readonly kafkaDataDir: string;
  readonly kafkaLogsDir: string;
}

export function stackLayout(stateDir: string = defaultStateDir()): StackLayout {
  const logsDir = path.join(stateDir, 'logs');
  const kafkaDir = path.join(stateDir, 'kafka');
  return {
    stateDir,
    logsDir,
    pidsDir: path.join(stateDir, 'pids'),
    kafkaDir,
    kafkaDataDir: path.join(kafkaDir, 'data'),
    kafkaLogsDir: path.join(logsDir, 'kafka'),
  };
}

export function pidfilePath(layout: StackLayout, name: string): string {
  return path.join(layout.pidsDir, `${name}.pid`);
}

export function logFilePath(layout: StackLayout, name: string): string {
  return path.join(layout.logsDir, `${name}.log`);
}
