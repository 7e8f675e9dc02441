import type { FieldProblem } from '../shared/domain-errors.js';
import type { PaymentMethodRef } from '../shared/tmf-types.js';
import type { BillingAccount } from './billing-account.js';

/**
 * Which card pays a billing account's bills: its `defaultPaymentMethod`, the card collection
 * charges for each bill and order-to-cash authorizes for an order's upfront charges
 * (docs/collections.md). Staff set any card (or none); a customer chooses among its own cards,
 * the ones its customer record lists (`paymentMethod`, which it patches itself), and never
 * removes the default: an account without one is no longer collected automatically
 * (docs/security.md, "Who may write which attribute").
 *
 * The other side of the same rule: a card that is the default of an open account cannot leave
 * the customer's record, whoever patches the customer; another default is chosen first.
 */

/** What a customer may set as its account's default: the card as its record lists it, or why not. */
export type DefaultPaymentMethodChoice =
  | { readonly allowed: true; readonly paymentMethod: PaymentMethodRef }
  | { readonly allowed: false; readonly message: string; readonly problem: FieldProblem };

/**
 * A customer's own `defaultPaymentMethod` (a merge patch value: a card, or `null` to remove it),
 * judged against the cards its customer record lists. A listed card is set as the record lists
 * it (its id decides; a name or href sent with it is not the customer's to invent).
 */
export function customerDefaultPaymentMethodChoice(requested: PaymentMethodRef | null, listed: readonly PaymentMethodRef[] | undefined): DefaultPaymentMethodChoice {
  if (requested === null) {
    return {
      allowed: false,
      message: 'a customer may not remove the default payment method of a billing account: its bills would no longer be collected; choose another of its cards instead',
      problem: { field: 'defaultPaymentMethod', problem: 'removing the default card stops automatic collection: only customer service may' },
    };
  }
  const card = listed?.find((method) => method.id === requested.id);
  if (!card) {
    return {
      allowed: false,
      message: 'the card is not one of the customer’s payment methods',
      problem: { field: 'defaultPaymentMethod.id', problem: 'not one of your payment methods: add it to your customer record first' },
    };
  }
  return { allowed: true, paymentMethod: card };
}

/** The ids of the cards `before` lists and `after` no longer does, once each, in `before`'s order. */
export function removedPaymentMethodIds(before: readonly PaymentMethodRef[] | undefined, after: readonly PaymentMethodRef[] | undefined): string[] {
  const kept = new Set((after ?? []).map((method) => method.id));
  return [...new Set((before ?? []).map((method) => method.id))].filter((id) => !kept.has(id));
}

/** An account whose default card a change of the customer's record would take away. */
export interface OrphanedDefault {
  billingAccountId: string;
  paymentMethodId: string;
}

/**
 * The accounts among `accounts` (the customer's) whose default is one of the removed cards. A
 * Closed account is left out: it is never collected again and cannot be changed, so its last
 * default must not hold the card on the record forever.
 */
export function defaultsOrphanedBy(removedIds: readonly string[], accounts: readonly Pick<BillingAccount, 'id' | 'state' | 'defaultPaymentMethod'>[]): OrphanedDefault[] {
  const removed = new Set(removedIds);
  return accounts
    .filter((account) => account.state !== 'Closed' && account.defaultPaymentMethod !== undefined && removed.has(account.defaultPaymentMethod.id))
    .map((account) => ({ billingAccountId: account.id, paymentMethodId: account.defaultPaymentMethod!.id }));
}

/** Why the customer change is refused: one problem per account, naming it and its card. */
export function orphanedDefaultsRefusal(orphaned: readonly OrphanedDefault[]): { message: string; problems: FieldProblem[] } {
  const accounts = orphaned.map((each) => each.billingAccountId);
  return {
    message: `a card that pays a billing account's bills cannot be removed: it is the default payment method of billing account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')}; choose another default first`,
    problems: orphaned.map((each) => ({ field: 'paymentMethod', problem: `${each.paymentMethodId} is the default payment method of billing account ${each.billingAccountId}: choose another default first` })),
  };
}
