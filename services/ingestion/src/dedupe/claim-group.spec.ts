import { ClaimGroup } from './claim-group';

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
    const [first, second, third] = group.priors(new Map([[ClaimGroup.key('purchases', 'b'), 'old-b']]));
    expect([...first!]).toEqual([['b', 'old-b']]);
    expect([...second!]).toEqual([['a', 'ha']]);
    expect([...third!]).toEqual([]);
  });

  it('shows every requester of an already known id the stored fingerprint', () => {
    const [first, second] = group.priors(new Map([[ClaimGroup.key('purchases', 'a'), 'old-a']]));
    expect([...first!]).toEqual([['a', 'old-a']]);
    expect([...second!]).toEqual([['a', 'old-a']]);
  });
});
