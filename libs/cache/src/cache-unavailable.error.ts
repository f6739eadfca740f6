/**
 * Redis could not be reached. Marked retriable, which the messaging layer reads as a passing
 * outage: the batch is retried with backoff instead of its records being dead-lettered.
 */
export class CacheUnavailableError extends Error {
  readonly retriable = true;

  constructor(cause: unknown) {
    super(`redis unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CacheUnavailableError';
  }
}
