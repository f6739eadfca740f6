import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChurnPredictionV1, ScoreV1 } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';
import { LOGGER } from '@churn/observability';
import { ErasureTombstones, schemaOf } from '@churn/persistence';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';
import { UpstreamClient } from '../upstream/upstream.client';
import { PredictionCache } from './prediction.cache';
import { type ScoreView, type ShownPrediction, toScoreView } from './score-view';

export type ScoreSource = 'cache' | 'origin';

/** scoring's live-score key (see services/scoring/README.md); ioredis adds REDIS_KEY_PREFIX. */
export const scoreKey = (customerId: string): string => `score:${customerId}`;

const TIMED_OUT = Symbol('timed out');

/**
 * A customer's score: from Redis in one MGET (scoring's score key and the gateway's prediction
 * key) when Redis is up and answers within REDIS_READ_TIMEOUT_MS; otherwise, or when the score is
 * not there, from the owners over HTTP (scoring, and churn-prediction for the prediction).
 */
@Injectable()
export class ScoreReader {
  private readonly reads: Counter<'source'>;
  private readonly tombstones: ErasureTombstones;

  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
    private readonly upstream: UpstreamClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.tombstones = new ErasureTombstones(schemaOf(dataSource));
    this.reads = new Counter({
      name: 'gateway_score_reads_total',
      help: 'score lookups by source (cache, origin)',
      labelNames: ['source'],
      registers: [registry],
    });
  }

  async read(customerId: string, requestId: string): Promise<{ view: ScoreView; source: ScoreSource }> {
    const cached = await this.fromCache(customerId);
    if (cached) {
      this.reads.inc({ source: 'cache' });
      return { view: toScoreView(cached.score, cached.prediction), source: 'cache' };
    }
    this.reads.inc({ source: 'origin' });
    return { view: await this.fromOrigin(customerId, requestId), source: 'origin' };
  }

  private async fromCache(
    customerId: string,
  ): Promise<{ score: ScoreV1; prediction: ShownPrediction | undefined } | undefined> {
    // Not connected: do not queue behind reconnect attempts, go to the owner straight away.
    if (this.redis.status !== 'ready') return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const values = await Promise.race([
        this.redis.mget(scoreKey(customerId), PredictionCache.key(customerId)),
        new Promise<typeof TIMED_OUT>(
          (resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), this.config.REDIS_READ_TIMEOUT_MS)),
        ),
      ]);
      if (values === TIMED_OUT || !values[0]) return undefined;
      return {
        score: JSON.parse(values[0]) as ScoreV1,
        prediction: values[1] ? (JSON.parse(values[1]) as ShownPrediction) : undefined,
      };
    } catch (error) {
      this.logger.warn({ err: error }, 'score read from redis failed; asking scoring');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private async fromOrigin(customerId: string, requestId: string): Promise<ScoreView> {
    // Erased here but perhaps not yet at scoring (which answers from its history): the gateway
    // promised to stop serving the customer at once. Only this fallback path pays for the lookup;
    // the erasure removed the Redis keys.
    const erased = await this.tombstones.tombstones(this.dataSource.manager, [customerId]);
    if (erased.size > 0) throw new ProblemException(problem(404, 'no score for this customer'));
    const path = `/v1/customers/${encodeURIComponent(customerId)}`;
    const [score, prediction] = await Promise.all([
      this.upstream.call('scoring', { method: 'GET', path: `${path}/score`, requestId }),
      // A prediction is an extra: without churn-prediction the score still answers, with null churn fields.
      this.upstream
        .call('churn-prediction', { method: 'GET', path: `${path}/prediction`, requestId })
        .catch(() => undefined),
    ]);
    if (score.status === 404) throw new ProblemException(problem(404, 'no score for this customer'));
    if (score.status !== 200)
      throw new ProblemException(problem(502, `scoring answered ${score.status}`, { upstream: 'scoring' }));
    return toScoreView(
      score.body as ScoreV1,
      prediction?.status === 200 ? (prediction.body as ChurnPredictionV1) : undefined,
    );
  }
}
