import { MS_PER_DAY } from '../time/time-unit';
import { DEFAULT_LOYALTY_POLICY, type LoyaltyPolicy } from './loyalty-policy';
import type { LoyaltyLedger } from './loyalty-ledger';
import { lotsOldestFirst } from './lot-movements';

/** "N points will expire on D": one per lot, keyed so the sender can notify once. */
export interface ExpiryNotice {
  readonly noticeKey: string;
  readonly customerId: string;
  readonly lotId: string;
  readonly points: number;
  readonly expiresAt: number;
}

/**
 * Lots with points left that lapse within the notice period: expiresAt - noticeDays <= now <
 * expiresAt. A notice is information, not a ledger movement, so it produces no entry.
 */
export function expiryNotices(
  ledger: LoyaltyLedger,
  now: number,
  policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY,
): ExpiryNotice[] {
  const notices: ExpiryNotice[] = [];
  const noticeMs = policy.expiryNoticeDays * MS_PER_DAY;
  for (const [customerId, customer] of ledger.customers) {
    for (const lot of lotsOldestFirst(customer)) {
      const points = lot.locked + lot.available;
      if (points === 0 || now < lot.expiresAt - noticeMs || now >= lot.expiresAt) continue;
      notices.push({
        noticeKey: `expiry-notice:${lot.lotId}`,
        customerId,
        lotId: lot.lotId,
        points,
        expiresAt: lot.expiresAt,
      });
    }
  }
  return notices;
}
