import { SingleBar } from 'cli-progress';
import { type CliIo } from './io';

/** A progress display on stderr; every method is a no-op when progress is off. */
export interface Progress {
  start(stage: string, total: number): void;
  update(value: number): void;
  /** A one-line note between bars (what is being computed). */
  note(message: string): void;
  stop(): void;
}

/** Shown when stderr is a terminal, or always with --progress (e.g. into a CI log). */
export function createProgress(io: CliIo, forced: boolean): Progress {
  if (!(forced || io.stderrIsTty)) {
    return { start: () => undefined, update: () => undefined, note: () => undefined, stop: () => undefined };
  }
  let bar: SingleBar | undefined;
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  return {
    start(stage, total) {
      stop();
      bar = new SingleBar({
        stream: io.stderr as NodeJS.WriteStream,
        format: `${stage.padEnd(8)} [{bar}] {percentage}% | {value}/{total} | {duration}s`,
        // Without a terminal cli-progress prints nothing unless told to (then on a schedule).
        noTTYOutput: !io.stderrIsTty,
        hideCursor: io.stderrIsTty,
      });
      bar.start(total, 0);
    },
    update(value) {
      bar?.update(value);
    },
    note(message) {
      stop();
      io.stderr.write(`${message}\n`);
    },
    stop,
  };
}
