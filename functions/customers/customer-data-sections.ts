import { communicationPreferencesOf } from '../../domain/communication/communication-preferences.js';
import { usageExportLimit, usageExportWindow, type CustomerDataSections } from '../../domain/customers/customer-data-export.js';
import type { Customer } from '../../domain/customers/customer.js';
import { ledgerOf } from '../lib/store/account-ledger-store.js';
import { listBills, listCustomerBillLines } from '../lib/store/bill-store.js';
import { listBillsOnDemand } from '../lib/store/bill-on-demand-store.js';
import { listBillingAccounts } from '../lib/store/billing-account-store.js';
import { listCommunicationMessages } from '../lib/store/communication-message-store.js';
import { findCommunicationPreferences } from '../lib/store/communication-preferences-store.js';
import { creditNotesOfCustomer } from '../lib/store/credit-note-store.js';
import type { ListPage } from '../lib/store/list-resources.js';
import { listPayments, listRefunds } from '../lib/store/payment-store.js';
import { listCancelProductOrders, listProductOrders } from '../lib/store/product-order-store.js';
import { listProducts } from '../lib/store/product-store.js';
import { listSupportCases } from '../lib/store/support-case-store.js';
import { recentUsageOfCustomer } from '../lib/store/usage-store.js';

/** A whole list: every page of the customer's partition of the index (list helpers read them all; none is kept out). */
const everything = { filters: [], offset: 0, limit: Number.MAX_SAFE_INTEGER };
const itemsOf = async <T>(page: Promise<ListPage<T>>): Promise<T[]> => (await page).items;

/**
 * What the export of one customer reads (docs/api.md, "Customer data export"), every section
 * side by side: a Query of the customer's gsi2 partition per kind of resource (a key range, page
 * after page, never a Scan), the preferences' key lookup, then one Query per billing account for
 * its ledger; usage bounded to the export's window and limit.
 */
export async function readCustomerDataSections(customer: Customer, generatedAt: string): Promise<CustomerDataSections> {
  const customerId = customer.id;
  const window = usageExportWindow(generatedAt);
  const [
    preferences,
    billingAccounts,
    products,
    productOrders,
    cancelProductOrders,
    bills,
    billLines,
    customerBillsOnDemand,
    payments,
    refunds,
    creditNotes,
    usage,
    communicationMessages,
    supportCases,
  ] = await Promise.all([
    findCommunicationPreferences(customerId),
    itemsOf(listBillingAccounts({ customerId, ...everything })),
    itemsOf(listProducts({ customerId, ...everything })),
    itemsOf(listProductOrders({ customerId, ...everything })),
    itemsOf(listCancelProductOrders({ customerId, ...everything })),
    itemsOf(listBills({ customerId, ...everything })),
    itemsOf(listCustomerBillLines({ customerId, ...everything })),
    itemsOf(listBillsOnDemand({ customerId, ...everything })),
    itemsOf(listPayments({ customerId, ...everything })),
    itemsOf(listRefunds({ customerId, ...everything })),
    creditNotesOfCustomer(customerId),
    recentUsageOfCustomer(customerId, { ...window, limit: usageExportLimit }),
    itemsOf(listCommunicationMessages({ customerId, ...everything })),
    itemsOf(listSupportCases({ customerId, ...everything })),
  ]);
  const ledgers = await Promise.all(billingAccounts.map((account) => ledgerOf(account.id)));
  return {
    customer,
    communicationPreferences: communicationPreferencesOf(customerId, preferences.stored),
    billingAccounts,
    ledgerEntries: ledgers.flat(),
    products,
    productOrders,
    cancelProductOrders,
    bills,
    billLines,
    customerBillsOnDemand,
    payments,
    refunds,
    creditNotes,
    usage,
    communicationMessages,
    supportCases,
  };
}
