import { readFileSync } from 'node:fs';
import path from 'node:path';
import { topicCatalogue } from '@churn/contracts';
import { parse } from 'yaml';
import { repoRoot } from './paths';
import { services } from './services';

/**
 * Keeps deploy/helm/churn-platform honest: the chart runs the same services, entry points and
 * ports as this launcher, and creates the same topics as the catalogue in @churn/contracts.
 */
const chartDir = path.join(repoRoot, 'deploy', 'helm', 'churn-platform');

interface ChartService {
  enabled?: boolean;
  entry: string;
  migrateEntry: string;
  port: number;
  consumes?: string[];
  env?: Record<string, string>;
}

interface ChartValues {
  services: Record<string, ChartService>;
  topics: { catalogue: { name: string; partitions: number; retentionMs: number }[] };
}

const values = parse(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as ChartValues;

describe('the Helm chart', () => {
  it('is a chart named churn-platform', () => {
    const chart = parse(readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')) as {
      apiVersion: string;
      name: string;
    };
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'churn-platform' });
  });

  it('runs every launcher service, with the same entry point and port, and no other', () => {
    const fromValues = Object.entries(values.services).map(([name, spec]) => ({
      name,
      entry: spec.entry,
      port: spec.port,
    }));
    const fromLauncher = services.map(({ name, entry, port }) => ({ name, entry, port }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(fromValues.sort(byName)).toEqual([...fromLauncher].sort(byName));
  });

  it('runs every service with the node flags the launcher gives it, and docker-compose.yml too', () => {
    const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string | number> }>;
    };
    for (const { name, nodeArgs = [] } of services) {
      const expected = { name, nodeOptions: nodeArgs.length > 0 ? nodeArgs.join(' ') : undefined };
      expect({ name, nodeOptions: values.services[name]?.env?.['NODE_OPTIONS'] }).toEqual(expected);
      expect({ name, nodeOptions: compose.services[name]?.environment?.['NODE_OPTIONS'] }).toEqual(expected);
    }
  });

  it('migrates each service with a migrate entry next to its main entry', () => {
    for (const [name, spec] of Object.entries(values.services)) {
      expect({ name, migrateEntry: spec.migrateEntry }).toEqual({
        name,
        migrateEntry: spec.entry.replace(/main\.js$/, 'migrate.js'),
      });
    }
  });

  it('creates the topic catalogue of @churn/contracts, with its partitions and retention', () => {
    expect(values.topics.catalogue).toEqual(
      topicCatalogue.map(({ name, partitions, retentionMs }) => ({ name, partitions, retentionMs })),
    );
  });

  it('names only catalogue topics as consumed', () => {
    const known = new Set(topicCatalogue.map((topic) => topic.name));
    const unknown = Object.entries(values.services).flatMap(([name, spec]) =>
      (spec.consumes ?? []).filter((topic) => !known.has(topic)).map((topic) => `${name}: ${topic}`),
    );
    expect(unknown).toEqual([]);
  });
});
