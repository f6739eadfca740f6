import { dirname, join } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '@churn/config';
import { ProblemException, createHttpApp, problem } from '@churn/http';
import { presentedKeyHash } from '../auth/authenticator';
import type { GatewayConfig } from '../config';
import { GatewayModule } from '../gateway.module';
import { documentScoreRoute, registerScoreRoute } from '../scores/score.route';
import { staticSecurityHeaders } from './security-headers';

/** The dashboard's static files (services/gateway/dashboard), from src in tests and dist when built. */
const DASHBOARD_DIR = join(__dirname, '..', '..', 'dashboard');
/** chart.js's UMD build, served from node_modules: no CDN, no build step. */
const CHART_JS_DIR = dirname(require.resolve('chart.js'));

const UNLIMITED = ['/health/', '/metrics', '/docs', '/dashboard'];

/**
 * The gateway application: the platform's HTTP conventions (createHttpApp) plus what only the
 * public edge needs: security headers, per-key rate limits, CORS only when configured, the
 * OpenAPI document at /docs, and the dashboard's static files at /dashboard.
 */
export async function createGatewayApp(options: { config: GatewayConfig; logger: Logger; registry: Registry; clock?: Clock }): Promise<NestFastifyApplication> {
  const { config, logger } = options;
  const app = await createHttpApp(GatewayModule.forRoot(options), { logger, bodyLimitBytes: config.HTTP_BODY_LIMIT_BYTES });
  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI sets inline styles; nothing else needs them.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    // Per API key (its hash: the secret never becomes a map key), per client address without one.
    keyGenerator: (request) => {
      const keyHash = presentedKeyHash(request);
      return keyHash ? `key:${keyHash}` : `ip:${request.ip}`;
    },
    allowList: (request) => UNLIMITED.some((prefix) => request.url.startsWith(prefix)),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ProblemException(problem(429, `rate limit of ${context.max} requests per ${context.after} reached; retry in ${seconds} s`), { 'retry-after': String(seconds) });
    },
  });
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) app.enableCors({ origin: origins, allowedHeaders: ['content-type', 'x-api-key', 'authorization', 'idempotency-key', 'x-request-id'] });
  await app.register(fastifyStatic, { root: DASHBOARD_DIR, prefix: '/dashboard/', index: 'index.html' });
  await app.register(fastifyStatic, { root: CHART_JS_DIR, prefix: '/dashboard/vendor/chart.js/', decorateReply: false, allowedPath: (path) => path === '/chart.umd.min.js' });
  app.getHttpAdapter().getInstance().get('/dashboard', (_request, reply) => reply.redirect('/dashboard/'));
  registerScoreRoute(app);
  SwaggerModule.setup('docs', app, openApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
  return app;
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Churn platform API')
    .setDescription(
      'The public API of the churn platform. Authenticate with an API key in the X-Api-Key header (or Authorization: Bearer). ' +
        'Every error is an RFC 9457 problem document (application/problem+json) with a requestId; X-Request-Id is echoed and propagated to every service.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  const openApi = SwaggerModule.createDocument(app, document);
  documentScoreRoute(openApi);
  return openApi;
}
