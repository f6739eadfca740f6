import { type HealthIndicator, checkReadiness } from './health';

const indicator = (name: string, check: () => Promise<void>): HealthIndicator => ({ name, check });

describe('checkReadiness', () => {
  it('is ready when every dependency answers', async () => {
    const report = await checkReadiness([indicator('kafka', async () => undefined), indicator('postgres', async () => undefined)]);
    expect(report.status).toBe('ready');
    expect(Object.keys(report.checks)).toEqual(['kafka', 'postgres']);
  });

  it('reports each failing dependency with its reason', async () => {
    const report = await checkReadiness([indicator('kafka', async () => undefined), indicator('postgres', () => Promise.reject(new Error('connection refused')))]);
    expect(report.status).toBe('not_ready');
    expect(report.checks['postgres']).toMatchObject({ status: 'down', error: 'connection refused' });
    expect(report.checks['kafka']).toMatchObject({ status: 'up' });
  });

  it('does not hang on a dependency that never answers', async () => {
    const started = Date.now();
    const report = await checkReadiness([indicator('redis', () => new Promise(() => undefined))], 50);
    expect(report.checks['redis']).toMatchObject({ status: 'down', error: expect.stringMatching(/timed out after 50 ms/) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
