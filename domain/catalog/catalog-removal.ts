import { RuleViolationError } from '../shared/domain-errors.js';
import { isOnSale, type CatalogLifecycleStatus } from './catalog-lifecycle.js';

/**
 * What `DELETE` does to a product offering, a price or a product specification (TMF620; the
 * rules are in docs/pricing.md, "Removing catalog resources"):
 *
 * - **In design** (never on sale, so never quoted, ordered or billed): removed outright, unless
 *   another catalog resource of any status still refers to it (409 naming each one).
 * - **Active or Launched** (on sale, so possibly sold): never removed, retired instead, as a
 *   `PATCH lifecycleStatus: Retired` would. Products sold from it keep reading it by id
 *   (grandfathering). Refused (409 naming them) while a resource that is itself on sale still
 *   depends on it: a bundle on sale bundling the offering, an offering on sale listing the price
 *   or selling the specification, a price on sale discounting the price or for the
 *   specification, a bundle specification on sale listing the specification. (A category
 *   listing the offering does not hold its retirement: it just stops showing it.)
 * - **Retired**: nothing to do; DELETE answers as if it retired it again.
 *
 * Why no order or product is ever read: anything sold was on sale when it was sold, so it is
 * Active, Launched or Retired for good (there is no way back to In design), and what an on-sale
 * offering lists (its specification, bundled offerings, prices) is frozen from then on
 * (product-offering.ts), so a price or specification a product was sold at is listed by an
 * offering forever. "In design and referred to by nothing" therefore means "never sold".
 */

export type RemovableCatalogKind = 'productOffering' | 'productOfferingPrice' | 'productSpecification';

/** A catalog resource that refers to the one being deleted, and through which attribute. */
export interface CatalogReferrer {
  kind: RemovableCatalogKind | 'category';
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
  via: string;
}

export type CatalogDeletion = 'remove' | 'retire' | 'already-retired';

/** The attributes of an offering the referrer search reads. */
export interface OfferingReferenceFields {
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
  productSpecification?: { id: string };
  bundledProductOffering?: readonly { id: string }[];
  productOfferingPrice?: readonly { id: string }[];
  prodSpecCharValueUse?: readonly { productSpecification?: { id: string } }[];
}

/** The attributes of a price the referrer search reads. */
export interface PriceReferenceFields {
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
  popRelationship?: readonly { id: string; relationshipType: string }[];
  prodSpecCharValueUse?: readonly { productSpecification?: { id: string } }[];
}

/** The attributes of a specification the referrer search reads. */
export interface SpecificationReferenceFields {
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
  bundledProductSpecification?: readonly { id: string }[];
}

/** The attributes of a category the referrer search reads. */
export interface CategoryReferenceFields {
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
  productOffering?: readonly { id: string }[];
}

/** The catalog resources that may refer to the one deleted, as far as the search needs them. */
export interface CatalogReferenceSources {
  categories?: readonly CategoryReferenceFields[];
  offerings?: readonly OfferingReferenceFields[];
  prices?: readonly PriceReferenceFields[];
  specifications?: readonly SpecificationReferenceFields[];
}

/** Which kinds can refer to a resource of `kind`: what the handler has to read. */
export const referringKinds: Record<RemovableCatalogKind, readonly (keyof CatalogReferenceSources)[]> = {
  productOffering: ['categories', 'offerings'],
  productOfferingPrice: ['offerings', 'prices'],
  productSpecification: ['offerings', 'prices', 'specifications'],
};

const mentions = (refs: readonly { id: string }[] | undefined, id: string): boolean => refs?.some((ref) => ref.id === id) ?? false;
const usesSpecification = (uses: readonly { productSpecification?: { id: string } }[] | undefined, id: string): boolean =>
  uses?.some((use) => use.productSpecification?.id === id) ?? false;

/** Every catalog resource that refers to the resource `kind`/`id`, in categories, offerings, prices, specifications order. */
export function catalogReferrers(kind: RemovableCatalogKind, id: string, sources: CatalogReferenceSources): CatalogReferrer[] {
  const referrers: CatalogReferrer[] = [];
  const add = (referrerKind: CatalogReferrer['kind'], referrer: { id: string; lifecycleStatus: CatalogLifecycleStatus }, via: string) => {
    if (referrerKind === kind && referrer.id === id) return;
    referrers.push({ kind: referrerKind, id: referrer.id, lifecycleStatus: referrer.lifecycleStatus, via });
  };
  for (const category of sources.categories ?? []) {
    if (kind === 'productOffering' && mentions(category.productOffering, id)) add('category', category, 'productOffering');
  }
  for (const offering of sources.offerings ?? []) {
    if (kind === 'productOffering' && mentions(offering.bundledProductOffering, id)) add('productOffering', offering, 'bundledProductOffering');
    if (kind === 'productOfferingPrice' && mentions(offering.productOfferingPrice, id)) add('productOffering', offering, 'productOfferingPrice');
    if (kind === 'productSpecification') {
      if (offering.productSpecification?.id === id) add('productOffering', offering, 'productSpecification');
      else if (usesSpecification(offering.prodSpecCharValueUse, id)) add('productOffering', offering, 'prodSpecCharValueUse');
    }
  }
  for (const price of sources.prices ?? []) {
    if (kind === 'productOfferingPrice' && mentions(price.popRelationship, id)) add('productOfferingPrice', price, 'popRelationship');
    if (kind === 'productSpecification' && usesSpecification(price.prodSpecCharValueUse, id)) add('productOfferingPrice', price, 'prodSpecCharValueUse');
  }
  for (const specification of sources.specifications ?? []) {
    if (kind === 'productSpecification' && mentions(specification.bundledProductSpecification, id)) {
      add('productSpecification', specification, 'bundledProductSpecification');
    }
  }
  return referrers;
}

const describe = (referrers: readonly CatalogReferrer[]): string =>
  referrers.map((referrer) => `${referrer.kind} ${referrer.id} (${referrer.lifecycleStatus}, ${referrer.via})`).join(', ');

/**
 * What DELETE does to the resource, given every catalog resource that refers to it; a 409
 * (RuleViolationError `catalog-resource-referenced`) naming the referrers when it may not.
 */
export function decideCatalogDeletion(
  kind: RemovableCatalogKind,
  resource: { id: string; lifecycleStatus: CatalogLifecycleStatus },
  referrers: readonly CatalogReferrer[],
): CatalogDeletion {
  if (resource.lifecycleStatus === 'Retired') return 'already-retired';
  if (!isOnSale(resource.lifecycleStatus)) {
    if (referrers.length > 0) {
      throw new RuleViolationError(
        'catalog-resource-referenced',
        `${kind} ${resource.id} cannot be deleted: it is referenced by ${describe(referrers)}. Remove those references first`,
      );
    }
    return 'remove';
  }
  // A category lists offerings for browsing; a Retired one in it is simply no longer shown.
  const dependents = referrers.filter((referrer) => referrer.kind !== 'category' && isOnSale(referrer.lifecycleStatus));
  if (dependents.length > 0) {
    throw new RuleViolationError(
      'catalog-resource-referenced',
      `${kind} ${resource.id} is ${resource.lifecycleStatus} and cannot be retired: it is referenced by ${describe(dependents)}, ` +
        'which are on sale. Retire them, or replace the reference, first',
    );
  }
  return 'retire';
}
