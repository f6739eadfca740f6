import { Controller, Get, Query } from '@nestjs/common';
import { OutcomeQuery, type OutcomeReportView } from '../outcomes/outcome-query';
import { OutcomeReportQuery, requestValidator } from './request-bodies';

const validateQuery = requestValidator(OutcomeReportQuery);

@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly outcomes: OutcomeQuery) {}

  /** Retained share per rule reason and per suggested action, treatment vs control, with uplift. */
  @Get('outcomes')
  outcomesReport(@Query() query: unknown): Promise<OutcomeReportView> {
    return this.outcomes.report(validateQuery(query).matured !== 'false');
  }
}
