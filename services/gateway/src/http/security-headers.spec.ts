import { staticSecurityHeaders } from './security-headers';

describe('staticSecurityHeaders', () => {
  it("answers helmet's headers, with the configured content security policy", () => {
    const headers = staticSecurityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } } });
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('refuses a directive that depends on the request, instead of freezing one answer', () => {
    expect(() =>
      staticSecurityHeaders({
        contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (request) => `'nonce-${String((request as { url?: string }).url)}'`] } },
      }),
    ).toThrow(/must not depend on the request/);
  });
});
