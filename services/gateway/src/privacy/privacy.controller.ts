import { Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Clock } from '@churn/config';
import type { CustomerErasureV1 } from '@churn/contracts';
import { principalOf } from '../auth/authenticator';
import { RequireScope } from '../auth/scopes';
import { customerIdParam, requestIdOf } from '../http/request-input';
import { ErasureService } from './erasure.service';
import { ExportService } from './export.service';

/** Data-subject requests (PIPL/GDPR): erasure and export. Admin only, always audited. */
@ApiTags('privacy')
@ApiSecurity('apiKey')
@Controller('v1/customers/:customerId')
export class PrivacyController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly exporter: ExportService,
    private readonly clock: Clock,
  ) {}

  @Delete()
  @HttpCode(202)
  @RequireScope('admin')
  @ApiOperation({ summary: 'Erase a customer: publishes customer-erasures.v1, which every service honours; the gateway forgets at once' })
  erase(@Param('customerId') customerId: string, @Req() request: FastifyRequest): Promise<CustomerErasureV1> {
    return this.erasure.erase(customerIdParam(customerId), principalOf(request), requestIdOf(request));
  }

  @Get('export')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Everything stored about a customer: the gateway read model and audit entries, and what each owning service answers' })
  export(@Param('customerId') customerId: string, @Req() request: FastifyRequest): Promise<Record<string, unknown>> {
    return this.exporter.export(customerIdParam(customerId), principalOf(request), requestIdOf(request), this.clock.now());
  }
}
