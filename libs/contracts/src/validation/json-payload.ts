import secureJson from 'secure-json-parse';
import { type ValidationResult, invalid, valid } from './result';

/**
 * Parses JSON from the wire. `__proto__` and `constructor.prototype` keys are refused outright:
 * they are never legitimate in our contracts and are the classic prototype-pollution vector.
 */
export function parseJsonPayload(payload: string): ValidationResult<unknown> {
  try {
    return valid(secureJson.parse(payload, undefined, { protoAction: 'error', constructorAction: 'error' }));
  } catch (error) {
    return invalid({ path: '', message: `payload is not acceptable JSON: ${(error as Error).message}` });
  }
}
