import type { JournalEntry, JournalLine, RejectionReason } from './journal-entry';
import { type LoyaltyLedger, appendEntry } from './loyalty-ledger';
import type { FraudWarning, PostingOutcome } from './posting-outcome';

type RejectableCommand = Extract<JournalEntry['details'], { kind: 'command-rejected' }>['command'];

/** The original answer when a key was seen before, so that nothing is evaluated twice. */
export function previousOutcome(ledger: LoyaltyLedger, key: string): PostingOutcome | undefined {
  const entry = ledger.entriesByKey.get(key);
  return entry ? { status: 'duplicate', ledger, entry } : undefined;
}

export function post(ledger: LoyaltyLedger, entry: JournalEntry): PostingOutcome {
  return { status: 'posted', ledger: appendEntry(ledger, entry), entry };
}

/** Records the refusal under the command's key: a retry must not succeed later by accident. */
export function reject(
  ledger: LoyaltyLedger,
  command: { key: string; customerId: string; at: number; kind: RejectableCommand },
  reason: RejectionReason,
  fraudWarning?: FraudWarning,
): PostingOutcome {
  const entry: JournalEntry = {
    key: command.key,
    customerId: command.customerId,
    postedAt: command.at,
    lines: [],
    details: {
      kind: 'command-rejected',
      command: command.kind,
      reason,
      ...(fraudWarning ? { fraudWarning: true } : {}),
    },
  };
  const ledgerAfter = appendEntry(ledger, entry);
  return fraudWarning
    ? { status: 'rejected', ledger: ledgerAfter, entry, reason, fraudWarning }
    : { status: 'rejected', ledger: ledgerAfter, entry, reason };
}

/** Drops zero lines: they carry no information, and appendEntry refuses them. */
export function nonZeroLines(lines: ReadonlyArray<JournalLine>): JournalLine[] {
  return lines.filter((line) => line.points !== 0);
}
