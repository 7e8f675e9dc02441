import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { termCartItem } from '../../domain/billing/charge-term.js';
import { createTermPricer } from '../../domain/billing/term-pricing.js';
import { pricingProfileOf } from '../../domain/customers/pricing-profile.js';
import { ProductChanged, ProductStatusChanged } from '../../domain/events/product-inventory-events.js';
import { quoteTaxCategories } from '../../domain/pricing/quote-cart.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { customerMovements, movementDifference, productMrrSteps, type MrrStep } from '../../domain/reports/mrr.js';
import { revenueLedgerOf } from '../../domain/revenue/monthly-close.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedTaxProvider } from '../lib/providers/simulated-tax-provider.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { findMrrCustomer, saveMrrCustomer, type MrrProductRecord } from '../lib/store/mrr-store.js';
import { findProduct, type StoredProduct } from '../lib/store/product-store.js';
import { ConcurrentTransactionError, StaleVersionError } from '../lib/store/store-errors.js';

/**
 * Rule `product-changes-record-mrr` (docs/revenue-recognition.md, "MRR and ARR"): whenever a
 * product moves (ProductStatusChanged: activated, suspended, resumed, terminated, by an order or
 * by dunning) or changes plan (ProductChanged), its monthly recurring amount over time is
 * computed again from the product's own item (its charge terms, read by key) and billing's
 * pricer, and its customer's movements in the ledger's months move by the difference.
 *
 * Idempotent, in any order: the product's whole history is read each time, not the event's
 * fragment of it, and the model keeps the product version it was computed from, so an event
 * delivered again, or late after a newer one, finds that version recorded and writes nothing.
 * The customer's model and the months are written in one transaction conditional on the model's
 * version; two products of one customer handled at once: one of them starts again (up to 5
 * times, then the rule's retries and dead-letter queue take over).
 */
export interface MrrRecording {
  productId: string;
  ledger: string;
  outcome: 'recorded' | 'alreadyRecorded' | 'notBilled';
  monthsMoved: number;
}

const attempts = 5;

/** The product's monthly amount over time, priced as billing prices it (the account's currency and zone, the customer's segment and tax location). */
export async function productRecord(stored: StoredProduct): Promise<MrrProductRecord> {
  const product = stored.product;
  const [account, customer] = await Promise.all([findBillingAccount(product.billingAccount.id), findCustomer(ownerCustomerIdOfProduct(product))]);
  if (!account || !customer) throw new Error(`invariant broken: product ${product.id}'s billing account or customer is gone`);
  const { currency, timeZone } = account.account;
  let steps: MrrStep[] = [];
  if (stored.chargeTerms.length > 0) {
    const catalog = await loadCatalogSnapshot({ items: stored.chargeTerms.map((term, index) => termCartItem(term, String(index + 1), 1)) });
    const profile = pricingProfileOf(customer.customer);
    if (!profile.taxLocation) throw new Error(`customer ${customer.customer.id} has no postal address with a country: product ${product.id}'s prices cannot be taxed out`);
    // Tax rates as of the latest term's start: a product's history gives the same rates whenever it is read again (a rebuild).
    const at = stored.chargeTerms.at(-1)!.from;
    const categories = quoteTaxCategories(catalog);
    const rates = categories.length > 0 ? await simulatedTaxProvider.ratesFor({ location: profile.taxLocation, categories, at }) : [];
    const pricer = createTermPricer({ currency, catalog, taxRates: new Map(rates.map((rate) => [rate.category, rate.rate])), customerSegment: profile.segment });
    steps = productMrrSteps({ terms: stored.chargeTerms }, pricer, timeZone);
  }
  return { currency, productVersion: stored.version, steps };
}

export async function recordProductMrr(productId: string): Promise<MrrRecording> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = await findProduct(productId, { consistentRead: true });
    if (!stored) throw new Error(`invariant broken: product ${productId} does not exist`);
    const ledger = revenueLedgerOf(stored.testClockId);
    const customerId = ownerCustomerIdOfProduct(stored.product);
    const model = await findMrrCustomer(ledger, customerId);
    const known = model?.products.get(productId);
    if (known && known.productVersion >= stored.version) return { productId, ledger, outcome: 'alreadyRecorded', monthsMoved: 0 };
    const record = await productRecord(stored);
    const before = model?.products ?? new Map<string, MrrProductRecord>();
    const after = new Map(before).set(productId, record);
    const difference = movementDifference(customerMovements(productsOf(before)), customerMovements(productsOf(after)));
    try {
      await saveMrrCustomer({ ledger, customerId, ...(model ? { expectedVersion: model.version } : {}), products: after, difference });
      return { productId, ledger, outcome: stored.chargeTerms.length > 0 ? 'recorded' : 'notBilled', monthsMoved: difference.length };
    } catch (error) {
      const startAgain = error instanceof StaleVersionError || error instanceof ConcurrentTransactionError;
      if (!startAgain || attempt === attempts) throw error;
    }
  }
}

const productsOf = (records: ReadonlyMap<string, MrrProductRecord>) => [...records].map(([productId, record]) => ({ productId, currency: record.currency, steps: record.steps }));

/** The product an event is about. */
export function productIdOf(event: { 'detail-type'?: string; detail?: unknown }): string {
  const detailType = event['detail-type'];
  if (detailType === ProductStatusChanged.detailType) return ProductStatusChanged.parseDetail(event.detail).data.productId;
  if (detailType === ProductChanged.detailType) return ProductChanged.parseDetail(event.detail).data.product.id;
  throw new Error(`record-mrr does not handle ${detailType ?? 'an event without detail-type'}`);
}

export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<MrrRecording> => {
  const productId = productIdOf(event);
  logger.appendKeys({ productId });
  const recording = await recordProductMrr(productId);
  logger.info('MRR recorded', { detailType: event['detail-type'], ...recording });
  return recording;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);
