import type { FieldProblem } from '../shared/domain-errors.js';
import type { AuditEntry } from '../shared/audit-entry.js';
import type { BillingAccount } from './billing-account.js';
import type { Customer } from './customer.js';

/**
 * TMF629 DELETE /customer/{id} (docs/api.md, "Closing a customer and erasing its data"): the
 * customer is closed and its personal data erased, which is also how a GDPR erasure request is
 * served. These are the pure rules: what blocks it, and what an erased customer and its
 * billing accounts keep. What the law keeps (issued bills, payments, refunds, ledger entries,
 * credit notes, tax records) is never touched here: bills are legal documents, kept as issued.
 */

/** Product statuses that are over: anything else is a product the customer still has (or is about to). */
const endedProductStatuses: readonly string[] = ['terminated', 'cancelled'];
/** Order states that are final: anything else is an order still being worked on. */
const finalOrderStates: readonly string[] = ['completed', 'cancelled', 'failed', 'partial'];

/**
 * The customer's billing accounts are closed in the same transaction that erases it, so a customer
 * with more accounts than one transaction takes is refused (409) until some are closed by hand.
 */
export const maxAccountsClosedAtErasure = 40;

/** What deletion reads about the customer: its products, orders, accounts (with their balances) and open bills. */
export interface DeletionFacts {
  products: readonly { id: string; status: string }[];
  orders: readonly { id: string; state: string }[];
  /** The account's ledger balance in minor units (0 when paid up exactly). */
  accounts: readonly { id: string; balanceMinor: bigint }[];
  /** Issued bills that still owe something (domain/collections/bill-settlement.ts `isOpenBill`). */
  openBills: readonly { id: string }[];
}

export interface DeletionBlocker extends FieldProblem {
  kind: 'product' | 'productOrder' | 'balance' | 'bill' | 'accounts';
}

/**
 * Why the customer cannot be closed now, each reason naming what blocks it: a product not yet
 * terminated or cancelled (active, suspended, pending), an order not in a final state, an account
 * whose balance is not zero (money owed either way: a debt, or a credit to refund), an issued bill
 * still open, or more accounts than one transaction closes. Empty: it may be closed and erased.
 */
export function deletionBlockers(facts: DeletionFacts): DeletionBlocker[] {
  const blockers: DeletionBlocker[] = [];
  for (const product of facts.products) {
    if (!endedProductStatuses.includes(product.status)) blockers.push({ kind: 'product', field: `product/${product.id}`, problem: `product ${product.id} is ${product.status}: terminate it first` });
  }
  for (const order of facts.orders) {
    if (!finalOrderStates.includes(order.state)) blockers.push({ kind: 'productOrder', field: `productOrder/${order.id}`, problem: `order ${order.id} is ${order.state}: let it finish or cancel it first` });
  }
  for (const account of facts.accounts) {
    if (account.balanceMinor !== 0n) {
      const owed = account.balanceMinor > 0n ? 'owes' : 'holds a credit of';
      blockers.push({ kind: 'balance', field: `billingAccount/${account.id}`, problem: `billing account ${account.id} ${owed} ${(account.balanceMinor < 0n ? -account.balanceMinor : account.balanceMinor).toString()} minor units: settle or refund it first` });
    }
  }
  for (const bill of facts.openBills) blockers.push({ kind: 'bill', field: `customerBill/${bill.id}`, problem: `bill ${bill.id} is still open` });
  if (facts.accounts.length > maxAccountsClosedAtErasure) {
    blockers.push({ kind: 'accounts', field: 'billingAccount', problem: `the customer has ${facts.accounts.length} billing accounts; close all but ${maxAccountsClosedAtErasure} first` });
  }
  return blockers;
}

/** The refusal's one-line message, naming the kinds of what blocks. */
export function deletionRefusalMessage(blockers: readonly DeletionBlocker[]): string {
  const words: Record<DeletionBlocker['kind'], string> = { product: 'active products', productOrder: 'open orders', balance: 'open balances', bill: 'open bills', accounts: 'too many billing accounts' };
  const kinds = [...new Set(blockers.map((blocker) => words[blocker.kind]))];
  return `the customer cannot be closed while it has ${kinds.join(', ')}`;
}

