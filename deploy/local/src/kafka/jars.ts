import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { kafkaCacheDir, packageRoot } from '../paths';

const execFileAsync = promisify(execFile);

/** Pins the Kafka version and lists the jars; the single source of truth for both. */
export const kafkaPomPath = path.join(packageRoot, 'kafka', 'pom.xml');

/** Written after a complete copy; holds the pom's hash, so editing the pom forces a new resolve. */
const RESOLVED_MARKER = '.resolved-from-pom';

export interface KafkaJars {
  readonly version: string;
  /** Goes on the classpath as `<libDir>/*`. */
  readonly libDir: string;
  /** True when this call ran mvn (first run, or the pom changed). */
  readonly resolvedNow: boolean;
}

export function parsePinnedKafkaVersion(pomXml: string): string {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pomXml);
  if (!match?.[1]) throw new Error(`${kafkaPomPath} does not define <kafka.version>`);
  return match[1];
}

/**
 * Makes sure the jars of the pinned Kafka version are in the cache, resolving them from Maven
 * Central with mvn only when they are missing or were resolved from a different pom.
 */
export async function ensureKafkaJars(
  onResolve: (version: string) => void = () => undefined,
  cacheDir: string = kafkaCacheDir,
): Promise<KafkaJars> {
  const pomXml = await fs.readFile(kafkaPomPath, 'utf8');
  const version = parsePinnedKafkaVersion(pomXml);
  const pomHash = createHash('sha256').update(pomXml).digest('hex');
  const libDir = path.join(cacheDir, version, 'libs');
  const markerFile = path.join(libDir, RESOLVED_MARKER);

  const marker = await fs.readFile(markerFile, 'utf8').catch(() => '');
  const brokerJar = await fs.stat(path.join(libDir, `kafka_2.13-${version}.jar`)).catch(() => undefined);
  if (marker.trim() === pomHash && brokerJar) return { version, libDir, resolvedNow: false };

  onResolve(version);
  // Start from an empty folder: jars left from an older pom would end up on the classpath too.
  await fs.rm(libDir, { recursive: true, force: true });
  await fs.mkdir(libDir, { recursive: true });
  try {
    await execFileAsync(
      'mvn',
      ['-q', '-B', '-f', kafkaPomPath, 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`mvn could not resolve Kafka ${version} jars: ${message}\n${stdout}${stderr}`.trimEnd());
  }
  await fs.writeFile(markerFile, `${pomHash}\n`);
  return { version, libDir, resolvedNow: true };
}
