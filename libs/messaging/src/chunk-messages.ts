import type { Message } from 'kafkajs';

/**
 * Splits messages into groups whose summed key + value size stays under `maxBytes`. kafkajs puts
 * all messages for a partition into one record batch, and the broker refuses a batch over its
 * `message.max.bytes` (1 MiB by default) as a permanent error, so a large consumed batch must be
 * published in several requests. A single message over the limit still travels alone (and fails
 * loudly at the broker) rather than being dropped.
 */
export function chunkMessages(messages: readonly Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = byteLength(message.key) + byteLength(message.value) + RECORD_OVERHEAD_BYTES;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Per-record framing in a v2 record batch (varints, headers): a generous upper estimate. */
const RECORD_OVERHEAD_BYTES = 64;

function byteLength(value: Message['key'] | Message['value']): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
