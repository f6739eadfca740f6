import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pacedLoad } from './paced-load';

describe('pacedLoad', () => {
  let server: Server;
  let url: string;
  const arrivals: number[] = [];
  let stallOnce = false;

  beforeAll(async () => {
    server = createServer((request, response) => {
      arrivals.push(performance.now());
      if (stallOnce) {
        stallOnce = false;
        const until = performance.now() + 150;
        while (performance.now() < until); // a stalled event loop, as a long GC pause would be
      }
      response.writeHead(request.url === '/missing' ? 404 : 200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (arrivals.length = 0));

  it('spreads the requests evenly over the run instead of sending each second in a burst', async () => {
    const result = await pacedLoad({ url, rate: 200, seconds: 1, path: () => '/' });
    expect(arrivals).toHaveLength(200);
    expect(result.non2xx + result.errors).toBe(0);
    // Evenly spaced: the first half of the requests arrive in the first half of the second.
    const span = arrivals[arrivals.length - 1]! - arrivals[0]!;
    expect(span).toBeGreaterThan(900);
    expect(arrivals[99]! - arrivals[0]!).toBeGreaterThan(400);
    expect(arrivals[99]! - arrivals[0]!).toBeLessThan(600);
  });

  it('charges a stall to every request that fell due during it, not only to the one in flight', async () => {
    stallOnce = true;
    const result = await pacedLoad({ url, rate: 200, seconds: 1, path: () => '/' });
    // 150 ms at 200/s: about 30 requests were due while the server could not answer.
    expect(result.latencyMs.max).toBeGreaterThanOrEqual(140);
    expect(result.latencyMs.p90).toBeGreaterThanOrEqual(20);
  });

  it('counts answers that are not 2xx apart', async () => {
    const result = await pacedLoad({ url, rate: 100, seconds: 0.5, path: (i) => (i % 2 === 0 ? '/missing' : '/') });
    expect(result.non2xx).toBe(25);
  });
});
