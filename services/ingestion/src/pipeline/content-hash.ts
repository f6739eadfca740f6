import { hash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { NormalizedEvent } from './event-streams';

/**
 * Fingerprint of what an event says, used to tell a harmless redelivery (same eventId, same
 * content) from a conflict (same eventId, different content). Computed on the normalized event
 * with sorted keys, so "129.9" and "129.90", or the same instant in two offsets, are the same
 * content; `ingestedAt` is ours, not the sender's, and is left out.
 */
export function contentHash(event: NormalizedEvent): string {
  const { ingestedAt: _ingestedAt, ...content } = event;
  // One-shot `hash` rather than createHash().update().digest(): the same digest without a Hash
  // object per event (Node >= 20.12, which package.json's engines already require).
  return hash('sha256', stringify(content) ?? '', 'hex');
}
