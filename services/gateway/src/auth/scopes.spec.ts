import { hashApiKey, newApiKeySecret } from './api-key';
import { grants, isScope } from './scopes';

describe('scopes', () => {
  it('grants a scope the key holds, and every scope to admin', () => {
    expect(grants(['scores:read'], 'scores:read')).toBe(true);
    expect(grants(['scores:read'], 'alerts:read')).toBe(false);
    expect(grants(['admin'], 'loyalty:write')).toBe(true);
    expect(grants([], 'scores:read')).toBe(false);
  });

  it('knows the documented scopes only', () => {
    expect(['scores:read', 'alerts:read', 'alerts:write', 'loyalty:read', 'loyalty:write', 'events:write', 'admin'].every(isScope)).toBe(true);
    expect(isScope('root')).toBe(false);
  });
});

describe('API key secrets', () => {
  it('are 256 random bits, prefixed, and stored as a SHA-256 that does not contain them', () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a).toMatch(/^chk_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(hashApiKey(a)).not.toBe(hashApiKey(b));
  });
});
