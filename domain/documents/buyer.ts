import type { BillingAccount } from '../customers/billing-account.js';
import { postalAddressOf } from '../customers/postal-address.js';
import type { ContactMedium } from '../shared/tmf-types.js';
import type { Buyer, PaymentArrangement } from './bill-document.js';

/**
 * Who a document is addressed to, and how the account pays (docs/bill-documents.md): the
 * customer's name as the bill names it, and its postal address, the one its taxes follow.
 */
export function postalAddressLines(contactMedium: readonly ContactMedium[]): string[] {
  const address = postalAddressOf(contactMedium);
  if (!address) return [];
  const { street1, street2, postCode, city, stateOrProvince, country } = address;
  const locality = [postCode, city].filter(Boolean).join(' ');
  return [street1, street2, locality, stateOrProvince, country].filter((line): line is string => typeof line === 'string' && line.trim() !== '');
}

export function buyerOf(input: { customerName: string; account: Pick<BillingAccount, 'id' | 'name' | 'timeZone'>; contactMedium: readonly ContactMedium[] }): Buyer {
  return {
    customerName: input.customerName,
    accountName: input.account.name,
    billingAccountId: input.account.id,
    addressLines: postalAddressLines(input.contactMedium),
    timeZone: input.account.timeZone,
  };
}

export function paymentArrangementOf(account: Pick<BillingAccount, 'defaultPaymentMethod' | 'paymentCollection'>): PaymentArrangement {
  const card = account.defaultPaymentMethod;
  return { ...(card ? { cardOnFile: card.name ?? card.id } : {}), collection: account.paymentCollection ?? 'onIssue' };
}
