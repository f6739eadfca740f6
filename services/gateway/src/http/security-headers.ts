import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets, worked out once at start-up. Without per-request CSP nonces helmet's
 * output does not depend on the request, and running its dozen middlewares on every request (each
 * a function call and a setHeader) was a measurable share of the score route's CPU. A directive
 * that would read the request fails here, at start-up, rather than be frozen silently.
 */
export function staticSecurityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const request = new Proxy({} as IncomingMessage, {
    get: (_target, property) => {
      throw new Error(`security headers must not depend on the request (a directive read request.${String(property)})`);
    },
  });
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  let failure: unknown;
  helmet(options)(request, response, (error?: unknown) => void (failure = error));
  if (failure) throw failure;
  return headers;
}
