import { computeBill, type BillDraft } from '../../domain/billing/bill-computation.js';
import { toInstant } from '../../domain/billing/billing-calendar.js';
import type { BillingSchedule } from '../../domain/billing/billing-schedule.js';
import type { ChargedProduct } from '../../domain/billing/charge-term.js';
import { billIdFor } from '../../domain/billing/customer-bill.js';
import type { UsageRecordToBill } from '../../domain/billing/usage-charges.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { Customer } from '../../domain/customers/customer.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { money } from '../../domain/money/money.js';
import type { TaxProvider } from '../../domain/pricing/tax-provider.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { ratingAttributesOf } from '../../domain/usage/usage.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { billedUsageOf, findBill, listBills, type StoredBill } from '../lib/store/bill-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { productsOfAccount, type StoredProduct } from '../lib/store/product-store.js';
import { unbilledUsageOf, usageOfBill, type StoredUsage } from '../lib/store/usage-store.js';
import { billPricer, type SharedPricing } from './bill-pricing.js';

/**
 * An account's next due bill, read and computed (docs/billing.md, "Billing runs"): what the
 * billing run and an on-demand bill write (account-billing.ts, `draftNextBill`) and what the
 * account overview shows as the next bill's estimate (get-account-overview.ts) are this one
 * computation, so an estimate is the bill the run then makes from the same data. Reads only: the
 * account, its customer, its products, the bill of that date if an earlier attempt wrote it, the
 * usage it rates (and for late usage the account's earlier bills and what they rated), the
 * catalog and the tax rates; nothing is written and no record is marked here.
 */
export interface BillComputationContext {
  taxProvider: TaxProvider;
  /** Days from the bill date to the payment due date when the account sets none. */
  paymentTermsDays: number;
  /**
   * What the accounts of one batch share: accounts on the same plans price from the same part of
   * the catalog and the same quotes, read and computed once per batch. Absent: nothing is shared.
   */
  shared?: SharedPricing;
}

/**
 * The bill of this account and date is issued already (by another run, or an earlier attempt),
 * though the schedule it was built from still had it due: that schedule was out of date.
 */
export class BillAlreadyIssuedError extends Error {
  override readonly name = 'BillAlreadyIssuedError';
}

/** What a caller read already of the account (the overview reads a customer's accounts and products at once): not read again. */
export interface KnownBillSources {
  account?: BillingAccount;
  customer?: Customer;
  /** The account's products, as `productsOfAccount` reads them. */
  products?: readonly StoredProduct[];
}

export interface ComputedBill {
  billId: string;
  /** ISO instant. */
  billDate: string;
  account: BillingAccount;
  customer: Customer;
  products: ChargedProduct[];
  /** The bill of this id an earlier attempt wrote, still `new`. */
  existing?: StoredBill;
  /** The stored records the bill rates, by id: what marking them (or rejecting those no term covers) works from. */
  records: ReadonlyMap<string, StoredUsage>;
  draft: BillDraft;
}

/**
 * Computes the account's next due bill, dated `schedule.nextBillAt` (or `offCycleAt` for an
 * on-demand bill), from what is stored now. Throws BillAlreadyIssuedError when that bill is
 * issued already, and RuleViolationError `no-tax-location` when its customer has no address to
 * tax it at.
 */
