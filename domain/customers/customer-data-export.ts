import type { AppliedCustomerBillingRate, CustomerBill } from '../billing/customer-bill.js';
import type { CustomerBillOnDemand } from '../billing/customer-bill-on-demand.js';
import type { LedgerEntry } from '../collections/account-ledger.js';
import type { CreditNote } from '../collections/credit-note.js';
import type { CommunicationMessage } from '../communication/communication-message.js';
import { communicationPreferencesSchema, type CommunicationPreferences } from '../communication/communication-preferences.js';
import type { CancelProductOrder } from '../orders/cancel-product-order.js';
import type { ProductOrder } from '../orders/product-order.js';
import type { Payment, Refund } from '../payments/payment.js';
import type { Product } from '../product-inventory/product.js';
import type { SupportCase } from '../support-cases/support-case.js';
import type { Usage } from '../usage/usage.js';
import * as z from '../shared/zod.js';
import type { BillingAccount } from './billing-account.js';
import type { Customer } from './customer.js';

/**
 * Everything the BSS holds about one customer, in one JSON document (docs/api.md, "Customer data
 * export"): the access and portability rights of the GDPR (articles 15 and 20). Each section is
 * the resources as the API serves them, so the document reads like the API does; its order and
 * shapes are decided here, once, and the handler only reads and hands them over.
 *
 * Usage is the one section that can grow without bound (a record per call or session), so it is
 * cut to a window: the records of the last `usageExportMonths` months before the export, at most
 * `usageExportLimit` of them, the newest kept when there are more (`truncated` says so; the usage
 * API lists the rest, `GET /tmf-api/usageManagement/v4/usage?relatedParty.id=…&usageDate.gte=…`).
 */
export const customerDataExportPath = (customerId: string) => `/customers/v1/customer/${customerId}/dataExport`;

export const usageExportMonths = 13;
export const usageExportLimit = 1_000;

/** The usage window of an export made at `generatedAt`: the same instant `usageExportMonths` months before (clamped to the month's last day), up to the export. */
export function usageExportWindow(generatedAt: string): { from: string; to: string } {
  const end = new Date(generatedAt);
  const from = new Date(end);
  from.setUTCDate(1);
  from.setUTCMonth(from.getUTCMonth() - usageExportMonths);
  const lastDay = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 0)).getUTCDate();
  from.setUTCDate(Math.min(end.getUTCDate(), lastDay));
  return { from: from.toISOString(), to: end.toISOString() };
}

/** What the stores read for the export, each list in the order its index keeps it (oldest first). */
export interface CustomerDataSections {
  customer: Customer;
  communicationPreferences: CommunicationPreferences;
  billingAccounts: BillingAccount[];
  ledgerEntries: LedgerEntry[];
  products: Product[];
  productOrders: ProductOrder[];
  cancelProductOrders: CancelProductOrder[];
  bills: CustomerBill[];
  /** Every line of every bill of the customer's, in any order: the export puts each under its bill. */
  billLines: AppliedCustomerBillingRate[];
  customerBillsOnDemand: CustomerBillOnDemand[];
  payments: Payment[];
  refunds: Refund[];
  creditNotes: CreditNote[];
  /** The window's newest records (at most `usageExportLimit`), and whether older ones in the window were left out. */
  usage: { records: Usage[]; truncated: boolean };
  communicationMessages: CommunicationMessage[];
  supportCases: SupportCase[];
}

