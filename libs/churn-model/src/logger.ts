/** The structured-logging shape this library writes to (pino's `logger.info(fields, message)`). */
export interface ModelLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export const SILENT_LOGGER: ModelLogger = { info: () => undefined };
