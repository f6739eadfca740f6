/** One eventId a caller wants to claim, with the fingerprint of its content. */
export interface Claim {
  eventId: string;
  contentHash: string;
}

/** For each claimed eventId that was already known: the fingerprint it was first accepted with. */
export type PriorClaims = ReadonlyMap<string, string>;

/** The claims of one caller (an HTTP request or a consumed batch) within a group. */
export interface ClaimRequest {
  stream: string;
  claims: readonly Claim[];
}

/** One row of the group's claim statement: a (stream, eventId) claimed by its first requester. */
export interface ClaimRow {
  stream: string;
  eventId: string;
  contentHash: string;
}

/**
 * What the claim found: the stored fingerprint of every row that was already known, by
 * `ClaimGroup.key`. Every other row of the group was inserted by it.
 */
export type KnownClaims = ReadonlyMap<string, string>;

const rowKey = (stream: string, eventId: string): string => `${stream}\u0000${eventId}`;

/**
 * Concurrent callers share one dedupe transaction (a group commit). Within a group, the first
 * requester of a (stream, eventId) claims it; a later requester of the same id in the same group
 * sees the first one's fingerprint as prior, exactly as if it had come one transaction later.
 */
export class ClaimGroup {
  /** Unique rows in first-requested order, sorted by id so overlapping groups lock in one order. */
  readonly rows: ClaimRow[];
  private readonly owner = new Map<string, { request: number; contentHash: string }>();

  constructor(readonly requests: readonly ClaimRequest[]) {
    const rows: ClaimRow[] = [];
    requests.forEach((request, index) => {
      for (const claim of request.claims) {
        const key = rowKey(request.stream, claim.eventId);
        if (this.owner.has(key)) continue;
        this.owner.set(key, { request: index, contentHash: claim.contentHash });
        rows.push({ stream: request.stream, eventId: claim.eventId, contentHash: claim.contentHash });
      }
    });
    this.rows = rows.sort((a, b) => compare(a.stream, b.stream) || compare(a.eventId, b.eventId));
  }

  /** The prior fingerprints each request sees, given the rows the claim found already known. */
  priors(known: KnownClaims): PriorClaims[] {
    return this.requests.map((request, index) => {
      const prior = new Map<string, string>();
      for (const claim of request.claims) {
        const key = rowKey(request.stream, claim.eventId);
        const storedHash = known.get(key);
        if (storedHash !== undefined) prior.set(claim.eventId, storedHash);
        else {
          const owner = this.owner.get(key)!;
          if (owner.request !== index) prior.set(claim.eventId, owner.contentHash);
        }
      }
      return prior;
    });
  }

  static key(stream: string, eventId: string): string {
    return rowKey(stream, eventId);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
