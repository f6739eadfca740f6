import { EMPTY_LEDGER, type LoyaltyLedger, adjustPoints } from '@churn/domain';
import { type CachedLedger, LedgerCache } from './ledger-cache';

/** A customer's ledger of `entries` credits. */
const ledgerOf = (customerId: string, entries: number): LoyaltyLedger =>
  Array.from({ length: entries }, (_, i) => i).reduce(
    (ledger, i) =>
      adjustPoints(ledger, {
        requestId: `${customerId}-${i}`,
        customerId,
        points: 10,
        reason: 'test',
        operator: 'op-1',
        adjustedAt: 0,
      }).ledger,
    EMPTY_LEDGER,
  );

const cached = (customerId: string, entries: number, lastSeq = String(entries)): CachedLedger => ({
  lastSeq,
  ledger: ledgerOf(customerId, entries),
});

/** Which of the customers the cache still holds (get refreshes them, so ask about all at once). */
const held = (cache: LedgerCache, ids: readonly string[]): string[] => ids.filter((id) => cache.get(id));

describe('LedgerCache', () => {
  it('gives back what was put, the last put per customer', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 100 });
    expect(cache.get('c-1')).toBeUndefined();
    const first = cached('c-1', 2);
    cache.put('c-1', first);
    expect(cache.get('c-1')).toBe(first);
    const second = cached('c-1', 3);
    cache.put('c-1', second);
    expect(cache.get('c-1')).toBe(second);
  });

  it('holds at most LEDGER_CACHE_ENTRIES entries (one more per customer) and evicts the least recently used', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 9 });
    cache.put('c-1', cached('c-1', 2)); // weight 3
    cache.put('c-2', cached('c-2', 2)); // 6
    cache.put('c-3', cached('c-3', 2)); // 9: full
    expect(cache.get('c-1')).toBeDefined(); // c-1 is now the most recently used, c-2 the least
    cache.put('c-4', cached('c-4', 0)); // 10: c-2 goes
    expect(held(cache, ['c-1', 'c-2', 'c-3', 'c-4'])).toEqual(['c-1', 'c-3', 'c-4']);
    cache.put('c-5', cached('c-5', 5)); // 13: c-1, then c-3 go (held() used c-1 first)
    expect(held(cache, ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'])).toEqual(['c-4', 'c-5']);
  });

  it('counts a replaced ledger once', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 8 });
    cache.put('c-1', cached('c-1', 3));
    cache.put('c-1', cached('c-1', 3, '9')); // still 4 of 8, not 8
    cache.put('c-2', cached('c-2', 3));
    expect(held(cache, ['c-1', 'c-2'])).toEqual(['c-1', 'c-2']);
  });

  it('does not keep a ledger bigger than the whole cache, nor evict others for it', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 5 });
    cache.put('c-1', cached('c-1', 1));
    cache.put('c-1', cached('c-1', 1, '7'));
    cache.put('c-2', cached('c-2', 5));
    expect(held(cache, ['c-1', 'c-2'])).toEqual(['c-1']);
    cache.put('c-1', cached('c-1', 5));
    expect(cache.get('c-1')).toBeUndefined();
  });

  it('forgets a customer on request, and frees their share of the bound', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 6 });
    cache.put('c-1', cached('c-1', 2));
    cache.put('c-2', cached('c-2', 2));
    cache.forget('c-1');
    expect(cache.get('c-1')).toBeUndefined();
    cache.put('c-3', cached('c-3', 2));
    expect(held(cache, ['c-2', 'c-3'])).toEqual(['c-2', 'c-3']);
  });

  it('keeps nothing when set to 0', () => {
    const cache = new LedgerCache({ LEDGER_CACHE_ENTRIES: 0 });
    cache.put('c-1', cached('c-1', 0));
    expect(cache.get('c-1')).toBeUndefined();
  });
});
