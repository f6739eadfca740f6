import { DEFAULT_EARNING_RULE_BOOK, DEFAULT_LOYALTY_POLICY, EMPTY_LEDGER, customerLedger } from '@churn/domain';
import { consumedRecord } from '@churn/testing';
import { applyCommand } from './apply-command';
import { type LedgerCommand, isPosting, parseLedgerRecord, processedIdOf } from './ledger-record';

const record = (topic: string, value: unknown, offset = '7') => consumedRecord(`env.${topic}`, value, { offset });
const at = '2026-03-02T10:00:00.000Z';
const purchase = {
  eventId: 'e-1',
  type: 'purchase',
  customerId: 'c-1',
  orderId: 'o-1',
  occurredAt: at,
  amountMinor: 1234,
  currency: 'EUR',
  ingestedAt: at,
};
const alert = {
  eventId: 'a-1',
  alertId: 'al-1',
  customerId: 'c-1',
  type: 'opened',
  occurredAt: at,
  source: 'alerting',
  reason: 'risk-level',
  level: 'high',
  priority: 1,
  valueTier: 'gold',
  queue: 'vip-team',
  probability: 0.8,
  drivers: [],
  signals: [],
  suggestedAction: 'call',
  controlGroup: false,
};

describe('parseLedgerRecord', () => {
  it('turns purchases and refunds into postings, with the instant in epoch ms', () => {
    const parsed = parseLedgerRecord(record('purchases.v1', purchase), 'env');
    expect(parsed).toMatchObject({
      ok: true,
      command: { kind: 'purchase', purchase: { occurredAt: Date.parse(at), amountMinor: 1234 } },
    });
    expect(processedIdOf(parsed)).toBe('purchases.v1:e-1');
    const refund = parseLedgerRecord(record('purchases.v1', { ...purchase, eventId: 'e-2', type: 'refund' }), 'env');
    expect(refund).toMatchObject({ ok: true, command: { kind: 'refund', refund: { orderId: 'o-1' } } });
  });

  it('rewards reviews and alerts from alerting that open at or escalate to high risk, and ignores everything else', () => {
    const review = { eventId: 'i-1', customerId: 'c-1', occurredAt: at, kind: 'review', score: 4, ingestedAt: at };
    expect(parseLedgerRecord(record('interactions.v1', review), 'env')).toMatchObject({
      command: { kind: 'behaviour' },
    });
    expect(
      parseLedgerRecord(record('interactions.v1', { ...review, kind: 'login', score: undefined }), 'env'),
    ).toMatchObject({ command: { kind: 'ignored' } });
    expect(parseLedgerRecord(record('alerts.v1', alert), 'env')).toMatchObject({
      command: { kind: 'win-back', trigger: { alertId: 'al-1' } },
    });
    expect(
      parseLedgerRecord(record('alerts.v1', { ...alert, eventId: 'a-2', type: 'escalated' }), 'env'),
    ).toMatchObject({
      command: { kind: 'win-back', trigger: { eventId: 'a-2', alertId: 'al-1' } },
    });
    for (const other of [
      { level: 'medium' },
      { type: 'escalated', level: 'medium' },
      { controlGroup: true },
      { type: 'resolved' },
      { source: 'loyalty-ledger', reason: 'redemption-limit', queue: 'fraud-review' },
    ]) {
      const parsed = parseLedgerRecord(record('alerts.v1', { ...alert, ...other }), 'env');
      expect(parsed.ok && isPosting(parsed.command)).toBe(false);
    }
  });

  it('rewards referrals as referral behaviour, keyed and timed by the interaction', () => {
    const referral = { eventId: 'i-9', customerId: 'c-1', occurredAt: at, kind: 'referral', ingestedAt: at };
    const parsed = parseLedgerRecord(record('interactions.v1', referral), 'env');
    expect(parsed).toMatchObject({
      ok: true,
      command: {
        kind: 'behaviour',
        customerId: 'c-1',
        behaviour: { eventId: 'i-9', customerId: 'c-1', behaviour: 'referral', occurredAt: Date.parse(at) },
      },
    });
    expect(processedIdOf(parsed)).toBe('interactions.v1:i-9');
  });

  it('earns what domain.md §3 states under the launch rules: 200 per referral, 50 per review', () => {
    const interaction = (eventId: string, kind: string, score?: number): LedgerCommand => {
      const value = { eventId, customerId: 'c-1', occurredAt: at, kind, ingestedAt: at, ...(score ? { score } : {}) };
      const parsed = parseLedgerRecord(record('interactions.v1', value), 'env');
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.command;
    };
    const available = (...commands: LedgerCommand[]): number =>
      customerLedger(
        commands
          .filter(isPosting)
          .reduce(
            (ledger, command) =>
              applyCommand(ledger, command, DEFAULT_EARNING_RULE_BOOK, DEFAULT_LOYALTY_POLICY, undefined),
            EMPTY_LEDGER,
          ),
        'c-1',
      ).balances.available;
    expect(available(interaction('i-1', 'referral'))).toBe(200);
    expect(available(interaction('i-2', 'review', 4))).toBe(50);
    // The same referral delivered twice still earns once; a login earns nothing.
    expect(available(interaction('i-1', 'referral'), interaction('i-1', 'referral'), interaction('i-3', 'login'))).toBe(
      200,
    );
  });

  it('maps an erasure to a pseudonym taken from the request, not from the customer id', () => {
    const erasure = { eventId: 'er-9', customerId: 'c-1', requestedAt: at, requestedBy: 'k' };
    expect(parseLedgerRecord(record('customer-erasures.v1', erasure), 'env')).toMatchObject({
      command: { kind: 'erasure', pseudonym: 'erased:er-9' },
    });
  });

  it('refuses invalid records with a reason, identified by their coordinates', () => {
    const parsed = parseLedgerRecord(record('purchases.v1', '{"eventId":"x"', '42'), 'env');
    expect(parsed).toMatchObject({ ok: false });
    expect(processedIdOf(parsed)).toBe('record:env.purchases.v1/1/42');
    expect(parseLedgerRecord(record('purchases.v1', { ...purchase, amountMinor: 0 }), 'env')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('amountMinor'),
    });
  });

  it('tells a record that is not JSON or has no value (unparseable) from one that breaks its contract (invalid)', () => {
    expect(parseLedgerRecord(record('purchases.v1', '{"eventId":"x"'), 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: expect.stringMatching(/payload is not acceptable JSON/),
    });
    expect(parseLedgerRecord({ ...record('purchases.v1', ''), value: null }, 'env')).toMatchObject({
      ok: false,
      code: 'unparseable',
      reason: 'record has no value',
    });
    expect(parseLedgerRecord(record('purchases.v1', { ...purchase, amountMinor: 0 }), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(parseLedgerRecord(record('purchases.v1', '{"eventId":"x"}'), 'env')).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(parseLedgerRecord(record('scores.v1', purchase), 'env')).toMatchObject({ ok: false, code: 'invalid' });
  });
});
