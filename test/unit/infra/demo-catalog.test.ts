import { describe, expect, it } from 'vitest';
import { catalogCreateSchema } from '../../../domain/catalog/catalog.js';
import { categoryCreateSchema } from '../../../domain/catalog/category.js';
import { createProductOffering, offeringStructureProblems, productOfferingCreateSchema, type ProductOffering } from '../../../domain/catalog/product-offering.js';
import { createProductOfferingPrice, productOfferingPriceCreateSchema, type ProductOfferingPrice } from '../../../domain/catalog/product-offering-price.js';
import { productSpecificationCreateSchema } from '../../../domain/catalog/product-specification.js';
import { decimal } from '../../../domain/money/decimal.js';
import type { CartItem } from '../../../domain/pricing/cart.js';
import { toTmfPriceQuote } from '../../../domain/pricing/price-quote.js';
import { validateProductOfferingPrice } from '../../../domain/pricing/price-rules.js';
import { quoteCart } from '../../../domain/pricing/quote-cart.js';
import { demoCatalog, type DemoKind, type DemoResource } from '../../../infra/seed/demo-catalog.js';
import { creationWaves, referencesOf, resolveReferences } from '../../../infra/seed/seed-demo-catalog.js';

const schemas: Record<DemoKind, { safeParse: (body: unknown) => { success: boolean; error?: unknown } }> = {
  catalog: catalogCreateSchema,
  category: categoryCreateSchema,
  productSpecification: productSpecificationCreateSchema,
  productOffering: productOfferingCreateSchema,
  productOfferingPrice: productOfferingPriceCreateSchema,
};

/** The demo catalog as the API would store it, with each resource's key as its id. */
const keysAsIds = new Map(demoCatalog.map((resource) => [resource.key, resource.key]));
const now = '2026-11-22T10:00:00.000Z';
const prices = new Map<string, ProductOfferingPrice>();
const offerings = new Map<string, ProductOffering>();
for (const resource of demoCatalog) {
  if (resource.kind === 'productOfferingPrice') prices.set(resource.key, createProductOfferingPrice(resolveReferences(resource.body, keysAsIds), resource.key, now));
  if (resource.kind === 'productOffering') offerings.set(resource.key, createProductOffering(resolveReferences(resource.body, keysAsIds), resource.key, now));
}
const catalog = { offerings, prices };

/** France: 20 % VAT on telecommunications and devices. */
const frenchVat = new Map([
  ['telecommunications', decimal(20)],
  ['electronicDevice', decimal(20)],
  ['standard', decimal(20)],
]);

function quote(item: Omit<CartItem, 'id' | 'quantity'> & { quantity?: number }, at = '2026-12-01T00:00:00Z', customerSegment?: string) {
  const cart = { currency: 'EUR', at, ...(customerSegment ? { customerSegment } : {}), items: [{ id: '1', quantity: 1, ...item }] };
  return toTmfPriceQuote(quoteCart(cart, catalog, frenchVat));
}

const total = (answer: ReturnType<typeof quote>, priceType: string, period = 'month') =>
  answer.quoteTotalPrice.find((line) => line.priceType === priceType && (priceType !== 'recurring' || line.recurringChargePeriod === period))?.price;
const eur = (value: number) => ({ unit: 'EUR', value });

