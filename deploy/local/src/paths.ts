import path from 'node:path';

/** deploy/local: the parent of both src/ (tests run the sources) and dist/ (the built CLI). */
export const packageRoot = path.resolve(__dirname, '..');

export const repoRoot = path.resolve(packageRoot, '..', '..');

/** Runtime state (data, pidfiles, logs); gitignored. Override with LOCAL_STACK_DIR. */
export function defaultStateDir(): string {
  return process.env['LOCAL_STACK_DIR'] ?? path.join(repoRoot, '.local-stack');
}

/** Where mvn copies the Kafka jars; gitignored, shared by every state dir. */
export const kafkaCacheDir = path.join(repoRoot, '.kafka-cache');
