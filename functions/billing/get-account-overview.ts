import {
  accountOverview,
  accountOverviewCustomerParameter,
  accountOverviewEntry,
  currentUsageWindow,
  nextBillOf,
  productUsage,
  showsUsage,
  type AccountOverviewEntry,
  type OverviewProduct,
} from '../../domain/billing/account-overview.js';
import type { BillDraft } from '../../domain/billing/bill-computation.js';
import type { BillingSchedule } from '../../domain/billing/billing-schedule.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { Customer } from '../../domain/customers/customer.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import type { CatalogSnapshot } from '../../domain/pricing/catalog-snapshot.js';
import { InvalidInputError, RuleViolationError } from '../../domain/shared/domain-errors.js';
import { usageSummaryCatalogItems } from '../../domain/usage/usage-summary.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { singleIdParameter } from '../lib/http/single-id-parameter.js';
import { jsonResponse } from '../lib/http/responses.js';
import { logger } from '../lib/observability/telemetry.js';
import { newestIssuedBills } from '../lib/store/bill-store.js';
import { listBillingAccounts } from '../lib/store/billing-account-store.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { productsOfCustomer, type StoredProduct } from '../lib/store/product-store.js';
import { recordsInWindow } from '../usage/usage-summary-records.js';
import { billComputationContext } from './billing-context.js';
import { BillAlreadyIssuedError, computeNextBill, type BillComputationContext } from './next-bill.js';

/**
 * GET /billing/v1/accountOverview?relatedParty.id=<customer> (docs/billing.md, "Account
 * overview"): a customer's home screen in one read. Per billing account: the account as TMF666
 * serves it, its newest issued bill, its next bill with the estimate the billing run would
 * compute now (next-bill.ts, the run's own computation, nothing written), and this period's
 * usage against the allowances (the usage summary's figures, without the days). Every instant is
 * the account's now: its test clock's when it lives on one.
 *
 * A customer asks about itself (another's id answers 404 as an unknown customer does, before
 * anything is read), staff about anyone. Reads only, Query and GetItem, independent ones side by
 * side: the customer, its accounts and its products (gsi2); then its newest issued bills (gsi2,
 * newest first), the clocks, per account its schedule, and the catalog of the products that may
 * show usage; then per account the estimate's reads (the bill of that date, the usage waiting for
 * it, tax rates) and one bounded Query of each usage product's records this period.
 */
async function getAccountOverview({ event, principal }: ApiRequest) {
  const customerId = singleIdParameter(event, accountOverviewCustomerParameter, 'the account overview', 'the customer whose accounts to show');
  requireCustomerAccess(principal, customerId, 'customer', customerId);
  const [stored, accounts, products] = await Promise.all([
    findCustomer(customerId),
    listBillingAccounts({ customerId, filters: [], offset: 0, limit: Number.MAX_SAFE_INTEGER }),
    productsOfCustomer(customerId),
  ]);
  if (!stored) throw ApiError.notFound('customer', customerId);
  const customer = stored.customer;

  const clocks = new Map<string | undefined, Promise<string>>();
  const nowOf = (testClockId: string | undefined): Promise<string> => {
    if (!clocks.has(testClockId)) clocks.set(testClockId, customerNow(testClockId));
    return clocks.get(testClockId)!;
  };
  const active = products.filter((product) => product.product.status === 'active' && product.chargeTerms.length > 0);
  const [asOf, latestBills, catalog] = await Promise.all([
    nowOf(customer.testClock?.id),
    newestIssuedBills(customerId, accounts.items.map((account) => account.id)),
    active.length > 0 ? loadCatalogSnapshot({ items: usageSummaryCatalogItems(active.flatMap((product) => product.chargeTerms)) }) : undefined,
  ]);
  const computation = billComputationContext();
  const entries = await Promise.all(
    accounts.items.map((account) =>
      accountEntry({
        account,
        customer,
        products: products.filter((product) => product.product.billingAccount.id === account.id),
        latestBill: latestBills.get(account.id),
        catalog,
        computation,
        nowOf,
      }),
    ),
  );
  return jsonResponse(200, accountOverview({ customerId, asOf, entries }));
}

interface AccountSources {
  account: BillingAccount;
  customer: Customer;
  /** The account's products, as billing reads them. */
  products: StoredProduct[];
  latestBill: CustomerBill | undefined;
  /** The catalog of the customer's active products' terms; absent when it has none. */
  catalog: CatalogSnapshot | undefined;
  computation: BillComputationContext;
  nowOf: (testClockId: string | undefined) => Promise<string>;
}

async function accountEntry(sources: AccountSources): Promise<AccountOverviewEntry> {
  const { account, customer, catalog } = sources;
  const [schedule, asOf] = await Promise.all([findSchedule(account.id), sources.nowOf(account.testClock?.id)]);
  // The schedule's calendar is the one bills were made on (fixed once billed); an account never billed has its own.
  const cycle = schedule?.cycle ?? { cycleDay: account.billingCycleDay, timeZone: account.timeZone };
  const window = currentUsageWindow({ cycle, now: asOf, lastBillAt: schedule?.lastBillAt });
  const pricing = { currency: account.currency, customerSegment: pricingProfileOf(customer).segment, catalog: catalog ?? { offerings: new Map(), prices: new Map() } };
  const usageProducts = catalog
    ? sources.products.map(overviewProductOf).filter((product) => showsUsage(product, { cycle, pricing }, window))
    : [];
  const due = schedule?.nextBillAt === undefined ? undefined : { ...schedule, nextBillAt: schedule.nextBillAt };

  const [draft, usage] = await Promise.all([
    due ? estimatedBill(due, sources) : undefined,
    Promise.all(usageProducts.map(async (product) => productUsage({ product, cycle, pricing }, await recordsInWindow(product.id, window)))),
  ]);
  const nextBill = due ? nextBillOf({ cycle: due.cycle, nextBillAt: due.nextBillAt, lastBillAt: due.lastBillAt, asOf, draft }) : undefined;
  return accountOverviewEntry({ account, asOf, latestBill: sources.latestBill, nextBill, usage });
}

/**
 * The account's next due bill as the billing run would compute it now, read-only; undefined,
 * with a warning, when it cannot be computed (the customer has no tax location, a price cannot
 * be quoted, or the bill was issued meanwhile): the rest of the overview still answers.
 */
async function estimatedBill(schedule: BillingSchedule & { nextBillAt: string }, sources: AccountSources): Promise<BillDraft | undefined> {
  try {
    const computed = await computeNextBill(schedule, sources.computation, { known: { account: sources.account, customer: sources.customer, products: sources.products } });
    return computed.draft;
  } catch (error) {
    if (!(error instanceof RuleViolationError || error instanceof InvalidInputError || error instanceof BillAlreadyIssuedError)) throw error;
    logger.warn('next bill estimate left out', { billingAccountId: schedule.billingAccountId, billDate: schedule.nextBillAt, reason: error.message });
    return undefined;
  }
}

function overviewProductOf(stored: StoredProduct): OverviewProduct {
  return { id: stored.product.id, name: stored.product.name, status: stored.product.status, terms: stored.chargeTerms };
}

export const handler = apiHandler(getAccountOverview);
