import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Clock } from '@churn/config';
import {
  type EarningRuleBook,
  type EarningRuleVersion,
  activeRuleVersion,
  ruleVersionEffectiveAt,
} from '@churn/domain';
import { ProblemException, problem } from '@churn/http';
import { RuleStore, RuleVersionRejected } from '../rules/rule.store';
import { RuleVersionBody, bodyValidator } from './request-bodies';

const validateRuleVersion = bodyValidator(RuleVersionBody);

function present(book: EarningRuleBook, now: number): Record<string, unknown> {
  const active = activeRuleVersion(book, now);
  return {
    noticePeriodDays: book.noticePeriodDays,
    active: active?.version ?? null,
    versions: book.versions.map((v) => ({
      ...v,
      announcedAt: new Date(v.announcedAt).toISOString(),
      effectiveFrom: new Date(v.effectiveFrom).toISOString(),
      appliesFrom: new Date(ruleVersionEffectiveAt(v, book.noticePeriodDays)).toISOString(),
    })),
  };
}

/** Earning rules as versioned data: list them, add a version (never edit one). */
@Controller('v1/loyalty/rules')
export class RulesController {
  constructor(
    private readonly rules: RuleStore,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(): Promise<Record<string, unknown>> {
    return present(await this.rules.book(), this.clock.now().getTime());
  }

  /** 201 with the rule book; 422 when the version breaks the notice period, reuses a name or has meaningless numbers. */
  @Post()
  @HttpCode(201)
  async add(@Body() body: unknown): Promise<Record<string, unknown>> {
    const request = validateRuleVersion(body);
    const now = this.clock.now().getTime();
    const version: EarningRuleVersion = {
      ...request,
      announcedAt: now,
      effectiveFrom: Date.parse(request.effectiveFrom),
    };
    try {
      return present(await this.rules.add(version), now);
    } catch (error) {
      if (error instanceof RuleVersionRejected)
        throw new ProblemException(problem(422, error.message, { problems: error.problems }));
      throw error;
    }
  }
}
