import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { schemaOf } from '@churn/persistence';
import { type Principal, hashApiKey, newApiKeySecret } from './api-key';
import type { Scope } from './scopes';

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string[];
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

/** API keys in the gateway's schema; the secret itself is returned once, by `create`, and never stored. */
@Injectable()
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  private get table(): string {
    return `"${schemaOf(this.dataSource)}".api_keys`;
  }

  async create(name: string, scopes: readonly Scope[], createdBy: string | null): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = newApiKeySecret();
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (id, name, key_hash, scopes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [randomUUID(), name, hashApiKey(key), [...new Set(scopes)], createdBy],
    );
    return { key, record: toRecord(rows[0]!) };
  }

  /** The principal of an active (not revoked) key, or undefined. */
  async verify(secret: string): Promise<Principal | undefined> {
    const rows: ApiKeyRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} WHERE key_hash = $1 AND revoked_at IS NULL`, [hashApiKey(secret)]);
    const row = rows[0];
    return row && { keyId: row.id, name: row.name, scopes: row.scopes };
  }

  async touch(keyId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [keyId, at]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows: ApiKeyRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} ORDER BY created_at, id`);
    return rows.map(toRecord);
  }

  /** Revokes; undefined when no such key. Revoking twice keeps the first revocation time. */
  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    // An UPDATE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const [rows]: [ApiKeyRow[], number] = await this.dataSource.query(`UPDATE ${this.table} SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING *`, [id]);
    return rows[0] && toRecord(rows[0]);
  }
}
