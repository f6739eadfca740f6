import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import { DeliveryStore, type DeliveryView } from '../webhooks/delivery.store';
import { SubscriptionStore, type SubscriptionView } from '../webhooks/subscription.store';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { CreateSubscriptionRequest, UpdateSubscriptionRequest, requestValidator } from './request-bodies';

const validateCreate = requestValidator(CreateSubscriptionRequest);
const validateUpdate = requestValidator(UpdateSubscriptionRequest);
const DELIVERY_STATUSES = new Set(['pending', 'delivered', 'parked']);

/**
 * Webhook subscriptions. The secret is shown once, in the creation (or secret-changing update)
 * response; reads never return it.
 */
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @Post()
  async create(@Body() body: unknown): Promise<SubscriptionView & { secret: string }> {
    const request = validateCreate(body);
    const secret = request.secret ?? randomBytes(32).toString('base64url');
    const view = await this.subscriptions.create(this.dataSource.manager, randomUUID(), {
      url: request.url,
      secret,
      description: request.description ?? null,
      filter: request.filter ?? {},
      active: request.active ?? true,
    });
    await this.dispatcher.refresh();
    return { ...view, secret };
  }

  @Get()
  async list(): Promise<{ items: SubscriptionView[] }> {
    return { items: await this.subscriptions.list(this.dataSource.manager) };
  }

  @Get(':subscriptionId')
  async get(@Param('subscriptionId') subscriptionId: string): Promise<SubscriptionView> {
    return this.found(await this.subscriptions.find(this.dataSource.manager, subscriptionId));
  }

  /** Partial update; `filter`, when given, replaces the whole filter. */
  @Patch(':subscriptionId')
  async update(@Param('subscriptionId') subscriptionId: string, @Body() body: unknown): Promise<SubscriptionView> {
    const request = validateUpdate(body);
    const view = await this.dataSource.transaction(async (manager) => {
      const current = this.found(await this.subscriptions.input(manager, subscriptionId));
      return this.subscriptions.update(manager, subscriptionId, {
        url: request.url ?? current.url,
        secret: request.secret ?? current.secret,
        description: request.description ?? current.description,
        filter: request.filter ?? current.filter,
        active: request.active ?? current.active,
      });
    });
    await this.dispatcher.refresh();
    return this.found(view);
  }

  @Delete(':subscriptionId')
  @HttpCode(204)
  async remove(@Param('subscriptionId') subscriptionId: string): Promise<void> {
    if (!(await this.subscriptions.remove(this.dataSource.manager, subscriptionId))) throw new ProblemException(problem(404, 'no such subscription'));
    await this.dispatcher.refresh();
  }

  /** Newest first; `?status=parked` lists what waits for a re-drive, with the reason in lastError. */
  @Get(':subscriptionId/deliveries')
  async listDeliveries(@Param('subscriptionId') subscriptionId: string, @Query('status') status?: string): Promise<{ items: DeliveryView[] }> {
    if (status !== undefined && !DELIVERY_STATUSES.has(status)) throw new ProblemException(problem(400, 'status must be pending, delivered or parked'));
    this.found(await this.subscriptions.find(this.dataSource.manager, subscriptionId));
    return { items: await this.deliveries.list(this.dataSource.manager, subscriptionId, status, 500) };
  }

  /** Every parked delivery of the subscription back to the queue with a fresh attempt budget. */
  @Post(':subscriptionId/redrive')
  @HttpCode(200)
  async redrive(@Param('subscriptionId') subscriptionId: string): Promise<{ redriven: number }> {
    this.found(await this.subscriptions.find(this.dataSource.manager, subscriptionId));
    const result = await this.deliveries.redrive(this.dataSource.manager, { subscriptionId });
    this.dispatcher.recheck(result.subscriptionIds);
    return { redriven: result.redriven };
  }

  private found<T>(value: T | undefined): T {
    if (value === undefined) throw new ProblemException(problem(404, 'no such subscription'));
    return value;
  }
}
