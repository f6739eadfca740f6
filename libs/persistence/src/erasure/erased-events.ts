/** When each erased customer was last erased (epoch ms), by customer id. */
export type Tombstones = ReadonlyMap<string, number>;

export interface Admitted<T> {
  /** Events to apply: of customers never erased, or produced after their erasure. */
  live: T[];
  /** Events of the erased past: produced at or before their customer's erasure. */
  erased: T[];
}

/**
 * Splits events by the erasure tombstones. An event produced (`producedAt`, an ISO instant) at or
 * before its customer's erasure describes what was erased: it reached us late (another topic,
 * another partition, a lagging producer, a re-drive) and must not bring the customer back. An
 * event produced after the erasure is new data of a returning customer and is applied.
 */
export function admitEvents<T extends { customerId: string }>(
  events: readonly T[],
  producedAt: (event: T) => string,
  tombstones: Tombstones,
): Admitted<T> {
  const live: T[] = [];
  const erased: T[] = [];
  for (const event of events) {
    const erasedAt = tombstones.get(event.customerId);
    if (erasedAt !== undefined && Date.parse(producedAt(event)) <= erasedAt) erased.push(event);
    else live.push(event);
  }
  return { live, erased };
}
