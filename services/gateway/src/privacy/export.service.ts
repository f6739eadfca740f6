import { Injectable } from '@nestjs/common';
import { ProblemException } from '@churn/http';
import { AuditLog } from '../audit/audit-log';
import type { Principal } from '../auth/api-key';
import { CustomerQueries } from '../customers/customer-queries';
import { UpstreamClient, type UpstreamName } from '../upstream/upstream.client';

/** One part of an export from a service: its data, or why it is missing (not found, unreachable). */
export type ExportPart = { status: 'ok'; data: unknown } | { status: 'not-found' } | { status: 'unavailable'; reason: string };

/**
 * Everything the gateway can gather about a customer (data subject access): its own read model
 * and audit entries, and what the owning services answer over their APIs. A service that is down
 * does not fail the export: its part says why it is missing. Every export is audited.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly customers: CustomerQueries,
    private readonly upstream: UpstreamClient,
    private readonly audit: AuditLog,
  ) {}

  async export(customerId: string, principal: Principal, requestId: string, now: Date): Promise<Record<string, unknown>> {
    const path = `/v1/customers/${encodeURIComponent(customerId)}`;
    const part = async (upstream: UpstreamName, route: string, query?: Record<string, string>): Promise<ExportPart> => {
      try {
        const response = await this.upstream.call(upstream, { method: 'GET', path: route, requestId, ...(query ? { query } : {}) });
        if (response.status === 404) return { status: 'not-found' };
        if (response.status >= 400) return { status: 'unavailable', reason: `${upstream} answered ${response.status}` };
        return { status: 'ok', data: response.body };
      } catch (error) {
        return { status: 'unavailable', reason: error instanceof ProblemException ? String(error.problemDetails.detail) : String(error) };
      }
    };
    const [view, timeline, snapshots, audit, score, aggregates, prediction, alerts, loyalty, statement] = await Promise.all([
      this.customers.one(customerId),
      this.customers.timeline(customerId),
      this.customers.snapshots(customerId),
      this.audit.list({ target: customerId, limit: 1_000 }),
      part('scoring', `${path}/score`),
      part('scoring', `${path}/aggregates`),
      part('churn-prediction', `${path}/prediction`),
      part('alerting', '/v1/alerts', { customerId }),
      part('loyalty-ledger', `${path}/loyalty`),
      part('loyalty-ledger', `${path}/loyalty/statement`),
    ]);
    await this.audit.record({ keyId: principal.keyId, action: 'customers.export', target: customerId, status: 200, requestId });
    return {
      customerId,
      exportedAt: now.toISOString(),
      gateway: { readModel: view ?? null, timeline, dailySnapshots: snapshots, auditLog: audit },
      scoring: { score, aggregates },
      churnPrediction: { prediction },
      alerting: { alerts },
      loyaltyLedger: { balance: loyalty, statement },
    };
  }
}
