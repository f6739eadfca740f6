import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@churn/contracts';
import { Clock } from '@churn/config';
import type { LoyaltyPolicy, WinBackRule } from '@churn/domain';
import { type ConsumedRecord, type OutgoingRecord, deadLetterRecord, kafkaSource } from '@churn/messaging';
import { OutboxRelay, recordNewEvents } from '@churn/persistence';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { LoyaltyLedgerConfig } from '../config';
import { ErasureStore } from '../ledger/erasure.store';
import { LedgerPoster } from '../ledger/ledger-poster';
import { winBackRuleFromConfig } from '../ledger/policy';
import { RuleStore } from '../rules/rule.store';
import { LOYALTY_CONFIG, LOYALTY_POLICY } from '../tokens';
import { applyCommand } from './apply-command';
import {
  type ErasureCommand,
  type ParsedRecord,
  type PostingCommand,
  isPosting,
  parseLedgerRecord,
  processedIdOf,
} from './ledger-record';

/**
 * Applies one consumed batch effectively-once, in ONE transaction: record the batch's ids as
 * processed and keep the new ones, post them through the domain (the journal's keys are a second,
 * permanent guard: a replay after processed_events expired still posts nothing), and put the
 * loyalty events and dead letters in the outbox.
 */
@Injectable()
export class LedgerApplier {
  private readonly applied: Counter<'outcome'>;
  private readonly winBack: WinBackRule | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly poster: LedgerPoster,
    private readonly rules: RuleStore,
    private readonly erasures: ErasureStore,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    @Inject(LOYALTY_CONFIG) private readonly config: LoyaltyLedgerConfig,
    @Inject(LOYALTY_POLICY) private readonly policy: LoyaltyPolicy,
    registry: Registry,
  ) {
    this.winBack = winBackRuleFromConfig(config);
    this.applied = new Counter({
      name: 'loyalty_ledger_records_total',
      help: 'Consumed records by outcome (applied, duplicate, dead_lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  async apply(records: readonly ConsumedRecord[]): Promise<void> {
    const parsed = records.map((r) => parseLedgerRecord(r, this.config.TOPIC_PREFIX));
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const fresh = await recordNewEvents(manager, this.config.CONSUMER_GROUP, parsed.map(processedIdOf));
      const isFresh = (p: ParsedRecord): boolean => fresh.has(processedIdOf(p));
      const accepted = parsed.flatMap((p) => (p.ok && isFresh(p) ? [p.command] : []));
      const commands = accepted.filter(isPosting);
      const deadLetters = parsed.flatMap((p) => (!p.ok && isFresh(p) ? [this.deadLetter(p, now)] : []));
      const book = commands.length > 0 ? await this.rules.book(manager) : undefined;
      for (const erasure of accepted.filter((c): c is ErasureCommand => c.kind === 'erasure')) {
        await this.erasures.anonymize(manager, erasure.customerId, erasure.pseudonym);
      }
      const byCustomer = new Map<string, PostingCommand[]>();
      for (const command of commands) {
        const list = byCustomer.get(command.customerId);
        if (list) list.push(command);
        else byCustomer.set(command.customerId, [command]);
      }
      const { posted } = await this.poster.post(
        manager,
        byCustomer.keys(),
        now.getTime(),
        (ledger, customerId) => ({
          ledger: byCustomer
            .get(customerId)!
            .reduce((current, command) => applyCommand(current, command, book!, this.policy, this.winBack), ledger),
          result: undefined,
        }),
        deadLetters,
      );
      return { applied: posted.length, deadLettered: deadLetters.length, fresh: fresh.size };
    });
    this.relay.notify();
    this.applied.inc({ outcome: 'applied' }, outcome.fresh - outcome.deadLettered);
    this.applied.inc({ outcome: 'dead_lettered' }, outcome.deadLettered);
    this.applied.inc({ outcome: 'duplicate' }, records.length - outcome.fresh);
  }

  private deadLetter(parsed: Extract<ParsedRecord, { ok: false }>, now: Date): OutgoingRecord {
    const { record } = parsed;
    return deadLetterRecord({
      dlqTopic: Topics.loyaltyDlq,
      consumer: this.config.CONSUMER_GROUP,
      reason: { code: parsed.code, message: parsed.reason },
      source: kafkaSource(record),
      payload: record.value,
      key: record.key,
      now,
    });
  }
}
