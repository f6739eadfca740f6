export * from './redis-client';
export * from './cache-unavailable.error';
export * from './redis-health.indicator';
export * from './cache.module';
