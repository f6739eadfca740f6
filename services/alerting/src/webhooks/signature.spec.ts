import { signatureHeader, verifySignature } from './signature';

describe('webhook signature', () => {
  const body = '{"alertId":"a1"}';

  it('verifies what it signed, within the tolerance only', () => {
    const header = signatureHeader('s3cret', 1_700_000_000, body);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', header, body, 1_700_000_100)).toBe(true);
    expect(verifySignature('s3cret', header, body, 1_700_000_301)).toBe(false);
  });

  it('refuses another secret, a changed body, a missing or malformed header', () => {
    const header = signatureHeader('s3cret', 1_700_000_000, body);
    expect(verifySignature('other', header, body, 1_700_000_000)).toBe(false);
    expect(verifySignature('s3cret', header, body.replace('a1', 'a2'), 1_700_000_000)).toBe(false);
    expect(verifySignature('s3cret', undefined, body, 1_700_000_000)).toBe(false);
    expect(verifySignature('s3cret', 't=abc,v1=zz', body, 1_700_000_000)).toBe(false);
  });
});
