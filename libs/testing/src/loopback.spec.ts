import { assertLoopback, isLoopbackHost } from './loopback';

describe('loopback guard', () => {
  it.each(['127.0.0.1', '127.3.2.1', 'localhost', '::1'])('accepts %s', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(['10.0.0.1', '192.168.1.10', 'example.com', '0.0.0.0', '128.0.0.1'])('refuses %s', (host) => expect(isLoopbackHost(host)).toBe(false));

  it('checks URLs and broker lists', () => {
    expect(() => assertLoopback('postgres://postgres@127.0.0.1:5432/x', '127.0.0.1:9092', 'redis://localhost:6379')).not.toThrow();
    expect(() => assertLoopback('10.1.2.3:9092')).toThrow(/refusing 10.1.2.3:9092/);
  });
});
