import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@churn/observability';
import { createHttpApp } from '../src/create-http-app';
import { ProblemException } from '../src/problem-details.filter';
import { problem } from '../src/problem-details';

@Controller()
class ProbeController {
  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }

  @Get('unavailable')
  unavailable(): never {
    throw new ProblemException(problem(503, 'broker down', { status: 'ignored', extra: 1 }), { 'retry-after': '5' });
  }

  @Get('bug')
  bug(): never {
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('createHttpApp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp(ProbeModule, { logger: createLogger('http-test', 'fatal'), bodyLimitBytes: 1_024 });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const inject = (options: { method: 'GET' | 'POST'; url: string; payload?: string; headers?: Record<string, string> }) =>
    app.getHttpAdapter().getInstance().inject({ ...options, headers: { 'content-type': 'application/json', ...options.headers } });

  it('echoes the caller request id, or makes one', async () => {
    const given = await inject({ method: 'POST', url: '/echo', payload: '{"a":1}', headers: { 'x-request-id': 'req-7' } });
    expect(given.headers['x-request-id']).toBe('req-7');
    expect(given.json()).toEqual({ a: 1 });
    const made = await inject({ method: 'POST', url: '/echo', payload: '{}' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['malformed JSON', '{"a":', 400, /not acceptable JSON/],
    ['a __proto__ key', '{"__proto__":{"x":1}}', 400, /prototype/],
    ['a body over the limit', JSON.stringify({ a: 'x'.repeat(2_000) }), 413, /too large/i],
  ])('answers %s with problem+json', async (_label, payload, status, detail) => {
    const response = await inject({ method: 'POST', url: '/echo', payload });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json()).toMatchObject({ status, detail: expect.stringMatching(detail), requestId: expect.any(String) });
  });

  it('keeps the standard members of a problem and passes its headers', async () => {
    const response = await inject({ method: 'GET', url: '/unavailable' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ status: 503, title: 'Service unavailable', detail: 'broker down', extra: 1 });
  });

  it('hides the details of unexpected errors', async () => {
    const response = await inject({ method: 'GET', url: '/bug' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/secret internal detail/);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const response = await inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
