import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Fields that could carry personal data are censored wherever they appear in a log line. Event
 * payloads are never logged; eventId (not personal) is what ties a log line to an event.
 */
const PERSONAL_DATA_PATHS = ['customerId', '*.customerId', 'email', '*.email', 'phone', '*.phone', 'payload', '*.payload', 'req.headers.authorization', 'req.headers["x-api-key"]'];

/** Structured JSON logs with UTC timestamps, one base field per service. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: PERSONAL_DATA_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
