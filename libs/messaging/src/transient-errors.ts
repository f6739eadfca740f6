/**
 * Tells a passing outage (broker, database or network briefly unreachable) from an error that will
 * happen again on every retry. Transient errors are retried forever with backoff, so an outage
 * never sends good records to a DLQ; the others are retried a few times, then the offending record
 * is isolated and dead-lettered so the partition keeps moving.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// Postgres SQLSTATE classes/codes for conditions that clear up by themselves.
const PG_TRANSIENT_PREFIXES = ['08', '53', '57P'];
const PG_TRANSIENT_CODES = new Set(['40001', '40P01', '55P03']);

export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, retriable, name } = error as Error & { code?: unknown; retriable?: boolean };
  if (retriable === true) return true;
  if (name === 'KafkaJSConnectionError' || name === 'KafkaJSRequestTimeoutError' || name === 'KafkaJSNumberOfRetriesExceeded') return true;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PG_TRANSIENT_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && PG_TRANSIENT_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  }
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(error.message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransientError(cause);
}
