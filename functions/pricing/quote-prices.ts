import { isOnSale } from '../../domain/catalog/catalog-lifecycle.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import type { Decimal } from '../../domain/money/decimal.js';
import type { Cart } from '../../domain/pricing/cart.js';
import type { CatalogSnapshot } from '../../domain/pricing/catalog-snapshot.js';
import { cartItemsOf, priceQuoteAccess, priceQuoteRequestSchema, type PriceQuoteRequest } from '../../domain/pricing/price-quote-request.js';
import { toTmfPriceQuote } from '../../domain/pricing/price-quote.js';
import { quoteCart, quoteTaxCategories } from '../../domain/pricing/quote-cart.js';
import type { TaxLocation, TaxProvider } from '../../domain/pricing/tax-provider.js';
import { InvalidInputError, RuleViolationError } from '../../domain/shared/domain-errors.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCustomer } from '../lib/store/customer-store.js';

/**
 * POST /pricing/v1/quote (docs/pricing.md, "Quoting a cart"): prices a cart with the pricing
 * engine, as of now or of the instant the cart gives. Anyone signed in may quote: staff for
 * any billing account or for an explicit currency and tax location, a customer only for a
 * billing account of its own, with the terms that account and its customer imply.
 *
 * DynamoDB round trips: 2 for the billing account and its customer (when one is given) and
 * 2 to 4 for the catalog (functions/lib/store/catalog-snapshot.ts), the two chains side by side.
 */
export function quotePricesUseCase(taxProvider: TaxProvider) {
  return async ({ event, principal }: ApiRequest) => {
    const request = parseBody(event, 'create', priceQuoteRequestSchema);
    requireWritable(principal, priceQuoteAccess, request, 'quote');
    // The terms depend on the account, the catalog only on the items: neither waits for the other.
    const [terms, catalog] = await Promise.all([quoteTerms(request, principal), loadCatalogSnapshot({ items: request.item })]);
    const cart: Cart = {
      currency: terms.currency,
      // As of now for the account's customer: its test clock's time when it lives on one.
      at: request.at ?? (await customerNow(terms.testClockId)),
      ...(terms.customerSegment ? { customerSegment: terms.customerSegment } : {}),
      ...(terms.timeZone ? { timeZone: terms.timeZone } : {}),
      items: cartItemsOf(request),
    };
    if (!isStaff(principal)) hideOffSaleOfferings(cart, catalog);
    const taxRates = await taxRatesFor(taxProvider, terms, quoteTaxCategories(catalog), cart.at);
    return jsonResponse(200, toTmfPriceQuote(quoteCart(cart, catalog, taxRates)));
  };
}

interface QuoteTerms {
  currency: string;
  taxLocation: TaxLocation;
  customerSegment?: string;
  /** The customer whose address gave the tax location, when it came from one. */
  taxedCustomerId?: string;
  testClockId?: string;
  /** The account's, or the one staff give: time bands are read on its clock. */
  timeZone?: string;
}

/** Currency, tax location and segment: from the billing account and its customer, or as staff give them. */
async function quoteTerms(request: PriceQuoteRequest, principal: Principal): Promise<QuoteTerms> {
  if (request.billingAccount === undefined) {
    // The request schema demands currency and taxLocation without an account, and a customer
    // may give neither (above): only staff get here.
    return {
      currency: request.currency!,
      taxLocation: request.taxLocation!,
      ...(request.customerSegment ? { customerSegment: request.customerSegment } : {}),
      ...(request.timeZone ? { timeZone: request.timeZone } : {}),
    };
  }

  const accountId = request.billingAccount.id;
  const stored = await findBillingAccount(accountId);
  if (!stored) throw ApiError.notFound('billingAccount', accountId);
  const { account } = stored;
  const customerId = ownerCustomerId(account);
  // A foreign account answers like an unknown one, so account ids cannot be probed.
  if (!isStaff(principal) && principal.customerId !== customerId) throw ApiError.notFound('billingAccount', accountId);
  if (request.currency !== undefined && request.currency !== account.currency) {
    throw ApiError.badRequest(`billing account ${accountId} is billed in ${account.currency}`, [
      { field: 'currency', problem: `${request.currency} is not the currency of billing account ${accountId} (${account.currency}); leave it out` },
    ]);
  }
  const customer = await findCustomer(customerId);
  if (!customer) throw new Error(`invariant broken: billing account ${accountId} belongs to customer ${customerId}, who does not exist`);
  const profile = pricingProfileOf(customer.customer);
  const taxLocation = request.taxLocation ?? profile.taxLocation;
  if (!taxLocation) {
    throw new RuleViolationError(
      'no-tax-location',
      `customer ${customerId} has no postal address with a country, so its taxes cannot be worked out: add one to the customer` +
        (isStaff(principal) ? ', or give a taxLocation' : ''),
    );
  }
  const customerSegment = request.customerSegment ?? profile.segment;
  return {
    currency: account.currency,
    taxLocation,
    ...(customerSegment ? { customerSegment } : {}),
    ...(request.taxLocation ? {} : { taxedCustomerId: customerId }),
    ...(account.testClock ? { testClockId: account.testClock.id } : {}),
    timeZone: request.timeZone ?? account.timeZone,
  };
}

/**
 * A customer sees only offerings on sale (as the catalog API shows them): any other answers
 * exactly as an unknown offering does in quoteCart, so unpublished offerings cannot be probed.
 */
function hideOffSaleOfferings(cart: Cart, catalog: CatalogSnapshot): void {
  cart.items.forEach((item, index) => {
    const offering = catalog.offerings.get(item.productOffering.id);
    if (offering && !isOnSale(offering.lifecycleStatus)) {
      throw new InvalidInputError(`no product offering ${item.productOffering.id}`, [
        { field: `item[${index}].productOffering.id`, problem: 'no such product offering' },
      ]);
    }
  });
}

async function taxRatesFor(taxProvider: TaxProvider, terms: QuoteTerms, categories: string[], at: string): Promise<Map<string, Decimal>> {
  try {
    const rates = await taxProvider.ratesFor({ location: terms.taxLocation, categories, at });
    return new Map(rates.map((rate) => [rate.category, rate.rate]));
  } catch (error) {
    // The caller sent no tax location: a location the provider refuses is the customer's address, not the request.
    if (error instanceof InvalidInputError && terms.taxedCustomerId && error.problems.some((problem) => problem.field.startsWith('taxLocation'))) {
      throw new RuleViolationError(
        'no-tax-location',
        `the postal address of customer ${terms.taxedCustomerId} gives no tax location: ${error.problems.map((problem) => problem.problem).join('; ')}`,
      );
    }
    throw error;
  }
}

// The tax adapter is chosen here, once per function instance; tests pass their own to quotePricesUseCase.
export const handler = apiHandler(quotePricesUseCase(simulatedTaxProvider));
