import type { FulfilmentItem } from '../orders/order-fulfilment.js';
import type { CartItem } from '../pricing/cart.js';
import type { TmfOrderPrice } from '../pricing/price-quote.js';

/**
 * One stretch of a product's life at one offering and one set of prices (docs/billing.md,
 * "What a product is charged"): from its activation, or a plan change, until the next plan
 * change or its termination. Billing prices a term by asking the pricing engine for the term's
 * cart item as of the term's start, with the prices it was sold at pinned; it never reads the
 * catalog's current prices for it (grandfathering). A product keeps every term it had, so a
 * credit for a plan change can still price the old one.
 */
export interface ChargeTerm {
  /** Inclusive ISO instant: the activation or the plan change. */
  from: string;
  /** Exclusive ISO instant: the next plan change or the termination; absent while it lasts. */
  to?: string;
  endedBy?: 'planChange' | 'termination';
  productOffering: { id: string; href: string; name: string };
  quantity: number;
  characteristic: { name: string; value: string | number | boolean }[];
  /** A bundle's chosen components; absent: every component in its default quantity. */
  bundledItem?: { productOffering: { id: string }; quantity: number }[];
  /** The prices (and discounts) the term was sold at. */
  pinnedPrice: { id: string }[];
}

/** A product as billing sees it: its terms, in time order. */
export interface ChargedProduct {
  id: string;
  name: string;
  billingAccountId: string;
  terms: ChargeTerm[];
}

/** The price ids an order item was priced with: its lines' prices and the discounts that altered them. */
export function pinnedPricesOf(prices: readonly TmfOrderPrice[]): { id: string }[] {
  const ids = new Set<string>();
  for (const price of prices) {
    if (price.productOfferingPrice) ids.add(price.productOfferingPrice.id);
    for (const alteration of price.priceAlteration ?? []) ids.add(alteration.productOfferingPrice.id);
  }
  return [...ids].sort().map((id) => ({ id }));
}

/** The term a product starts with (an `add` item), or takes from a plan change (`modify`). */
export function openChargeTerm(input: Omit<ChargeTerm, 'to' | 'endedBy'>): ChargeTerm {
  return {
    from: input.from,
    productOffering: { ...input.productOffering },
    quantity: input.quantity,
    characteristic: input.characteristic.map(({ name, value }) => ({ name, value })),
    ...(input.bundledItem ? { bundledItem: input.bundledItem.map((item) => ({ productOffering: { id: item.productOffering.id }, quantity: item.quantity })) } : {}),
    pinnedPrice: input.pinnedPrice.map(({ id }) => ({ id })),
  };
}

/** The term an order item opens at `from` (an add, or a plan change): the offering, choices and prices the order sold. */
export function chargeTermOfOrderItem(item: Pick<FulfilmentItem, 'productOffering' | 'quantity' | 'characteristics' | 'bundledItem' | 'prices'>, from: string): ChargeTerm {
  if (!item.productOffering) throw new Error('invariant broken: an order item that opens a charge term names its offering');
  return openChargeTerm({
    from,
    productOffering: item.productOffering,
    quantity: item.quantity,
    characteristic: item.characteristics,
    ...(item.bundledItem ? { bundledItem: item.bundledItem } : {}),
    pinnedPrice: pinnedPricesOf(item.prices),
  });
}

/**
 * What an order's `modify` or `delete` item does to its product's terms when it takes effect at
 * `at`: order-to-cash applies it when the order completes, and a preview applies it to see the
 * bill before the order is placed, so both read the same history.
 */
export type TermChange = { action: 'modify'; at: string; next: ChargeTerm } | { action: 'delete'; at: string };

export function termsAfterChange(terms: readonly ChargeTerm[], change: TermChange): ChargeTerm[] {
  return change.action === 'delete' ? endCurrentTerm(terms, change.at, 'termination') : endCurrentTerm(terms, change.at, 'planChange', change.next);
}

/**
 * Ends the product's current term at `at` (a plan change or the termination) and, for a plan
 * change, opens the next one. A product without terms (sold before billing existed) gets none:
 * it has nothing billing could price.
 */
export function endCurrentTerm(terms: readonly ChargeTerm[], at: string, endedBy: 'planChange' | 'termination', next?: ChargeTerm): ChargeTerm[] {
  const ended = terms.map((term) => (term.to === undefined ? { ...term, to: at, endedBy } : term));
  return next ? [...ended, next] : ended;
}

/** The cart item that prices a term for one period (`billingPeriod` counts promotions). */
export function termCartItem(term: ChargeTerm, itemId: string, billingPeriod: number, usage?: CartItem['usage']): CartItem {
  return {
    id: itemId,
    productOffering: { id: term.productOffering.id },
    quantity: term.quantity,
    characteristic: term.characteristic,
    ...(term.bundledItem ? { bundledItem: term.bundledItem } : {}),
    pinnedPrice: term.pinnedPrice,
    billingPeriod,
    ...(usage ? { usage } : {}),
  };
}
