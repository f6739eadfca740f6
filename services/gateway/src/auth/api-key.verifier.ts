import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock } from '@churn/config';
import { LOGGER } from '@churn/observability';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';
import { type Principal, hashApiKey } from './api-key';
import { ApiKeyStore } from './api-key.store';

/** last_used_at is a "when did this key last do anything" record, not a per-request log. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Verifies API keys with a short in-memory cache (API_KEY_CACHE_MS), so that the hot read path
 * does not cost a Postgres round trip per request. Revoking through this instance takes effect at
 * once; another instance stops trusting the key within the cache time.
 */
@Injectable()
export class ApiKeyVerifier {
  private readonly cache = new Map<string, { principal: Principal | undefined; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `hash` is hashApiKey(secret) when the caller already has it. */
  async verify(secret: string, hash = hashApiKey(secret)): Promise<Principal | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(hash);
    const principal = cached && cached.until > now ? cached.principal : await this.lookUp(secret, hash, now);
    if (principal) this.recordUse(principal.keyId, now);
    return principal;
  }

  /** Forgets every cached verification (after a revocation). */
  invalidate(): void {
    this.cache.clear();
  }

  private async lookUp(secret: string, hash: string, now: number): Promise<Principal | undefined> {
    const principal = await this.store.verify(secret);
    // Unknown keys are cached too (briefly), so a client hammering with a bad key does not hammer Postgres.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + this.config.API_KEY_CACHE_MS });
    return principal;
  }

  private recordUse(keyId: string, now: number): void {
    if ((this.touched.get(keyId) ?? 0) + TOUCH_INTERVAL_MS > now) return;
    this.touched.set(keyId, now);
    this.store.touch(keyId, new Date(now)).catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'could not record key use'));
  }
}
