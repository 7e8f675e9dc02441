import { isOnSale, type CatalogLifecycleStatus } from '../catalog/catalog-lifecycle.js';
import { priceCurrency, type PriceTerms } from './price-terms.js';

/**
 * Which of an offering's prices apply to one cart item as of an instant (docs/pricing.md,
 * "Effective dating, versions and grandfathering"):
 * - prices sharing a name and a currency are versions of one price; the one that applies is
 *   the on-sale version with the latest start at or before the instant, unless it has ended;
 * - a pinned price (the price an existing product was sold at) takes its name's slot whatever
 *   its dates and lifecycle;
 * - then the item's chosen characteristics and the customer's segment decide whether the
 *   selected version applies at all. They are checked after the version is chosen, so a new
 *   version's conditions replace the old version's.
 */
export interface SelectablePrice extends PriceTerms {
  id: string;
  name: string;
  lifecycleStatus: CatalogLifecycleStatus;
}

export interface ChosenCharacteristic {
  name: string;
  value: string | number | boolean;
}

export interface PriceSelection {
  /** Epoch milliseconds. */
  at: number;
  currency: string;
  pinnedPriceIds: ReadonlySet<string>;
  characteristics: readonly ChosenCharacteristic[];
  customerSegment?: string | undefined;
}

/** Prices without a currency (percentage discounts) apply in every currency. */
export function isInCurrency(price: PriceTerms, currency: string): boolean {
  const own = priceCurrency(price);
  return own === undefined || own === currency;
}

function startOf(price: PriceTerms): number {
  const start = price.validFor?.startDateTime;
  return start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(start);
}

function hasEnded(price: PriceTerms, at: number): boolean {
  const end = price.validFor?.endDateTime;
  return end !== undefined && Date.parse(end) <= at;
}

function slotOf(price: SelectablePrice): string {
  return JSON.stringify([price.name, priceCurrency(price) ?? '']);
}

/** The offering's prices that apply, in the offering's order. */
export function selectPrices<P extends SelectablePrice>(prices: readonly P[], selection: PriceSelection): P[] {
  const inCurrency = prices.filter((price) => isInCurrency(price, selection.currency));
  const chosenBySlot = new Map<string, P>();
  for (const price of inCurrency) {
    if (selection.pinnedPriceIds.has(price.id)) chosenBySlot.set(slotOf(price), price);
  }
  const pinnedSlots = new Set(chosenBySlot.keys());
  for (const price of inCurrency) {
    const slot = slotOf(price);
    if (pinnedSlots.has(slot) || !isOnSale(price.lifecycleStatus) || startOf(price) > selection.at) continue;
    const current = chosenBySlot.get(slot);
    if (!current || startOf(price) > startOf(current)) chosenBySlot.set(slot, price);
  }
  const chosen = new Set<P>();
  for (const [slot, price] of chosenBySlot) {
    if (!pinnedSlots.has(slot) && hasEnded(price, selection.at)) continue;
    if (!matchesCharacteristics(price, selection.characteristics)) continue;
    if (!isEligibleSegment(price, selection.customerSegment)) continue;
    chosen.add(price);
  }
  return prices.filter((price) => chosen.has(price));
}

/** Every characteristic the price is for must be chosen with one of the listed values. */
export function matchesCharacteristics(price: PriceTerms, characteristics: readonly ChosenCharacteristic[]): boolean {
  return (price.prodSpecCharValueUse ?? []).every((use) => {
    const chosen = characteristics.find((characteristic) => characteristic.name === use.name);
    if (!chosen) return false;
    return (use.productSpecCharacteristicValue ?? []).some((allowed) => allowed.value !== undefined && String(allowed.value) === String(chosen.value));
  });
}

/** A discount for market segments applies only to customers in one of them. */
export function isEligibleSegment(price: PriceTerms, customerSegment: string | undefined): boolean {
  const segments = price.marketSegment;
  if (segments === undefined) return true;
  return customerSegment !== undefined && segments.some((segment) => segment.id === customerSegment);
}
