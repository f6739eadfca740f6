import path from 'node:path';
import { repoRoot } from '../paths';
import { formatDuration, type LineStatus, type Reporter } from '../reporter';

export interface StepResult {
  readonly status: LineStatus;
  readonly message: string;
}

/** Thrown after a failed step has been reported, so the CLI only sets the exit code. */
export class StackStepFailed extends Error {
  constructor(readonly component: string) {
    super(`${component} failed`);
  }
}

/** Runs one component's step and reports it as one line with its duration; on failure, reports and throws. */
export async function step(reporter: Reporter, component: string, run: () => Promise<StepResult>): Promise<void> {
  const startedAt = Date.now();
  try {
    const result = await run();
    reporter.line(result.status, component, `${result.message}  ${formatDuration(Date.now() - startedAt)}`);
  } catch (error) {
    const [summary = '', ...details] = (error instanceof Error ? error.message : String(error)).split('\n');
    reporter.line('fail', component, summary);
    if (details.length > 0) reporter.detail(details.join('\n'));
    throw new StackStepFailed(component);
  }
}

export function ok(message: string): StepResult {
  return { status: 'ok', message };
}

/** URLs may carry a password (DATABASE_URL from the environment); never print it. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Paths inside the repo are shown relative to its root, which is shorter and where commands run. */
export function displayPath(file: string): string {
  const relative = path.relative(repoRoot, file);
  return relative.startsWith('..') ? file : relative;
}
