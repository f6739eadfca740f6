import { Controller, Get, Param } from '@nestjs/common';
import type { ChurnPredictionV1 } from '@churn/contracts';
import { ProblemException, problem } from '@churn/http';
import { CustomerStateStore } from '../state/customer-state.store';

@Controller('v1/customers')
export class PredictionsController {
  constructor(private readonly states: CustomerStateStore) {}

  /** The customer's latest prediction (as published on churn-predictions.v1), drivers included. */
  @Get(':customerId/prediction')
  async latest(@Param('customerId') customerId: string): Promise<ChurnPredictionV1> {
    const prediction = await this.states.prediction(customerId);
    if (!prediction) throw new ProblemException(problem(404, 'no prediction for this customer'));
    return prediction;
  }
}
