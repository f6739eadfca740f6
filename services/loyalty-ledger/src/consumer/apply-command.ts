import {
  type EarningRuleBook,
  type LoyaltyLedger,
  type LoyaltyPolicy,
  type WinBackRule,
  postBehaviour,
  postPurchase,
  postRefund,
  postWinBack,
} from '@churn/domain';
import type { PostingCommand } from './ledger-record';

/** Applies one consumed command through the domain's rules; each answers a repeated key with its first outcome. */
export function applyCommand(
  ledger: LoyaltyLedger,
  command: PostingCommand,
  rules: EarningRuleBook,
  policy: LoyaltyPolicy,
  winBack: WinBackRule | undefined,
): LoyaltyLedger {
  switch (command.kind) {
    case 'purchase':
      return postPurchase(ledger, command.purchase, rules, policy).ledger;
    case 'refund':
      return postRefund(ledger, command.refund).ledger;
    case 'behaviour':
      return postBehaviour(ledger, command.behaviour, rules, policy).ledger;
    case 'win-back':
      return winBack ? postWinBack(ledger, command.trigger, winBack, policy).ledger : ledger;
  }
}
