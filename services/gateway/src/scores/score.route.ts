import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Authenticator } from '../auth/authenticator';
import { customerIdParam, requestIdOf } from '../http/request-input';
import { ScoreReader } from './score.reader';

export const SCORE_ROUTE = '/v1/customers/:customerId/score';

/**
 * GET /v1/customers/{id}/score, the hot path (p99 under 10 ms, at least 60% of a bare server's
 * throughput), as a plain Fastify route over the same services the controllers use: Nest's
 * per-request pipeline (guards, interceptors, param resolution) cost it a share of its throughput
 * the target does not leave room for. Everything else of the edge still applies: request ids,
 * security headers, the rate limit and problem+json errors are Fastify hooks and the global filter.
 */
export function registerScoreRoute(app: NestFastifyApplication): void {
  const reader = app.get(ScoreReader);
  const authenticator = app.get(Authenticator);
  app
    .getHttpAdapter()
    .getInstance()
    .get<{ Params: { customerId: string } }>(SCORE_ROUTE, async (request, reply) => {
      await authenticator.authenticate(request, 'scores:read');
      const { view, source } = await reader.read(customerIdParam(request.params.customerId), requestIdOf(request));
      void reply.header('x-score-source', source);
      return view;
    });
}

/** The route's OpenAPI entry (the document generator only sees Nest controllers). */
export function documentScoreRoute(document: OpenAPIObject): void {
  document.paths['/v1/customers/{customerId}/score'] = {
    get: {
      tags: ['scores'],
      summary: "A customer's live score and churn prediction",
      description:
        'RFM, segment, tier, stage, CLV, P(alive), churn probability, risk level, drivers, model and parameter versions, computed-at. ' +
        'Header X-Score-Source: cache (Redis) or origin (the owning services, on a cache miss or while Redis is down). Scope scores:read.',
      operationId: 'getCustomerScore',
      security: [{ apiKey: [] }],
      parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 128 } }],
      responses: {
        '200': { description: 'The score', headers: { 'X-Score-Source': { schema: { type: 'string', enum: ['cache', 'origin'] } } } },
        '401': { description: 'No valid API key' },
        '403': { description: 'The key lacks scores:read' },
        '404': { description: 'No score for this customer' },
        '429': { description: 'Rate limit reached (Retry-After)' },
        '503': { description: 'Neither Redis nor scoring could answer' },
      },
    },
  };
}
