import { type Static, type TObject } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

// coerceTypes: environment variables are strings; useDefaults: every setting has a default that
// works on one machine, so a bare `npm start` needs no .env file.
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false });
addFormats(ajv);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the settings a schema names from the environment, applies defaults and validates them.
 * Fails fast at start-up with every problem listed, instead of at the first use of a bad value.
 */
export function loadConfig<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const validate = ajv.compile(schema);
  if (!validate(picked)) {
    throw new ConfigError((validate.errors ?? []).map((e) => `${e.instancePath.slice(1) || 'config'} ${e.message ?? 'is invalid'}`));
  }
  return picked as Static<T>;
}
