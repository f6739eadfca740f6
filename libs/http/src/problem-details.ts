/**
 * RFC 9457 problem details: the one error shape of every HTTP surface of the platform.
 * `type` is a stable URI per kind of problem that clients can branch on; `detail` is for people.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://churn-platform.dev/problems/';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
  502: ['bad-gateway', 'Bad gateway'],
  503: ['service-unavailable', 'Service unavailable'],
  504: ['gateway-timeout', 'Gateway timeout'],
};

export function problem(status: number, detail?: string, extensions: Record<string, unknown> = {}): ProblemDetails {
  const [slug, title] = TITLES[status] ?? (status >= 500 ? ['internal', 'Internal error'] : ['client-error', 'Client error']);
  // Extensions first: they may add members but never replace the standard ones.
  return { ...extensions, type: `${TYPE_BASE}${slug}`, title, status, ...(detail ? { detail } : {}) };
}
