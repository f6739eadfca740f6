import { Body, Controller, Delete, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { compileSchema, describeIssues } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';
import { AuditLog, type AuditRecord } from '../audit/audit-log';
import { intQuery, requestIdOf } from '../http/request-input';
import { principalOf } from './authenticator';
import { type ApiKeyRecord, ApiKeyStore } from './api-key.store';
import { ApiKeyVerifier } from './api-key.verifier';
import { RequireScope, SCOPES, type Scope } from './scopes';

const CreateKeyRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
const validateCreate = compileSchema(CreateKeyRequest);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** API keys and the audit log. */
@ApiTags('admin')
@ApiSecurity('apiKey')
@Controller('v1/admin')
export class AdminController {
  constructor(
    private readonly keys: ApiKeyStore,
    private readonly verifier: ApiKeyVerifier,
    private readonly audit: AuditLog,
  ) {}

  @Post('api-keys')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Create a key; the secret is in this answer only, never again' })
  async create(@Body() body: unknown, @Req() request: FastifyRequest): Promise<{ key: string } & ApiKeyRecord> {
    const input = validateCreate(body ?? {});
    if (!input.ok) throw new ProblemException(problem(400, describeIssues(input.issues), { issues: input.issues }));
    const principal = principalOf(request);
    const { key, record } = await this.keys.create(input.value.name, input.value.scopes as Scope[], principal.keyId);
    await this.audit.record({ keyId: principal.keyId, action: 'api-keys.create', target: record.id, status: 201, requestId: requestIdOf(request), detail: { name: record.name, scopes: record.scopes } });
    return { key, ...record };
  }

  @Get('api-keys')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Every key: name, scopes, created, revoked, last used (never the secret)' })
  async list(): Promise<{ items: ApiKeyRecord[] }> {
    return { items: await this.keys.list() };
  }

  @Delete('api-keys/:keyId')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Revoke a key (takes effect at once on this instance, within API_KEY_CACHE_MS elsewhere)' })
  async revoke(@Param('keyId') keyId: string, @Req() request: FastifyRequest): Promise<ApiKeyRecord> {
    if (!UUID.test(keyId)) throw new ProblemException(problem(400, 'key id must be a UUID'));
    const record = await this.keys.revoke(keyId);
    if (!record) throw new ProblemException(problem(404, 'no such API key'));
    this.verifier.invalidate();
    await this.audit.record({ keyId: principalOf(request).keyId, action: 'api-keys.revoke', target: keyId, status: 200, requestId: requestIdOf(request) });
    return record;
  }

  @Get('audit')
  @RequireScope('admin')
  @ApiOperation({ summary: 'The audit log, newest first' })
  async auditLog(@Query('target') target?: string, @Query('limit') limit?: string): Promise<{ items: AuditRecord[] }> {
    return { items: await this.audit.list({ ...(target ? { target } : {}), limit: intQuery('limit', limit, { min: 1, max: 1_000, fallback: 100 })! }) };
  }
}
