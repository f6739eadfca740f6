import { ClaimGroup, type ClaimResult } from './claim-group';

const claim = (eventId: string, contentHash: string) => ({ eventId, contentHash });

describe('ClaimGroup', () => {
  const group = new ClaimGroup([
    { stream: 'purchases', claims: [claim('b', 'hb'), claim('a', 'ha')] },
    { stream: 'purchases', claims: [claim('a', 'ha2'), claim('c', 'hc')] },
    { stream: 'interactions', claims: [claim('a', 'hi')] },
  ]);

  it('claims each (stream, eventId) once, for its first requester, in lock order', () => {
    expect(group.rows).toEqual([
      { stream: 'interactions', eventId: 'a', contentHash: 'hi' },
      { stream: 'purchases', eventId: 'a', contentHash: 'ha' },
      { stream: 'purchases', eventId: 'b', contentHash: 'hb' },
      { stream: 'purchases', eventId: 'c', contentHash: 'hc' },
    ]);
  });

  it('shows a later requester of an id the first requester’s fingerprint as prior', () => {
    const results = new Map<string, ClaimResult>([
      [ClaimGroup.key('interactions', 'a'), { inserted: true }],
      [ClaimGroup.key('purchases', 'a'), { inserted: true }],
      [ClaimGroup.key('purchases', 'b'), { inserted: false, storedHash: 'old-b' }],
      [ClaimGroup.key('purchases', 'c'), { inserted: true }],
    ]);
    const [first, second, third] = group.priors(results);
    expect([...first!]).toEqual([['b', 'old-b']]);
    expect([...second!]).toEqual([['a', 'ha']]);
    expect([...third!]).toEqual([]);
  });

  it('refuses to guess when the statement reported nothing for a claimed id', () => {
    expect(() => group.priors(new Map())).toThrow('no claim result for event b');
  });
});
