/** How `up`, `down` and `status` report each component, one line per component. */
export type LineStatus = 'ok' | 'skip' | 'fail' | 'info';

export interface Reporter {
  heading(text: string): void;
  line(status: LineStatus, component: string, message: string): void;
  /** Multi-line detail under a failed line (log tails, stack output). */
  detail(text: string): void;
}

const SYMBOLS: Record<LineStatus, string> = { ok: '✔', skip: '–', fail: '✖', info: '·' };
const COMPONENT_WIDTH = 16;

export function formatLine(status: LineStatus, component: string, message: string): string {
  return `  ${SYMBOLS[status]} ${component.padEnd(COMPONENT_WIDTH)} ${message}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Everything on stdout, so lines keep their order when piped; failures show in the exit code. */
export const consoleReporter: Reporter = {
  heading: (text) => console.log(text),
  line: (status, component, message) => console.log(formatLine(status, component, message)),
  detail: (text) => console.log(text.replace(/^/gm, '    ')),
};
