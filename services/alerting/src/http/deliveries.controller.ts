import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ProblemException, problem } from '@churn/http';
import { DataSource } from 'typeorm';
import { DeliveryStore, type DeliveryView } from '../webhooks/delivery.store';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

/** One webhook delivery: inspect it, re-drive it once parked. */
@Controller('v1/deliveries')
export class DeliveriesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deliveries: DeliveryStore,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  @Get(':deliveryId')
  async get(@Param('deliveryId') deliveryId: string): Promise<DeliveryView> {
    const delivery = await this.deliveries.find(this.dataSource.manager, deliveryId);
    if (!delivery) throw new ProblemException(problem(404, 'no such delivery'));
    return delivery;
  }

  /** 200 with the delivery back in the queue; 409 unless it is parked. */
  @Post(':deliveryId/redrive')
  @HttpCode(200)
  async redrive(@Param('deliveryId') deliveryId: string): Promise<DeliveryView> {
    const before = await this.get(deliveryId);
    if (before.status !== 'parked') throw new ProblemException(problem(409, `only a parked delivery can be re-driven; this one is ${before.status}`));
    const result = await this.deliveries.redrive(this.dataSource.manager, { deliveryId });
    this.dispatcher.recheck(result.subscriptionIds);
    return this.get(deliveryId);
  }
}
