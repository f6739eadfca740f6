import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, problem } from '@churn/http';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../tokens';

export type UpstreamName = 'ingestion' | 'scoring' | 'churn-prediction' | 'alerting' | 'loyalty-ledger';

export interface UpstreamCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  requestId: string;
  headers?: Record<string, string | undefined>;
}

export interface UpstreamResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * HTTP to the services behind the gateway: the request id travels along (X-Request-Id), every call
 * has a deadline (UPSTREAM_TIMEOUT_MS), and failures become problem+json the caller can act on:
 * 503 when the service cannot be reached, 504 when it did not answer in time, 502 when it answered
 * something unusable. 4xx answers of the service are the caller's to see and pass through.
 */
@Injectable()
export class UpstreamClient {
  private readonly baseUrls: Record<UpstreamName, string>;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    this.baseUrls = {
      ingestion: config.INGESTION_URL,
      scoring: config.SCORING_URL,
      'churn-prediction': config.CHURN_PREDICTION_URL,
      alerting: config.ALERTING_URL,
      'loyalty-ledger': config.LOYALTY_URL,
    };
  }

  /** Any answer of the service, or a ProblemException (502/503/504) when there is none worth passing on. */
  async call(upstream: UpstreamName, call: UpstreamCall): Promise<UpstreamResponse> {
    const url = new URL(call.path, this.baseUrls[upstream]);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': call.requestId };
    for (const [name, value] of Object.entries(call.headers ?? {})) if (value !== undefined) headers[name] = value;
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: call.method,
        headers,
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      throw unreachable(upstream, error, this.config.UPSTREAM_TIMEOUT_MS);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ProblemException(problem(502, `${upstream} answered ${response.status} with a body that is not JSON`, { upstream, upstreamStatus: response.status }));
    }
    if (response.status >= 500) {
      const detail = (body as { detail?: unknown } | undefined)?.detail;
      const status = response.status === 503 ? 503 : 502;
      throw new ProblemException(
        problem(status, `${upstream} failed: ${typeof detail === 'string' ? detail : `HTTP ${response.status}`}`, { upstream, upstreamStatus: response.status }),
        response.headers.get('retry-after') ? { 'retry-after': response.headers.get('retry-after')! } : {},
      );
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** Like `call`, but a 4xx answer becomes a ProblemException with the service's own reason. */
  async expectOk(upstream: UpstreamName, call: UpstreamCall): Promise<UpstreamResponse> {
    const response = await this.call(upstream, call);
    if (response.status >= 400) throw passedThrough(upstream, response);
    return response;
  }
}

/** The service's 4xx answer as the gateway's problem, keeping its detail and extensions. */
export function passedThrough(upstream: UpstreamName, response: UpstreamResponse): ProblemException {
  const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as Record<string, unknown>;
  const { type: _type, title: _title, status: _status, detail, requestId: _requestId, instance: _instance, ...extensions } = body;
  return new ProblemException(problem(response.status, typeof detail === 'string' ? detail : `${upstream} answered ${response.status}`, { ...extensions, upstream }));
}

function unreachable(upstream: UpstreamName, error: unknown, timeoutMs: number): ProblemException {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProblemException(problem(504, `${upstream} did not answer within ${timeoutMs} ms`, { upstream }));
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? 'connection failed';
  return new ProblemException(problem(503, `${upstream} is unreachable (${reason})`, { upstream }), { 'retry-after': '5' });
}
