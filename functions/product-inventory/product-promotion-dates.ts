import type { Product } from '../../domain/product-inventory/product.js';
import { promotionTermOf, withPromotionValidity } from '../../domain/product-inventory/promotion-validity.js';
import { billingTimeZones } from '../lib/store/billing-schedule-store.js';
import type { StoredProduct } from '../lib/store/product-store.js';

/**
 * Products as GET /product and GET /product/{id} serve them: each promotion on their prices
 * dated (`validFor`, domain/product-inventory/promotion-validity.ts) in the time zone their
 * account is billed in, read from the accounts' billing schedules: one BatchGetItem for every
 * distinct account of the page, only for products with a promotion, and only when the answer
 * shows `productPrice` (all attributes, or `fields` naming it). A product whose account has no
 * schedule was never billed, so no bill applies its promotions either: it is served as stored.
 * Nothing here reads a clock.
 */
export async function withPromotionDates(stored: readonly StoredProduct[], fields: readonly string[] | undefined): Promise<Product[]> {
  const showsPrices = fields === undefined || fields.some((field) => field.split('.')[0] === 'productPrice');
  const promoted = showsPrices ? stored.map((one) => promotionTermOf(one.product, one.chargeTerms)) : [];
  const accounts = stored.filter((_, index) => promoted[index] !== undefined).map((one) => one.product.billingAccount.id);
  if (accounts.length === 0) return stored.map((one) => one.product);
  const zones = await billingTimeZones(accounts);
  return stored.map((one, index) => {
    const term = promoted[index];
    const timeZone = zones.get(one.product.billingAccount.id);
    return term && timeZone ? withPromotionValidity(one.product, term, timeZone) : one.product;
  });
}
