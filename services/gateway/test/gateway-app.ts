import { createServer as createTcpServer } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createLogger, createMetricsRegistry } from '@churn/observability';
import type { TestNamespace } from '@churn/testing';
import { ApiKeyStore } from '../src/auth/api-key.store';
import type { Scope } from '../src/auth/scopes';
import { loadGatewayConfig } from '../src/config';
import { createGatewayApp } from '../src/http/gateway-app';

export interface RunningGateway {
  app: NestFastifyApplication;
  baseUrl: string;
  schema: string;
  /** Creates a key with these scopes straight in the gateway's schema (what the CLI does). */
  key(scopes: Scope[], name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real gateway on an ephemeral loopback port, wired to the test namespace. Its schema is the
 * namespace's plus a suffix, since the services it is tested with use the namespace's own.
 */
export async function startGateway(ns: TestNamespace, env: Record<string, string> = {}, suffix = 'gw'): Promise<RunningGateway> {
  const schema = `${ns.dbSchema}_${suffix}`;
  const config = loadGatewayConfig({
    KAFKA_BROKERS: ns.endpoints.TEST_KAFKA_BROKERS,
    DATABASE_URL: ns.endpoints.TEST_DATABASE_URL,
    REDIS_URL: ns.endpoints.TEST_REDIS_URL,
    REDIS_KEY_PREFIX: ns.redisPrefix,
    TOPIC_PREFIX: ns.topicPrefix,
    DB_SCHEMA: schema,
    CONSUMER_GROUP: `gateway-${suffix}`,
    LOG_LEVEL: 'error',
    ...env,
  });
  const logger = createLogger('gateway-test', config.LOG_LEVEL);
  const app = await createGatewayApp({ config, logger, registry: createMetricsRegistry('gateway') });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const store = new ApiKeyStore(app.get(DataSource));
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    schema,
    key: async (scopes, name = 'test') => (await store.create(name, scopes, 'test')).key,
    close: async () => {
      await app.close();
      const client = new Client({ connectionString: ns.endpoints.TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
    },
  };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(method: string, url: string, { key, body, headers = {} }: { key?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(key ? { 'x-api-key': key } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a service where the real one cannot be made to behave as the
 * test needs (hang, fail, or show data days old): records every request and answers with `respond`.
 */
export async function startFakeUpstream(respond: (request: RecordedRequest, response: ServerResponse) => void): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: raw ? (JSON.parse(raw) as unknown) : undefined };
      requests.push(recorded);
      respond(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

/** A loopback URL nothing listens on (port 1 would not do: fetch refuses it as a "bad port"). */
export async function closedUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
