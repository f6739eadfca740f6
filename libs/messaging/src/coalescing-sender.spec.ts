import type { Message } from 'kafkajs';
import { CoalescingSender } from './coalescing-sender';

const records = (...values: string[]): Message[] => values.map((value) => ({ key: null, value }));
const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('CoalescingSender', () => {
  it('carries publishes that arrive during an in-flight request in one next request, in order', async () => {
    const requests: { topic: string; values: unknown[] }[] = [];
    const gates = [deferred(), deferred()];
    const sender = new CoalescingSender(async (topic, messages) => {
      requests.push({ topic, values: messages.map((m) => m.value) });
      await gates[requests.length - 1]?.promise;
    });

    const first = sender.send(new Map([['t', records('a')]]));
    const second = sender.send(new Map([['t', records('b')]]));
    const third = sender.send(new Map([['t', records('c', 'd')], ['u', records('x')]]));
    gates[0]!.resolve();
    await first;
    gates[1]!.resolve();
    await Promise.all([second, third]);

    expect(requests).toEqual([
      { topic: 't', values: ['a'] },
      { topic: 't', values: ['b', 'c', 'd'] },
      { topic: 'u', values: ['x'] },
    ]);
  });

  it('fails every publish of a failed request, and carries on with the next ones', async () => {
    let calls = 0;
    const gate = deferred();
    const sender = new CoalescingSender(async () => {
      calls += 1;
      if (calls === 1) await gate.promise;
      if (calls === 2) throw new Error('broker down');
    });
    const inFlight = sender.send(new Map([['t', records('a')]]));
    const failedA = sender.send(new Map([['t', records('b')]]));
    const failedB = sender.send(new Map([['t', records('c')]]));
    gate.resolve();
    await expect(inFlight).resolves.toBeUndefined();
    await expect(failedA).rejects.toThrow('broker down');
    await expect(failedB).rejects.toThrow('broker down');
    await expect(sender.send(new Map([['t', records('d')]]))).resolves.toBeUndefined();
  });
});
