import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { usageSummary, usageSummaryCatalogItems, usageSummaryProductParameter, usageSummaryWindows } from '../../domain/usage/usage-summary.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { singleIdParameter } from '../lib/http/single-id-parameter.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { findProduct } from '../lib/store/product-store.js';
import { recordsInWindow } from './usage-summary-records.js';

/**
 * GET /usage/v1/usageSummary?product.id=<id> (docs/usage.md, "Usage summary"): a product's usage
 * against its allowances, per day, for its current and previous billing period, in one read. A
 * customer asks about its own products (another's answers 404 as an unknown one), staff about
 * any. Reads only: the product; beside each other its account, billing schedule, customer (its
 * segment), test clock and the catalog of its terms; then one bounded Query of its records per
 * period (gsi1, the period's dates), never a scan.
 */
async function getUsageSummary({ event, principal }: ApiRequest) {
  const productId = singleIdParameter(event, usageSummaryProductParameter, 'the usage summary', 'the product whose usage to summarise');
  const stored = await findProduct(productId);
  if (!stored) throw ApiError.notFound('product', productId);
  const customerId = ownerCustomerIdOfProduct(stored.product);
  requireCustomerAccess(principal, customerId, 'product', productId);
  const accountId = stored.product.billingAccount.id;
  const terms = stored.chargeTerms;

  const [account, schedule, customer, now, catalog] = await Promise.all([
    findBillingAccount(accountId),
    findSchedule(accountId),
    findCustomer(customerId),
    customerNow(stored.testClockId),
    loadCatalogSnapshot({ items: usageSummaryCatalogItems(terms) }),
  ]);
  if (!account) throw new Error(`invariant broken: billing account ${accountId} of product ${productId} does not exist`);
  // The schedule's calendar is the one bills were made on (fixed once billed); an account never billed has its own.
  const cycle = schedule?.cycle ?? { cycleDay: account.account.billingCycleDay, timeZone: account.account.timeZone };
  const windows = usageSummaryWindows({ cycle, now, lastBillAt: schedule?.lastBillAt, terms });
  const periods = await Promise.all(windows.map((window) => recordsInWindow(productId, window)));

  return jsonResponse(
    200,
    usageSummary({
      product: { id: stored.product.id, name: stored.product.name, terms },
      cycle,
      periods,
      pricing: { currency: account.account.currency, customerSegment: customer ? pricingProfileOf(customer.customer).segment : undefined, catalog },
    }),
  );
}

export const handler = apiHandler(getUsageSummary);
