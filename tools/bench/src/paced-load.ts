import { Agent, request } from 'node:http';
import * as hdr from 'hdr-histogram-js';

export interface PacedLoadOptions {
  /** Origin of the server, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** Requests per second, spaced evenly. */
  readonly rate: number;
  readonly seconds: number;
  /** Path of the i-th request. */
  readonly path: (i: number) => string;
  readonly headers?: Record<string, string>;
  /** Keep-alive connections at most; requests beyond them wait for one (and that wait is latency). */
  readonly connections?: number;
}

export interface PacedLoadResult {
  readonly requestsPerSecond: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * An open-loop load at a constant rate: request i is due at start + i / rate, whether or not
 * earlier ones were answered, and its latency runs from when it was due, not from when it was
 * sent, so a stalled server (or a stalled generator) is charged for every request it delayed.
 * autocannon's own rate mode cannot stand in: each connection sends its whole quota for the
 * second back to back and then waits for the next second (mcollina/autocannon#174), so
 * "2,000 requests/s" arrives as bursts at the server's full speed, and its coordinated-omission
 * correction assumes a 1 ms interval whatever the rate, which adds samples to every slow answer.
 */
export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const { rate, seconds } = options;
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 50 });
  // Microseconds, so that sub-millisecond answers keep their resolution.
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const total = Math.round(rate * seconds);
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  const start = performance.now();

  await new Promise<void>((resolve) => {
    const finish = (due: number, status: number | undefined): void => {
      histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
      if (status === undefined) errors++;
      else if (status >= 200 && status < 300) ok++;
      else non2xx++;
      if (++done === total) resolve();
    };
    const send = (i: number, due: number): void => {
      const req = request(
        { host: target.hostname, port: target.port, path: options.path(i), agent, headers: options.headers },
        (res) => {
          res.resume();
          res.once('end', () => finish(due, res.statusCode));
        },
      );
      req.once('error', () => finish(due, undefined));
      req.end();
    };
    // Every millisecond, send what has fallen due: timers cannot fire at 0.5 ms spacing, and
    // latency counts from the due time, so the tick's granularity is not hidden.
    const timer = setInterval(() => {
      const dueNow = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < dueNow; sent++) send(sent, start + (sent / rate) * 1000);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  agent.destroy();
  const ms = (percentile: number): number => Math.round(histogram.getValueAtPercentile(percentile) / 100) / 10;
  const result = {
    requestsPerSecond: Math.round(ok / ((performance.now() - start) / 1000)),
    latencyMs: { p50: ms(50), p90: ms(90), p99: ms(99), max: Math.round(histogram.maxValue / 100) / 10 },
    non2xx,
    errors,
  };
  histogram.destroy();
  return result;
}
