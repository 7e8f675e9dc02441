import { billDocumentOf } from '../../domain/documents/bill-document.js';
import { buyerOf, paymentArrangementOf } from '../../domain/documents/buyer.js';
import { billDocumentKey, type DocumentFormat, type DocumentStore } from '../../domain/documents/document-store.js';
import { sellerFrom } from '../../domain/documents/seller.js';
import { keptDocument } from '../lib/documents/kept-document.js';
import { linesOfBill, type StoredBill } from '../lib/store/bill-store.js';
import { findBillingAccount, type StoredBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer, type StoredCustomer } from '../lib/store/customer-store.js';

/**
 * The document of an issued bill (docs/bill-documents.md), rendered at issue and kept: the
 * stored bytes, or rendered now from the bill, its lines, the buyer's postal address and the
 * configured seller, and stored, when nobody has yet (the rule that renders it at issue lags).
 */
export function customerBillDocument(
  store: DocumentStore,
  stored: StoredBill,
  format: DocumentFormat,
  /** The bill's account and customer when the caller has read them already (delivery has). */
  parties?: { account: StoredBillingAccount; customer: StoredCustomer },
): Promise<Uint8Array> {
  const { bill } = stored;
  if (bill.billNo === undefined) throw new Error(`bill ${bill.id} is ${bill.state}: only an issued bill has a document`);
  return keptDocument(store, (each) => billDocumentKey(bill.id, each), format, async () => {
    const [lines, account, customer] = await Promise.all([
      linesOfBill(bill.id),
      parties?.account ?? findBillingAccount(bill.billingAccount.id),
      parties?.customer ?? findCustomer(stored.customerId),
    ]);
    if (!account) throw new Error(`invariant broken: billing account ${bill.billingAccount.id} of bill ${bill.id} does not exist`);
    const customerName = bill.relatedParty[0]?.name ?? customer?.customer.name ?? account.account.name;
    return billDocumentOf({
      bill,
      lines,
      buyer: buyerOf({ customerName, account: account.account, contactMedium: customer?.customer.contactMedium ?? [] }),
      seller: sellerFrom(process.env.BSS_SELLER),
      payment: paymentArrangementOf(account.account),
    });
  });
}
