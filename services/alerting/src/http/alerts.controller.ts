import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import { AlertCommands } from '../lifecycle/alert-commands';
import type { AlertRow, HistoryEntry } from '../lifecycle/alert-row';
import { AlertStore } from '../lifecycle/alert.store';
import { decodeCursor, encodeCursor } from './alert-cursor';
import { AcknowledgeRequest, AlertListQuery, ResolveRequest, requestValidator } from './request-bodies';

const validateQuery = requestValidator(AlertListQuery);
const validateAck = requestValidator(AcknowledgeRequest);
const validateResolve = requestValidator(ResolveRequest);

/** The alert lifecycle for ops tools: list, read with history, acknowledge, resolve. */
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertStore,
    private readonly commands: AlertCommands,
  ) {}

  /** Newest first; `nextCursor` is null on the last page. */
  @Get()
  async list(@Query() query: unknown): Promise<{ items: AlertRow[]; nextCursor: string | null }> {
    const { cursor, limit, ...filter } = validateQuery(query);
    const pageSize = limit === undefined ? 50 : Number(limit);
    const items = await this.alerts.list(this.dataSource.manager, { ...filter, limit: pageSize, ...(cursor ? { before: decodeCursor(cursor) } : {}) });
    const last = items.at(-1);
    return { items, nextCursor: items.length === pageSize && last ? encodeCursor(last) : null };
  }

  @Get(':alertId')
  async get(@Param('alertId') alertId: string): Promise<AlertRow & { history: HistoryEntry[] }> {
    const alert = await this.alerts.find(this.dataSource.manager, alertId);
    if (!alert) throw new ProblemException(problem(404, 'no such alert'));
    return { ...alert, history: await this.alerts.history(this.dataSource.manager, alertId) };
  }

  @Post(':alertId/ack')
  @HttpCode(200)
  acknowledge(@Param('alertId') alertId: string, @Body() body: unknown): Promise<AlertRow> {
    return this.commands.acknowledge(alertId, validateAck(body).by);
  }

  @Post(':alertId/resolve')
  @HttpCode(200)
  resolve(@Param('alertId') alertId: string, @Body() body: unknown): Promise<AlertRow> {
    const { by, outcome } = validateResolve(body);
    return this.commands.resolve(alertId, by, outcome);
  }
}
