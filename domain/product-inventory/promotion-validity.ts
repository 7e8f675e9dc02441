import { toInstant, toIso } from '../billing/billing-calendar.js';
import type { ChargeTerm } from '../billing/charge-term.js';
import { promotionEndOf } from '../billing/promotion-periods.js';
import type { Product, ProductPriceAlteration } from './product.js';

/**
 * When each promotion on a product's prices runs, as the product is read
 * (docs/product-inventory-and-payments.md, "Promotion dates"): every `productPriceAlteration`
 * with an `applicationDuration` gets `validFor`, from the start of the charge term its price
 * belongs to until the instant billing stops applying it. That end is billing's own rule
 * (promotionEndOf, docs/billing.md "Promotions": N calendar months from the term's start, in
 * the account's time zone), or the term's end when the product was terminated first (nothing
 * is charged after it). A promotion already over keeps its past end. Discounts without an
 * `applicationDuration` (permanent ones) get nothing.
 *
 * The months are the alteration's own `applicationDuration`, the number billing counts too:
 * both are the discount price's `applicationDuration` as the pricing engine copied it into its
 * quote (the order's, which the product's prices are; billing's, with the same prices pinned,
 * term-pricing.ts `promotionLengths`), and a price's amounts, that one included, are frozen
 * once it is on sale (domain/catalog/product-offering-price.ts).
 *
 * Pure: no clock. What is over and what still runs is for the reader to compare with its now.
 */

/**
 * The term the product's current prices belong to, when some of them carry a promotion; absent
 * when there is nothing to date (then its account's time zone need not be read). A product
 * takes its prices when a term opens (its activation, or a plan change, which replaces them)
 * and keeps them when its last term ends (the termination): the last term is theirs.
 */
export function promotionTermOf(product: Pick<Product, 'productPrice'>, chargeTerms: readonly ChargeTerm[]): ChargeTerm | undefined {
  const promoted = product.productPrice.some((price) => (price.productPriceAlteration ?? []).some((alteration) => alteration.applicationDuration !== undefined));
  return promoted ? chargeTerms[chargeTerms.length - 1] : undefined;
}

/** The product with `validFor` on each of its promotions; `term` is its promotionTermOf, `timeZone` the zone its account is billed in. */
export function withPromotionValidity<P extends Pick<Product, 'productPrice'>>(product: P, term: ChargeTerm, timeZone: string): P {
  const startDateTime = toIso(toInstant(term.from));
  const termEnd = term.to === undefined ? undefined : toInstant(term.to);
  const dated = (alteration: ProductPriceAlteration): ProductPriceAlteration => {
    if (alteration.applicationDuration === undefined) return alteration;
    const end = promotionEndOf(term, alteration.applicationDuration, timeZone).at;
    return { ...alteration, validFor: { startDateTime, endDateTime: toIso(termEnd === undefined ? end : Math.min(end, termEnd)) } };
  };
  return {
    ...product,
    productPrice: product.productPrice.map((price) => (price.productPriceAlteration ? { ...price, productPriceAlteration: price.productPriceAlteration.map(dated) } : price)),
  };
}
