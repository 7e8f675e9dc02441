import type { CatalogLifecycleStatus } from '../catalog/catalog-lifecycle.js';
import type { ProductOfferingPrice } from '../catalog/product-offering-price.js';
import type { ZoneTable } from '../rating/zone-table.js';
import type { Cart } from './cart.js';
import { discountsRelationship } from './price-terms.js';

/**
 * The part of the catalog one quote reads, loaded beforehand so that pricing stays pure.
 * `PricedOffering` is the subset of the TMF620 ProductOffering the engine reads; the stored
 * offering is assignable to it.
 */
export interface BundledOfferingOption {
  numberRelOfferLowerLimit?: number | undefined;
  numberRelOfferUpperLimit?: number | undefined;
  numberRelOfferDefault?: number | undefined;
}

export interface PricedOffering {
  id: string;
  href: string;
  name: string;
  lifecycleStatus: CatalogLifecycleStatus;
  isBundle?: boolean | undefined;
  isSellable?: boolean | undefined;
  validFor?: { startDateTime?: string | undefined; endDateTime?: string | undefined } | undefined;
  productOfferingPrice?: readonly { id: string }[] | undefined;
  bundledProductOffering?:
    | readonly { id: string; name?: string | undefined; bundledProductOfferingOption?: BundledOfferingOption | undefined }[]
    | undefined;
}

export interface CatalogSnapshot {
  offerings: ReadonlyMap<string, PricedOffering>;
  prices: ReadonlyMap<string, ProductOfferingPrice>;
  /** The zone tables the usage prices name (`rating.zoneTable`). */
  zoneTables?: ReadonlyMap<string, ZoneTable> | undefined;
}

export interface CatalogIds {
  offeringIds: string[];
  priceIds: string[];
}

/** A bundle's components; an offering that is not a bundle has none. */
export function componentsOf(offering: PricedOffering): NonNullable<PricedOffering['bundledProductOffering']> {
  return offering.isBundle === false ? [] : (offering.bundledProductOffering ?? []);
}

/**
 * The offering and price ids the cart needs that the snapshot lacks. A store loads the cart's
 * catalog level by level: call, fetch the ids (one BatchGetItem), add what was found, call
 * again, until nothing is missing. Each level reveals the next (an offering's prices and
 * components, a discount's target prices). An id the store did not find stays missing, so
 * the loop also stops when a fetch brings nothing new; `quoteCart` then names what is absent.
 */
export function missingCatalogIds(cart: Pick<Cart, 'items'>, catalog: CatalogSnapshot): CatalogIds {
  const offeringIds = new Set<string>();
  const priceIds = new Set<string>();
  const visited = new Set<string>();
  const needPrice = (id: string) => {
    if (!catalog.prices.has(id)) priceIds.add(id);
  };
  const visit = (offeringId: string) => {
    if (visited.has(offeringId)) return;
    visited.add(offeringId);
    const offering = catalog.offerings.get(offeringId);
    if (!offering) {
      offeringIds.add(offeringId);
      return;
    }
    for (const { id } of offering.productOfferingPrice ?? []) {
      needPrice(id);
      for (const link of catalog.prices.get(id)?.popRelationship ?? []) {
        if (link.relationshipType === discountsRelationship) needPrice(link.id);
      }
    }
    for (const component of componentsOf(offering)) visit(component.id);
  };
  for (const item of cart.items) visit(item.productOffering.id);
  return { offeringIds: [...offeringIds].sort(), priceIds: [...priceIds].sort() };
}
