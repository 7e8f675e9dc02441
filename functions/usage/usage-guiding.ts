import { termCartItem, type ChargeTerm } from '../../domain/billing/charge-term.js';
import { termUsagePrices } from '../../domain/billing/term-pricing.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { guideUsage, newUsage, usageIdFor, type GuidableProduct, type GuidingOutcome, type Usage, type UsageRecord } from '../../domain/usage/usage.js';
import { systemClock } from '../lib/clock.js';
import { rearmSchedule } from '../lib/store/billing-schedule-store.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';
import { phoneNumberLookupKey, productsByPhoneNumber } from '../lib/store/phone-number-store.js';
import { findProductsForGuiding, type ProductForGuiding } from '../lib/store/product-store.js';
import { findTestClocks } from '../lib/store/test-clock-store.js';
import type { UsageToStore } from '../lib/store/usage-store.js';
import type { ZoneTable } from '../../domain/rating/zone-table.js';
import type { ProductOffering } from '../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import type { TestClock } from '../../domain/billing/test-clock.js';

/**
 * Guiding, shared by POST /usage, the batch and the correction (docs/usage.md, "Guiding"): each
 * record finds its product (by `productId`, or by the product its `phoneNumber` was assigned to
 * at the usage date), its customer's current time (the test clock's frozen time for a product on
 * a clock, else the system time) and the usage prices of the term its date falls in, and
 * `guideUsage` decides whether it can be rated.
 *
 * Whatever the number of records, the reads are a fixed number of rounds of BatchGetItem calls
 * (100 keys each, in parallel): products by id beside the phone numbers; the products the numbers
 * named beside the test clocks and the catalog of the products found by id (a catalog level per
 * round); then the clocks and catalog only the products named by number add, if any.
 */
export interface GuidedUsage {
  record: UsageRecord;
  outcome: GuidingOutcome;
  /** Derived from the product and the record id, so a repeat finds the first. */
  id: string;
  /** The customer's current time; every instant recorded for the record is this one. */
  now: string;
}

export async function guideUsageRecords(records: readonly UsageRecord[]): Promise<GuidedUsage[]> {
  const systemNow = systemClock.now();
  const askedIds = new Set(records.flatMap((record) => ('productId' in record.product ? [record.product.productId] : [])));
  const phoneLookups = records.flatMap((record) => ('phoneNumber' in record.product ? [{ phoneNumber: record.product.phoneNumber, at: record.usageDate }] : []));
  const [products, productIdsByPhone] = await Promise.all([findProductsForGuiding(askedIds), productsByPhoneNumber(phoneLookups)]);

  const productIdOf = (record: UsageRecord): string | undefined =>
    'productId' in record.product ? record.product.productId : productIdsByPhone.get(phoneNumberLookupKey(record.product.phoneNumber, record.usageDate));
  const namedByPhone = new Set<string>();
  for (const record of records) {
    const productId = productIdOf(record);
    if (productId !== undefined && !askedIds.has(productId)) namedByPhone.add(productId);
  }
  // The test clocks and the catalog of the products found by id are read beside the products the
  // numbers named; only what those add (usually nothing: a batch's products share a few plans)
  // is read after them. Two rounds fewer on the way of every batch, the same reads.
  const [byPhone, ofFoundById] = await Promise.all([findProductsForGuiding(namedByPhone), readGuidingContext([...products.values()])]);
  for (const [id, product] of byPhone) products.set(id, product);
  const { clocks, usagePricesOf, zoneTables } = pricingOf(await readGuidingContext(byPhone.values(), ofFoundById));
  const nowOf = (product: ProductForGuiding | undefined): string => {
    if (product?.testClockId === undefined) return systemNow;
    const clock = clocks.get(product.testClockId);
    if (!clock) throw new Error(`invariant broken: test clock ${product.testClockId} of product ${product.product.id} does not exist`);
    return clock.frozenTime;
  };

  return records.map((record) => {
    const productId = productIdOf(record);
    const stored = productId === undefined ? undefined : products.get(productId);
    const product = stored ? guidableProduct(stored) : undefined;
    const now = nowOf(stored);
    const outcome = guideUsage(record, { product, now, usagePricesOf, zoneTables });
    // Found: keyed by the product, so the same record sent by productId or by phoneNumber is one record.
    const id = usageIdFor(product ? { productId: product.id } : record.product, record.recordId);
    return { record, outcome, id, now };
  });
}


/** The test clocks and the catalog (offerings, prices, zone tables) guiding needs for some products. */
interface GuidingContext {
  clocks: Map<string, TestClock>;
  /** The offerings asked for (found or not), so a second read asks only for new ones. */
  offeringIds: Set<string>;
  catalog: { offerings: Map<string, ProductOffering>; prices: Map<string, ProductOfferingPrice>; zoneTables: Map<string, ZoneTable> };
}

