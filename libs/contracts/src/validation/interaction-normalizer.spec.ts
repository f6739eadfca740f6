import { normalizeInteraction } from './interaction-normalizer';
import { describeIssues } from './result';

const now = new Date('2026-11-24T10:00:00Z');
const base = { eventId: 'i-1', customerId: 'c-1', occurredAt: '2026-11-20T08:00:00-05:00', kind: 'nps', score: 9 };

function reasonFor(input: unknown): string {
  const result = normalizeInteraction(input, now);
  if (result.ok) throw new Error('expected a rejection');
  return describeIssues(result.issues);
}

describe('normalizeInteraction', () => {
  it('normalizes the timestamp to UTC and keeps the score', () => {
    expect(normalizeInteraction({ ...base, reference: 'survey-7' }, now)).toEqual({
      ok: true,
      value: { ...base, occurredAt: '2026-11-20T13:00:00.000Z', reference: 'survey-7', ingestedAt: now.toISOString() },
    });
  });

  it('accepts a login without a score', () => {
    const { score: _score, ...login } = base;
    expect(normalizeInteraction({ ...login, kind: 'login' }, now).ok).toBe(true);
  });

  it.each<[string, unknown, RegExp]>([
    ['nps above 10', { ...base, score: 11 }, /score: must be between 0 and 10 for kind nps/],
    ['nps below 0', { ...base, score: -1 }, /score: must be between 0 and 10/],
    ['satisfaction of 0', { ...base, kind: 'satisfaction', score: 0 }, /between 1 and 5 for kind satisfaction/],
    ['a review without a score', { ...base, kind: 'review', score: undefined }, /score: is required for kind review/],
    ['a score on a login', { ...base, kind: 'login', score: 3 }, /score: is not allowed for kind login/],
    ['a fractional score', { ...base, score: 7.5 }, /score: must be integer/],
    ['an unknown kind', { ...base, kind: 'tweet' }, /kind: must be one of complaint/],
  ])('rejects %s', (_label, input, reason) => {
    expect(reasonFor(input)).toMatch(reason);
  });
});
