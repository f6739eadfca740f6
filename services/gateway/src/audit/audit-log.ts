import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { schemaOf } from '@churn/persistence';

export interface AuditEntry {
  /** API key id of the caller. */
  keyId: string;
  /** e.g. `alerts.ack`, `customers.erase`, `api-keys.create`. */
  action: string;
  /** What it was done to (customer id, alert id, key id). */
  target: string | null;
  /** The HTTP status the caller got. */
  status: number;
  requestId: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: string;
}

/** Who did what, when: every write, export and erasure through the gateway. Append-only. */
@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Inside `manager`'s transaction when given, so the audit row commits with the change it describes. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO "${schemaOf(this.dataSource)}".audit_log (key_id, action, target, status, request_id, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.keyId, entry.action, entry.target, entry.status, entry.requestId, entry.detail ?? null],
    );
  }

  async list(filter: { target?: string; limit: number }): Promise<AuditRecord[]> {
    const rows: { id: string; at: Date; key_id: string; action: string; target: string | null; status: number; request_id: string; detail: Record<string, unknown> | null }[] =
      await this.dataSource.query(
        `SELECT * FROM "${schemaOf(this.dataSource)}".audit_log WHERE ($1::text IS NULL OR target = $1) ORDER BY id DESC LIMIT $2`,
        [filter.target ?? null, filter.limit],
      );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      keyId: r.key_id,
      action: r.action,
      target: r.target,
      status: r.status,
      requestId: r.request_id,
      ...(r.detail ? { detail: r.detail } : {}),
    }));
  }
}