/**
 * Reads the test clocks and the catalog of the products' distinct offerings (the snapshot loads
 * level by level: offerings, then their prices and bundle components), beside each other; with
 * `known`, only what it lacks, and the answer holds both.
 */
async function readGuidingContext(products: Iterable<ProductForGuiding>, known?: GuidingContext): Promise<GuidingContext> {
  const clockIds = new Set<string>();
  const termsByOffering = new Map<string, ChargeTerm>();
  for (const product of products) {
    if (product.testClockId !== undefined && !known?.clocks.has(product.testClockId)) clockIds.add(product.testClockId);
    for (const term of product.chargeTerms) if (!known?.offeringIds.has(term.productOffering.id)) termsByOffering.set(term.productOffering.id, term);
  }
  const [clocks, catalog] = await Promise.all([
    clockIds.size > 0 ? findTestClocks(clockIds) : new Map<string, TestClock>(),
    termsByOffering.size > 0 ? loadCatalogSnapshot({ items: [...termsByOffering.values()].map((term, index) => termCartItem(term, String(index + 1), 1)) }) : undefined,
  ]);
  return {
    clocks: new Map([...(known?.clocks ?? []), ...clocks]),
    offeringIds: new Set([...(known?.offeringIds ?? []), ...termsByOffering.keys()]),
    catalog: {
      offerings: new Map([...(known?.catalog.offerings ?? []), ...(catalog?.offerings ?? [])]),
      prices: new Map([...(known?.catalog.prices ?? []), ...(catalog?.prices ?? [])]),
      zoneTables: new Map([...(known?.catalog.zoneTables ?? []), ...(catalog?.zoneTables ?? [])]),
    },
  };
}

/** The usage prices of any term, from the context's catalog, remembered per offering: records of the same plan share them. */
function pricingOf(context: GuidingContext): { clocks: Map<string, TestClock>; usagePricesOf: (term: ChargeTerm) => ReturnType<typeof termUsagePrices>; zoneTables: ReadonlyMap<string, ZoneTable> } {
  const catalog = { offerings: context.catalog.offerings, prices: context.catalog.prices, zoneTables: context.catalog.zoneTables };
  const byOffering = new Map<string, ReturnType<typeof termUsagePrices>>();
  const usagePricesOf = (term: ChargeTerm) => {
    let prices = byOffering.get(term.productOffering.id);
    if (!prices) {
      prices = termUsagePrices(catalog, term);
      byOffering.set(term.productOffering.id, prices);
    }
    return prices;
  };
  return { clocks: context.clocks, usagePricesOf, zoneTables: context.catalog.zoneTables };
}

function guidableProduct(stored: ProductForGuiding): GuidableProduct {
  return {
    id: stored.product.id,
    name: stored.product.name,
    customerId: ownerCustomerIdOfProduct(stored.product),
    billingAccountId: stored.product.billingAccount.id,
    terms: stored.chargeTerms,
    testClockId: stored.testClockId,
  };
}

/** A guided record as it is stored: new, or corrected (`usage` then comes from correctUsage). */
export function usageToStore(guided: Pick<GuidedUsage, 'record' | 'outcome' | 'id' | 'now'>, usage: Usage = newUsage(guided.record, guided.outcome, guided)): UsageToStore {
  const { product } = guided.outcome;
  return {
    usage,
    productId: product?.id,
    customerId: product?.customerId,
    billingAccountId: product?.billingAccountId,
    quantity: guided.record.quantity,
    unit: guided.record.unit,
    recordId: guided.record.recordId,
  };
}


/**
 * Late usage of a product that no longer runs (no term open at the customer's now: terminated)
 * arms its account's schedule again, which may have come to rest after the last bill, so the
 * records get billed. Once per account, in parallel; an account still due is left alone.
 */
export async function rearmAccountsOfLateUsage(stored: readonly Pick<GuidedUsage, 'outcome' | 'now'>[]): Promise<void> {
  const accounts = new Map<string, string>();
  for (const { outcome, now } of stored) {
    if (outcome.status !== 'rated' || accounts.has(outcome.product.billingAccountId)) continue;
    const running = outcome.product.terms.some((term) => term.to === undefined || Date.parse(term.to) > Date.parse(now));
    if (!running) accounts.set(outcome.product.billingAccountId, now);
  }
  await Promise.all([...accounts].map(([billingAccountId, now]) => rearmSchedule(billingAccountId, now)));
}
