/**
 * The accounts of the points ledger. Every customer has the full set (programme accounts are kept
 * per customer too, so one customer's books balance on their own), and a journal line moves
 * points into (+) or out of (-) one of them.
 *
 * Sign convention: customer accounts hold what the customer owns, so they are normally >= 0;
 * programme accounts are the other side of every movement (issuing 100 points is
 * `issued -100, locked +100`), so a customer's accounts always sum to zero.
 *
 * - `available`: spendable points.
 * - `locked`: points from purchases still inside their return window.
 * - `recovery`: points the customer owes (<= 0). A refund after its points were spent reverses
 *   them anyway; what the customer no longer holds is booked here instead of driving `available`
 *   negative. Any later credit repays it before anything becomes available, so while `recovery`
 *   is below zero `available` is zero: this is the documented recovery (negative) state.
 * - `issued`: points earned from purchases and behaviour, net of refund reversals.
 * - `redeemed`, `expired`: points spent and points that lapsed.
 * - `adjustments`: operator corrections (disputes, goodwill).
 */
export type LedgerAccount = 'available' | 'locked' | 'recovery' | 'issued' | 'redeemed' | 'expired' | 'adjustments';

export const LEDGER_ACCOUNTS: ReadonlyArray<LedgerAccount> = [
  'available',
  'locked',
  'recovery',
  'issued',
  'redeemed',
  'expired',
  'adjustments',
];

export type AccountBalances = Readonly<Record<LedgerAccount, number>>;

export const ZERO_BALANCES: AccountBalances = {
  available: 0,
  locked: 0,
  recovery: 0,
  issued: 0,
  redeemed: 0,
  expired: 0,
  adjustments: 0,
};
