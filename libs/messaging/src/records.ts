import type { IHeaders } from 'kafkajs';

/** A record as a consumer receives it: raw bytes plus the coordinates a DLQ record needs. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

/** A record to publish; `topic` is the logical catalogue name, the publisher applies the prefix. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string | Buffer | object;
  headers?: Record<string, string>;
}

export function serializeValue(value: OutgoingRecord['value']): string | Buffer {
  return typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
}
