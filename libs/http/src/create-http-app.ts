import { randomUUID } from 'node:crypto';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { PinoNestLogger } from '@churn/observability';
import { parseJsonPayload } from '@churn/contracts';
import { problem } from './problem-details';
import { ProblemDetailsFilter, ProblemException } from './problem-details.filter';

export interface HttpAppOptions {
  logger: Logger;
  /** Largest request body accepted; larger ones get 413 before any parsing. */
  bodyLimitBytes: number;
}

const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Creates a NestJS application on Fastify with the platform's HTTP conventions: request ids
 * (taken from X-Request-Id or generated, echoed back); problem+json for every error, including
 * those Fastify raises before routing (Nest hands them to the global filter); JSON bodies parsed
 * by the same parser as Kafka payloads, so `__proto__` keys are refused with the same reason on
 * both paths; one JSON access-log line per request with the route pattern (never the raw URL: it
 * can hold ids); and shutdown hooks so SIGTERM drains consumers before the process exits.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: REQUEST_ID_HEADER,
    genReqId: () => randomUUID(),
    logger: false,
  });
  // bodyParser: false, so that Nest does not register its own JSON parser over ours at init.
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger: new PinoNestLogger(options.logger), bodyParser: false });
  app.useGlobalFilters(new ProblemDetailsFilter(options.logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Callback-style hooks: an async hook costs a promise per request on every route.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    options.logger.info(
      { requestId: request.id, method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const parsed = parseJsonPayload(body as string);
    if (parsed.ok) return done(null, parsed.value);
    done(new ProblemException(problem(400, parsed.issues[0]?.message ?? 'invalid JSON')), undefined);
  });
  return app;
}

/** Listens and logs where; kept apart so tests can create the app without binding a port. */
export async function listen(app: INestApplication, host: string, port: number, logger: Logger): Promise<void> {
  await app.listen(port, host);
  logger.info({ host, port }, 'http listening');
}
