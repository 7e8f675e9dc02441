import type { BillingAccount, Customer } from '../shared/api-types.js';

export interface Card {
  /** The gateway's token: what a payment names (never a card number). */
  id: string;
  /** What the customer called it, else its token. */
  label: string;
  /** The default of at least one of the given accounts (what collection charges each bill). */
  isDefault: boolean;
}

/**
 * The customer's cards: those its record lists (`paymentMethod`, which it may PATCH), then each
 * account's default not among them, once each. The API lets a customer pay with exactly these.
 */
export function cardsOf(customer: Pick<Customer, 'paymentMethod'>, accounts: readonly Pick<BillingAccount, 'defaultPaymentMethod'>[]): Card[] {
  const defaults = new Set(accounts.flatMap((account) => (account.defaultPaymentMethod ? [account.defaultPaymentMethod.id] : [])));
  const cards: Card[] = [];
  const seen = new Set<string>();
  for (const method of [...(customer.paymentMethod ?? []), ...accounts.flatMap((account) => (account.defaultPaymentMethod ? [account.defaultPaymentMethod] : []))]) {
    if (seen.has(method.id)) continue;
    seen.add(method.id);
    cards.push({ id: method.id, label: method.name ?? method.id, isDefault: defaults.has(method.id) });
  }
  return cards;
}

/** The customer's cards with one more (the list holds at most 10, docs/api.md): the merge patch replaces the list whole. */
export function withCard(customer: Pick<Customer, 'paymentMethod'>, token: string, name: string | undefined): { paymentMethod: { id: string; name?: string }[] } {
  const kept = (customer.paymentMethod ?? []).map((method) => ({ id: method.id, ...(method.name ? { name: method.name } : {}) }));
  return { paymentMethod: [...kept.filter((method) => method.id !== token), { id: token, ...(name ? { name } : {}) }] };
}
