import { createHash, randomBytes } from 'node:crypto';

/** What a verified request carries: who it is (for the audit log) and what it may do. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: string[];
}

const PREFIX = 'chk_';

/** A new secret: 256 random bits, prefixed so that leaked keys are easy to recognise (secret scanners). */
export const newApiKeySecret = (): string => `${PREFIX}${randomBytes(32).toString('base64url')}`;

/** The stored form. SHA-256 suffices for high-entropy secrets: there is nothing to brute-force. */
export const hashApiKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');
