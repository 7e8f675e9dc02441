import type { BillingAccount, Customer } from '../shared/api-types.js';

export interface Card {
  /** The gateway's token: what a payment names (never a card number). */
  id: string;
  /** What the customer called it, else its token. */
  label: string;
  /** The default of at least one of the given accounts (what collection charges each bill). */
  isDefault: boolean;
  /** On the customer's own record: a card it may make a default or remove (an account's default set by staff may not be). */
  onRecord: boolean;
}

/**
 * The customer's cards: those its record lists (`paymentMethod`, which it may PATCH), then each
 * account's default not among them, once each. The API lets a customer pay with exactly these.
 */
export function cardsOf(customer: Pick<Customer, 'paymentMethod'>, accounts: readonly Pick<BillingAccount, 'defaultPaymentMethod'>[]): Card[] {
  const defaults = new Set(accounts.flatMap((account) => (account.defaultPaymentMethod ? [account.defaultPaymentMethod.id] : [])));
  const onRecord = new Set((customer.paymentMethod ?? []).map((method) => method.id));
  const cards: Card[] = [];
  const seen = new Set<string>();
  for (const method of [...(customer.paymentMethod ?? []), ...accounts.flatMap((account) => (account.defaultPaymentMethod ? [account.defaultPaymentMethod] : []))]) {
    if (seen.has(method.id)) continue;
    seen.add(method.id);
    cards.push({ id: method.id, label: method.name ?? method.id, isDefault: defaults.has(method.id), onRecord: onRecord.has(method.id) });
  }
  return cards;
}

type CardList = { paymentMethod: { id: string; name?: string }[] };

/** The record's cards as a patch writes them back: the merge patch replaces the list whole. */
function kept(customer: Pick<Customer, 'paymentMethod'>): CardList['paymentMethod'] {
  return (customer.paymentMethod ?? []).map((method) => ({ id: method.id, ...(method.name ? { name: method.name } : {}) }));
}

/** The customer's cards with one more (the list holds at most 10, docs/api.md). */
export function withCard(customer: Pick<Customer, 'paymentMethod'>, token: string, name: string | undefined): CardList {
  return { paymentMethod: [...kept(customer).filter((method) => method.id !== token), { id: token, ...(name ? { name } : {}) }] };
}

/** The customer's cards without one (the API refuses it while the card is an account's default). */
export function withoutCard(customer: Pick<Customer, 'paymentMethod'>, token: string): CardList {
  return { paymentMethod: kept(customer).filter((method) => method.id !== token) };
}

/** The billing-account patch that makes a card of the record the account's default, its name carried so bills and pages can show it. */
export function defaultCardPatch(customer: Pick<Customer, 'paymentMethod'>, token: string): { defaultPaymentMethod: { id: string; name?: string } } {
  const card = kept(customer).find((method) => method.id === token);
  return { defaultPaymentMethod: card ?? { id: token } };
}