export interface CustomerDataExport {
  '@type': 'CustomerDataExport';
  customerId: string;
  generatedAt: string;
  customer: Customer;
  communicationPreferences: CommunicationPreferences;
  billingAccounts: BillingAccount[];
  ledgerEntries: LedgerEntry[];
  products: Product[];
  productOrders: ProductOrder[];
  cancelProductOrders: CancelProductOrder[];
  bills: { bill: CustomerBill; lines: AppliedCustomerBillingRate[] }[];
  customerBillsOnDemand: CustomerBillOnDemand[];
  payments: Payment[];
  refunds: Refund[];
  creditNotes: CreditNote[];
  usage: { from: string; to: string; limit: number; truncated: boolean; records: Usage[] };
  communicationMessages: CommunicationMessage[];
  supportCases: SupportCase[];
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

/**
 * The export document: its sections in a fixed order (who the customer is and what it chose,
 * its accounts and their ledgers, what it bought, what it was billed and paid, what it used,
 * what it was told, what it asked), bills oldest first each with its lines in order, usage oldest
 * first with its window. A line of a bill that is not listed (none should be) is left out rather
 * than shown under no bill.
 */
export function customerDataExport(sections: CustomerDataSections, generatedAt: string): CustomerDataExport {
  const linesOf = new Map<string, AppliedCustomerBillingRate[]>();
  for (const line of sections.billLines) linesOf.set(line.bill.id, [...(linesOf.get(line.bill.id) ?? []), line]);
  const bills = [...sections.bills]
    .sort((a, b) => a.billDate.localeCompare(b.billDate) || byId(a, b))
    .map((bill) => ({ bill, lines: [...(linesOf.get(bill.id) ?? [])].sort(byId) }));
  const usage = [...sections.usage.records].sort((a, b) => a.usageDate.localeCompare(b.usageDate) || byId(a, b));
  return {
    '@type': 'CustomerDataExport',
    customerId: sections.customer.id,
    generatedAt,
    customer: sections.customer,
    communicationPreferences: sections.communicationPreferences,
    billingAccounts: sections.billingAccounts,
    ledgerEntries: sections.ledgerEntries,
    products: sections.products,
    productOrders: sections.productOrders,
    cancelProductOrders: sections.cancelProductOrders,
    bills,
    customerBillsOnDemand: sections.customerBillsOnDemand,
    payments: sections.payments,
    refunds: sections.refunds,
    creditNotes: sections.creditNotes,
    usage: { ...usageExportWindow(generatedAt), limit: usageExportLimit, truncated: sections.usage.truncated, records: usage },
    communicationMessages: sections.communicationMessages,
    supportCases: sections.supportCases,
  };
}

/** The file name the download is offered under. */
export const customerDataExportFileName = (customerId: string) => `customer-${customerId.replaceAll(/[^A-Za-z0-9._-]/g, '_')}.json`;

/** A TMF resource of a section: its own schema is the TM Forum one (the API reference's components), named in the description. */
const resource = (type: string, what: string) => z.looseObject({ id: z.string(), '@type': z.optional(z.string()) }).check(z.describe(`${type}, ${what}`));
const list = (type: string, what: string) => z.array(resource(type, what));

/** The export as the API reference describes it. */
export const customerDataExportSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  '@type': z.literal('CustomerDataExport'),
  customerId: z.string(),
  generatedAt: z.iso.datetime({ offset: true }).check(z.describe("When the export was made, in the customer's time (its test clock's when it lives on one)")),
  customer: resource('TMF629 Customer', 'as GET /customer/{id} serves it'),
  communicationPreferences: communicationPreferencesSchema,
  billingAccounts: list('TMF666 BillingAccount', 'with its balance'),
  ledgerEntries: list('LedgerEntry', "of every account's ledger, as /collections/v1/ledgerEntry serves them"),
  products: list('TMF637 Product', 'every product, whatever its status'),
  productOrders: list('TMF622 ProductOrder', 'every order'),
  cancelProductOrders: list('TMF622 CancelProductOrder', 'every cancellation request'),
  bills: z.array(z.strictObject({ bill: resource('TMF678 CustomerBill', 'every bill, drafts included'), lines: list('TMF678 AppliedCustomerBillingRate', "the bill's lines") })),
  customerBillsOnDemand: list('TMF678 CustomerBillOnDemand', 'every on-demand bill request'),
  payments: list('TMF676 Payment', 'every payment'),
  refunds: list('TMF676 Refund', 'every refund'),
  creditNotes: list('CreditNote', 'every credit note (/collections/v1/creditNote)'),
  usage: z.strictObject({
    from: z.iso.datetime({ offset: true }).check(z.describe(`The window's start: ${usageExportMonths} months before generatedAt`)),
    to: z.iso.datetime({ offset: true }),
    limit: z.int().check(z.describe('At most this many records, the newest')),
    truncated: z.boolean().check(z.describe('Older records of the window were left out: the usage API lists them')),
    records: list('TMF635 Usage', 'oldest first'),
  }),
  communicationMessages: list('TMF681 CommunicationMessage', 'every message sent to the customer'),
  supportCases: list('TMF621 TroubleTicket', 'every support case'),
}));
