import type { CreditNote } from '../../domain/collections/credit-note.js';
import { creditNoteDocumentOf } from '../../domain/documents/bill-document.js';
import { buyerOf } from '../../domain/documents/buyer.js';
import { creditNoteDocumentKey, type DocumentFormat, type DocumentStore } from '../../domain/documents/document-store.js';
import { sellerFrom } from '../../domain/documents/seller.js';
import { keptDocument } from '../lib/documents/kept-document.js';
import { linesOfBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';

/**
 * The document of a credit note (docs/bill-documents.md), kept at issue like a bill's: the
 * stored bytes, or rendered now from the credit note, the lines it credits, the buyer's postal
 * address and the configured seller, and stored, when nobody has yet.
 */
export function creditNoteDocument(store: DocumentStore, stored: { creditNote: CreditNote; customerId: string }, format: DocumentFormat): Promise<Uint8Array> {
  const { creditNote } = stored;
  return keptDocument(store, (each) => creditNoteDocumentKey(creditNote.id, each), format, async () => {
    const [creditedLines, account, customer] = await Promise.all([linesOfBill(creditNote.bill.id), findBillingAccount(creditNote.billingAccount.id), findCustomer(stored.customerId)]);
    if (!account) throw new Error(`invariant broken: billing account ${creditNote.billingAccount.id} of credit note ${creditNote.id} does not exist`);
    const customerName = creditNote.relatedParty[0]?.name ?? customer?.customer.name ?? account.account.name;
    return creditNoteDocumentOf({
      creditNote,
      creditedLines,
      buyer: buyerOf({ customerName, account: account.account, contactMedium: customer?.customer.contactMedium ?? [] }),
      seller: sellerFrom(process.env.BSS_SELLER),
    });
  });
}
