import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemException, problem } from '@churn/http';
import { type Principal, hashApiKey } from './api-key';
import { ApiKeyVerifier } from './api-key.verifier';
import { type Scope, grants } from './scopes';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** The key of a request: `X-Api-Key: <key>` or `Authorization: Bearer <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length).trim() || undefined : undefined;
}

const keyHashes = new WeakMap<FastifyRequest, string>();

/**
 * The stored form of the request's key, hashed once per request: the rate limit (keyed by it,
 * so the secret never becomes a map key) and the key check both need it on the hot path.
 */
export function presentedKeyHash(request: FastifyRequest): string | undefined {
  const known = keyHashes.get(request);
  if (known !== undefined) return known;
  const key = presentedKey(request);
  if (!key) return undefined;
  const hash = hashApiKey(key);
  keyHashes.set(request, hash);
  return hash;
}

/** 401 without a valid key, 403 without the scope; otherwise the caller, also kept on the request. */
@Injectable()
export class Authenticator {
  constructor(private readonly verifier: ApiKeyVerifier) {}

  async authenticate(request: FastifyRequest, scope: Scope): Promise<Principal> {
    const key = presentedKey(request);
    if (!key) throw new ProblemException(problem(401, 'an API key is required: send it in the X-Api-Key header'), { 'www-authenticate': 'ApiKey' });
    const principal = await this.verifier.verify(key, presentedKeyHash(request));
    if (!principal) throw new ProblemException(problem(401, 'the API key is unknown or revoked'), { 'www-authenticate': 'ApiKey' });
    if (!grants(principal.scopes, scope)) throw new ProblemException(problem(403, `this API key lacks the scope ${scope}`, { requiredScope: scope }));
    (request as AuthenticatedRequest).principal = principal;
    return principal;
  }
}

/** The verified caller of an authenticated request. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = (request as AuthenticatedRequest).principal;
  if (!principal) throw new Error('principalOf called on a route without @RequireScope');
  return principal;
}
