import type { Message } from 'kafkajs';

type SendOne = (topic: string, messages: Message[]) => Promise<void>;

interface Pending {
  byTopic: Map<string, Message[]>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Merges concurrent publishes into shared produce requests, as the Java producer's linger does:
 * while one request is in flight, new publishes queue up, and the next request carries all of
 * them. With one request in flight per connection (needed for idempotence), this is what lets
 * throughput grow with the number of concurrent callers instead of queueing one request each.
 * Order is kept: records go out in the order publish was called. A failed request fails every
 * publish it carried (each caller then retries or answers 503); none is reported as sent.
 */
export class CoalescingSender {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly sendOne: SendOne) {}

  send(byTopic: Map<string, Message[]>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ byTopic, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        for (const [topic, messages] of merge(batch)) await this.sendOne(topic, messages);
        for (const pending of batch) pending.resolve();
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.draining = false;
  }
}

function merge(batch: readonly Pending[]): Map<string, Message[]> {
  const merged = new Map<string, Message[]>();
  for (const { byTopic } of batch) {
    for (const [topic, messages] of byTopic) {
      const target = merged.get(topic);
      if (target) target.push(...messages);
      else merged.set(topic, [...messages]);
    }
  }
  return merged;
}
