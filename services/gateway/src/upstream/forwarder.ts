import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '@churn/http';
import { AuditLog } from '../audit/audit-log';
import { principalOf } from '../auth/authenticator';
import { requestIdOf } from '../http/request-input';
import { type UpstreamCall, UpstreamClient, type UpstreamName, passedThrough } from './upstream.client';

export interface ForwardOptions extends Omit<UpstreamCall, 'requestId'> {
  /** Set for writes: the audit action (e.g. `alerts.ack`) and its target. */
  audit?: { action: string; target: string | null };
}

/**
 * Forwards a request to the owning service and answers with its status and body; 4xx answers
 * become the gateway's problem+json with the service's reason, outages 502/503/504. Writes are
 * audited whatever their outcome, with the status the caller got.
 */
@Injectable()
export class Forwarder {
  constructor(
    private readonly upstream: UpstreamClient,
    private readonly audit: AuditLog,
  ) {}

  async forward(upstreamName: UpstreamName, request: FastifyRequest, reply: FastifyReply, options: ForwardOptions): Promise<unknown> {
    const { audit, ...call } = options;
    let status = 500;
    try {
      const response = await this.upstream.call(upstreamName, { ...call, requestId: requestIdOf(request) });
      status = response.status;
      if (response.status >= 400) throw passedThrough(upstreamName, response);
      void reply.status(response.status);
      return response.body;
    } catch (error) {
      if (error instanceof ProblemException) status = error.problemDetails.status;
      throw error;
    } finally {
      if (audit) {
        const principal = principalOf(request);
        await this.audit.record({ keyId: principal.keyId, action: audit.action, target: audit.target, status, requestId: requestIdOf(request) });
      }
    }
  }
}