describe('the demo catalog (infra/seed/demo-catalog.ts)', () => {
  it('is made of valid TMF620 create bodies', () => {
    for (const resource of demoCatalog) {
      const parsed = schemas[resource.kind].safeParse(resolveReferences(resource.body, keysAsIds));
      expect(parsed.success, `${resource.key}: ${JSON.stringify(parsed.error)}`).toBe(true);
    }
  });

  it('has prices that pass the price rules in EUR, and offerings that pass the structure rules', () => {
    for (const price of prices.values()) expect(validateProductOfferingPrice(price, { catalogCurrencies: ['EUR'] }), price.id).toEqual([]);
    for (const offering of offerings.values()) expect(offeringStructureProblems(offering), offering.id).toEqual([]);
  });

  it('names each resource once per kind, without commas (the seeder looks names up in one comma-separated filter)', () => {
    const kinds = new Set(demoCatalog.map((resource) => resource.kind));
    for (const kind of kinds) {
      const names = demoCatalog.filter((resource) => resource.kind === kind).map((resource) => resource.body.name);
      expect(new Set(names).size, kind).toBe(names.length);
      expect(names.filter((name) => name.includes(','))).toEqual([]);
    }
    expect(new Set(demoCatalog.map((resource) => resource.key)).size).toBe(demoCatalog.length);
  });

  it('is everything on sale, with one Consumer catalog created last, after everything it could refer to', () => {
    for (const resource of demoCatalog) expect(['Active', 'Launched'], resource.key).toContain(resource.body.lifecycleStatus);
    const waves = creationWaves(demoCatalog);
    expect(waves.at(-1)!.map((resource) => resource.body.name)).toEqual(['Consumer']);
    const placed = new Set<string>();
    for (const wave of waves) {
      for (const resource of wave) for (const key of referencesOf(resource.body)) expect(placed, `${resource.key} → ${key}`).toContain(key);
      for (const resource of wave) placed.add(resource.key);
    }
    expect(placed.size).toBe(demoCatalog.length);
    // Categories, specifications, prices (six of them for calls); the promotion, the Gold surcharge and
    // the offerings without them; Mobile M and the Nova X; the bundle; the catalog. 38 resources in 5 steps.
    expect(waves.map((wave) => wave.length)).toEqual([27, 7, 2, 1, 1]);
  });

  it('refuses references to unknown resources and circular references', () => {
    const body = (name: string, refersTo: string) => ({ name, category: [{ id: `demo-ref:${refersTo}` }] });
    const a: DemoResource = { kind: 'category', key: 'category:a', body: body('A', 'category:b') };
    const b: DemoResource = { kind: 'category', key: 'category:b', body: body('B', 'category:a') };
    expect(() => creationWaves([a])).toThrow(/category:b, which is not in the demo catalog/);
    expect(() => creationWaves([a, b])).toThrow(/circular references among category:a, category:b/);
  });

  describe('prices as the README states them (France, 20 % VAT included)', () => {
    it('Home + Mobile in its first month: the Mobile M promotion first, then 10 % off both lines', () => {
      const answer = quote({ productOffering: { id: 'offering:home-mobile' } });
      // Broadband 30.00 + Mobile M 20.00; promotion 50 % of 20.00 = −10.00; bundle 10 % of
      // what is left (30.00 + 10.00 = 40.00) = −4.00, allocated −3.00 and −1.00: 36.00.
      // Duty free per line: 25.00 + 16.67 − 8.33 − 2.50 − 0.83 = 30.01 (tax 5.99).
      expect(total(answer, 'recurring')).toMatchObject({ taxIncludedAmount: eur(36), dutyFreeAmount: eur(30.01) });
      // Mobile M activation fee: 15.00 = 12.50 + 2.50.
      expect(total(answer, 'oneTime')).toMatchObject({ taxIncludedAmount: eur(15), dutyFreeAmount: eur(12.5) });
    });

    it('Home + Mobile from its fourth month: only the bundle discount', () => {
      // 50.00 − 10 % = 45.00, duty free 25.00 + 16.67 − 2.50 − 1.67 = 37.50.
      const answer = quote({ productOffering: { id: 'offering:home-mobile' }, billingPeriod: 4 });
      expect(total(answer, 'recurring')).toMatchObject({ taxIncludedAmount: eur(45), dutyFreeAmount: eur(37.5) });
    });

    it('Mobile M data overage is graduated above the 20 GB included', () => {
      // 32.5 GB: 20 included, 12.5 charged: 10 × 2.00 + 2.5 × 1.00 = 22.50 (18.75 duty free).
      const answer = quote({ productOffering: { id: 'offering:mobile-m' }, usage: [{ quantity: 32.5, units: 'GB' }], billingPeriod: 4 });
      expect(total(answer, 'usage')).toMatchObject({ taxIncludedAmount: eur(22.5), dutyFreeAmount: eur(18.75) });
      expect(total(answer, 'recurring')).toMatchObject({ taxIncludedAmount: eur(20) });
    });

    it('the Mobile M promotion halves the first three months of a sale in its window, and a student pays 20 % less', () => {
      expect(total(quote({ productOffering: { id: 'offering:mobile-m' } }), 'recurring')).toMatchObject({ taxIncludedAmount: eur(10), dutyFreeAmount: eur(8.34) });
      expect(total(quote({ productOffering: { id: 'offering:mobile-m' }, billingPeriod: 3 }), 'recurring')).toMatchObject({ taxIncludedAmount: eur(10) });
      expect(total(quote({ productOffering: { id: 'offering:mobile-m' }, billingPeriod: 4 }), 'recurring')).toMatchObject({ taxIncludedAmount: eur(20) });
      // After the sale window a new sale pays full price; a line sold with the promotion keeps it.
      expect(total(quote({ productOffering: { id: 'offering:mobile-m' } }, '2027-03-15T00:00:00Z'), 'recurring')).toMatchObject({ taxIncludedAmount: eur(20) });
      const pinned = quote({ productOffering: { id: 'offering:mobile-m' }, pinnedPrice: [{ id: 'price:mobile-m-monthly' }, { id: 'price:mobile-m-launch-promotion' }], billingPeriod: 2 }, '2027-03-15T00:00:00Z');
      expect(total(pinned, 'recurring')).toMatchObject({ taxIncludedAmount: eur(10) });
      // Student: 20 % of 30.00 = 6.00 off Mobile L: 24.00.
      expect(total(quote({ productOffering: { id: 'offering:mobile-l' } }, undefined, 'student'), 'recurring')).toMatchObject({ taxIncludedAmount: eur(24) });
    });

    it('the Nova X costs 50.00 more in Gold; broadband is 30.00 a month or 300.00 a year', () => {
      expect(total(quote({ productOffering: { id: 'offering:handset' }, characteristic: [{ name: 'colour', value: 'Black' }] }), 'oneTime')).toMatchObject({ taxIncludedAmount: eur(699), dutyFreeAmount: eur(582.5) });
      expect(total(quote({ productOffering: { id: 'offering:handset' }, characteristic: [{ name: 'colour', value: 'Gold' }] }), 'oneTime')).toMatchObject({ taxIncludedAmount: eur(749) });
      expect(total(quote({ productOffering: { id: 'offering:broadband-yearly' } }), 'recurring', 'year')).toMatchObject({ taxIncludedAmount: eur(300), dutyFreeAmount: eur(250) });
      expect(total(quote({ productOffering: { id: 'offering:sim-card' } }), 'oneTime')).toMatchObject({ taxIncludedAmount: eur(5) });
    });
  });
});