/** The pseudonym an erased customer is known by: its id's first 8 characters, which identify nothing outside this system. */
export const pseudonymOf = (customerId: string): string => `Erased customer ${customerId.slice(0, 8)}`;

/**
 * Characteristics that carry no personal data, kept on the erased record: the billing settings
 * its accounts were opened with. Every other characteristic is free-form and may be personal.
 */
const keptCharacteristics: readonly string[] = ['preferredCurrency', 'timeZone', 'billingCycleDay'];

export const erasureStatusReason = 'Closed, personal data erased';

/** Whether the customer was already erased (a repeated DELETE answers 204 and changes nothing). */
export const isErased = (customer: Pick<Customer, 'status' | 'erasedAt'>): boolean => customer.status === 'Closed' && customer.erasedAt !== undefined;

/**
 * The customer closed and erased at `now`: its name, contact media, payment methods, related
 * parties, personal characteristics and status reason are gone; its engaged party keeps its id
 * under the pseudonym. Kept: id, href, type, test clock, creation instant and the billing
 * settings; `validFor` ends at `now`.
 */
export function eraseCustomer(customer: Customer, now: string): Customer {
  const pseudonym = pseudonymOf(customer.id);
  const characteristic = (customer.characteristic ?? []).filter((item) => keptCharacteristics.includes(item.name)).map(({ name, value, valueType }) => ({ name, value, ...(valueType !== undefined ? { valueType } : {}) }));
  return {
    id: customer.id,
    href: customer.href,
    name: pseudonym,
    status: 'Closed',
    statusReason: erasureStatusReason,
    engagedParty: { id: customer.engagedParty.id, name: pseudonym, '@referredType': customer.engagedParty['@referredType'] },
    contactMedium: [],
    ...(characteristic.length > 0 ? { characteristic } : {}),
    validFor: { ...(customer.validFor?.startDateTime !== undefined ? { startDateTime: customer.validFor.startDateTime } : {}), endDateTime: now },
    '@type': 'Customer',
    ...(customer['@baseType'] !== undefined ? { '@baseType': customer['@baseType'] } : {}),
    ...(customer['@schemaLocation'] !== undefined ? { '@schemaLocation': customer['@schemaLocation'] } : {}),
    ...(customer.testClock ? { testClock: customer.testClock } : {}),
    createdAt: customer.createdAt,
    lastModified: now,
    erasedAt: now,
  };
}

/**
 * One of the erased customer's billing accounts: Closed (its balance is zero, or the customer
 * would not be erased), its name and description (typed by people, often a name) replaced, its
 * default card forgotten, the names of its related parties dropped (their ids and roles kept).
 */
export function eraseBillingAccount(account: BillingAccount, customerId: string, now: string): BillingAccount {
  const { description: _description, defaultPaymentMethod: _card, accountBalance: _balance, ...rest } = account;
  return {
    ...rest,
    name: `Billing account of ${pseudonymOf(customerId).toLowerCase()}`,
    state: 'Closed',
    relatedParty: account.relatedParty.map(({ name: _name, ...party }) => party),
    lastModified: now,
  };
}

/** The audit entry of the erasure: who, why, and the before/after of the status only (the personal data before is exactly what is not kept). */
export function erasureAuditEntry(
  customer: Customer,
  context: { id: string; at: string; actor: AuditEntry['actor']; correlationId: string; closedAccountIds: readonly string[] },
): AuditEntry {
  return {
    id: context.id,
    at: context.at,
    resource: { type: 'Customer', id: customer.id },
    action: 'customerErased',
    actor: context.actor,
    reason: context.actor.role === 'customer' ? 'erasure requested by the customer itself (GDPR art. 17)' : 'customer closed and erased by an admin (TMF629 DELETE)',
    correlationId: context.correlationId,
    before: { status: customer.status },
    after: { status: 'Closed', erasedAt: context.at, closedBillingAccounts: [...context.closedAccountIds] },
  };
}