export async function computeNextBill(
  schedule: BillingSchedule & { nextBillAt: string },
  context: BillComputationContext,
  options: { offCycleAt?: string; known?: KnownBillSources } = {},
): Promise<ComputedBill> {
  const billDateIso = options.offCycleAt ?? schedule.nextBillAt;
  const billDate = toInstant(billDateIso);
  const billId = billIdFor(schedule.billingAccountId, billDateIso);
  const known = options.known ?? {};
  const [account, customer, stored, existing] = await Promise.all([
    known.account ?? findBillingAccount(schedule.billingAccountId).then((found) => found?.account),
    known.customer ?? findCustomer(schedule.customerId).then((found) => found?.customer),
    known.products ?? productsOfAccount(schedule.customerId, schedule.billingAccountId),
    findBill(billId, { consistentRead: true }),
  ]);
  if (!account || !customer) throw new Error(`invariant broken: billing account ${schedule.billingAccountId} or its customer ${schedule.customerId} is gone`);
  if (existing && existing.bill.state !== 'new') throw new BillAlreadyIssuedError(`bill ${billId} is already ${existing.bill.state}, but the account is still due on ${billDateIso}`);
  const profile = pricingProfileOf(customer);
  if (!profile.taxLocation) throw new RuleViolationError('no-tax-location', `customer ${customer.id} has no postal address with a country: its bill cannot be taxed`);

  const products: ChargedProduct[] = stored
    .filter((product) => product.chargeTerms.length > 0)
    .map((product) => ({ id: product.product.id, name: product.product.name, billingAccountId: account.id, terms: product.chargeTerms }));
  const pricer = await billPricer(
    {
      products,
      currency: account.currency,
      taxLocation: profile.taxLocation,
      customerSegment: profile.segment,
      timeZone: schedule.cycle.timeZone,
      billDate: billDateIso,
      taxProvider: context.taxProvider,
    },
    context.shared,
  );

  const usage = await usageToBill(products, billId, billDateIso, schedule, existing !== undefined);
  const draft = computeBill({
    account: { id: account.id, name: account.name, currency: account.currency, cycle: schedule.cycle, paymentTermsDays: account.paymentTermsDays ?? context.paymentTermsDays },
    billDate,
    previousBillDate: schedule.lastBillAt === undefined ? undefined : toInstant(schedule.lastBillAt),
    runType: options.offCycleAt ? 'offCycle' : 'onCycle',
    products,
    pricer,
    usage: usage.forBill,
    creditBroughtForward: money(BigInt(schedule.creditCarriedMinor), account.currency),
  });
  return { billId, billDate: billDateIso, account, customer, products, ...(existing ? { existing } : {}), records: usage.byId, draft };
}

/**
 * The usage the bill rates: every product's records still waiting and dated before the bill,
 * and those a failed earlier attempt at this same bill already marked (only when an earlier
 * draft exists: records are marked after their bill is written, and a bill is never deleted, so
 * without a draft none can be); for late records, the periods of the account's earlier bills and
 * what those bills rated.
 */
async function usageToBill(products: readonly ChargedProduct[], billId: string, billDate: string, schedule: BillingSchedule, draftedBefore: boolean) {
  const [waiting, markedBefore] = await Promise.all([
    Promise.all(products.map((product) => unbilledUsageOf(product.id, billDate))),
    draftedBefore ? usageOfBill(billId) : Promise.resolve([]),
  ]);
  const stored = [...waiting.flat(), ...markedBefore];
  const byId = new Map(stored.map((record) => [record.usage.id, record]));
  const records: UsageRecordToBill[] = [...byId.values()].map((record) => ({
    id: record.usage.id,
    productId: record.productId!,
    usageDate: record.usage.usageDate,
    quantity: record.quantity,
    units: record.unit,
    ...ratingAttributesOf(record.usage),
  }));
  const lateProducts = new Set(records.filter((record) => schedule.lastBillAt !== undefined && record.usageDate < schedule.lastBillAt).map((record) => record.productId));
  if (lateProducts.size === 0) return { byId, forBill: { records, earlierPeriods: [], billed: [] } };
  const [earlier, billed] = await Promise.all([
    listBills({ customerId: schedule.customerId, filters: [{ path: ['billingAccount', 'id'], values: [schedule.billingAccountId] }], offset: 0, limit: 10_000 }),
    Promise.all([...lateProducts].map((productId) => billedUsageOf(productId, billId))),
  ]);
  // The account's own bills close its periods; an order's bill is not one of them.
  const earlierPeriods = earlier.items
    .filter((bill) => bill.id !== billId && bill.id.startsWith(`${schedule.billingAccountId}-`))
    .map((bill) => ({ start: toInstant(bill.billingPeriod.startDateTime), end: toInstant(bill.billingPeriod.endDateTime) }));
  return { byId, forBill: { records, earlierPeriods, billed: billed.flat() } };
}
