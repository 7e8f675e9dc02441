import { validateOfferingPriceVersions } from '../pricing/price-rules.js';
import { priceCurrency } from '../pricing/price-terms.js';
import { RuleViolationError, type FieldProblem } from '../shared/domain-errors.js';
import { sameJson } from './attribute-changes.js';
import { isOnSale, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { referenceProblems } from './catalog.js';
import type { ProductOfferingPrice } from './product-offering-price.js';
import { bundledIdsOf, categoryIdsOf, priceIdsOf, type ProductOffering } from './product-offering.js';

/**
 * The rules of an offering that depend on what it refers to. The handler resolves the
 * references `offeringReferencesToResolve` names (one BatchGetItem per kind) and passes them
 * in; references that did not change are not read again, except when the offering goes on
 * sale, which checks all of them.
 */

/** A referenced specification or category, as far as the offering's rules read it. */
export interface ReferencedResource {
  id: string;
  lifecycleStatus: CatalogLifecycleStatus;
}

export interface OfferingReferenceIds {
  productSpecification: string[];
  category: string[];
  productOfferingPrice: string[];
  bundledProductOffering: string[];
}

export interface OfferingReferences {
  productSpecifications: ReadonlyMap<string, ReferencedResource>;
  categories: ReadonlyMap<string, ReferencedResource>;
  prices: ReadonlyMap<string, ProductOfferingPrice>;
  bundledOfferings: ReadonlyMap<string, ProductOffering>;
}

export interface PriceCurrencyRules {
  catalogCurrencies: readonly string[];
}

/** The offering is on sale after this write and was not before it (or is new). */
export const goesOnSale = (before: ProductOffering | undefined, after: ProductOffering): boolean =>
  isOnSale(after.lifecycleStatus) && !(before && isOnSale(before.lifecycleStatus));

/** Which references a write must resolve: every one for a new offering, the changed ones for a patch, all when going on sale. */
export function offeringReferencesToResolve(before: ProductOffering | undefined, after: ProductOffering): OfferingReferenceIds {
  const all = !before || goesOnSale(before, after);
  const changed = (attribute: keyof ProductOffering) => all || !sameJson(before[attribute], after[attribute]);
  const specificationId = after.productSpecification?.id;
  return {
    productSpecification: specificationId !== undefined && changed('productSpecification') ? [specificationId] : [],
    category: changed('category') ? categoryIdsOf(after) : [],
    productOfferingPrice: changed('productOfferingPrice') ? priceIdsOf(after) : [],
    bundledProductOffering: changed('bundledProductOffering') ? bundledIdsOf(after) : [],
  };
}

/**
 * The 400 problems of the references: each exists and is listed once; a specification, price
 * or component newly referenced is not Retired; every price is in a catalog currency, and the
 * versions of a price do not start at the same instant (domain/pricing/price-rules.ts). Retired
 * prices an offering already lists stay (grandfathering) and take no part in the version rule.
 */
export function productOfferingReferenceProblems(
  before: ProductOffering | undefined,
  after: ProductOffering,
  references: OfferingReferences,
  rules: PriceCurrencyRules,
): FieldProblem[] {
  const toResolve = offeringReferencesToResolve(before, after);
  return [
    ...specificationProblems(before, after, toResolve, references),
    ...(toResolve.category.length > 0 ? referenceProblems('category', after.category, references.categories, 'category') : []),
    ...(toResolve.productOfferingPrice.length > 0 ? priceProblems(before, after, references.prices, rules) : []),
    ...(toResolve.bundledProductOffering.length > 0 ? componentProblems(before, after, references.bundledOfferings) : []),
  ];
}

function specificationProblems(
  before: ProductOffering | undefined,
  after: ProductOffering,
  toResolve: OfferingReferenceIds,
  references: OfferingReferences,
): FieldProblem[] {
  const [id] = toResolve.productSpecification;
  if (id === undefined) return [];
  const specification = references.productSpecifications.get(id);
  if (!specification) return [{ field: 'productSpecification.id', problem: `productSpecification ${id} does not exist` }];
  const isNew = before?.productSpecification?.id !== id;
  if (isNew && specification.lifecycleStatus === 'Retired') {
    return [{ field: 'productSpecification.id', problem: `productSpecification ${id} is Retired: offer a current specification` }];
  }
  return [];
}

function priceProblems(
  before: ProductOffering | undefined,
  after: ProductOffering,
  prices: OfferingReferences['prices'],
  rules: PriceCurrencyRules,
): FieldProblem[] {
  const listedBefore = new Set(before ? priceIdsOf(before) : []);
  const problems = referenceProblems('productOfferingPrice', after.productOfferingPrice, prices, 'productOfferingPrice');
  priceIdsOf(after).forEach((id, index) => {
    const price = prices.get(id);
    if (!price) return;
    const field = `productOfferingPrice[${index}].id`;
    if (!listedBefore.has(id) && price.lifecycleStatus === 'Retired') {
      problems.push({ field, problem: `productOfferingPrice ${id} is Retired: it can no longer be added to an offering` });
    }
    const currency = priceCurrency(price);
    if (currency !== undefined && !rules.catalogCurrencies.includes(currency)) {
      problems.push({ field, problem: `productOfferingPrice ${id} is in ${currency}, not a currency of this catalog (${rules.catalogCurrencies.join(', ')})` });
    }
  });
  const current = [...new Set(priceIdsOf(after))].flatMap((id) => {
    const price = prices.get(id);
    return price && price.lifecycleStatus !== 'Retired' ? [price] : [];
  });
  problems.push(...validateOfferingPriceVersions(current));
  return problems;
}

function componentProblems(before: ProductOffering | undefined, after: ProductOffering, components: OfferingReferences['bundledOfferings']): FieldProblem[] {
  const bundledBefore = new Set(before ? bundledIdsOf(before) : []);
  const problems = referenceProblems(
    'bundledProductOffering',
    after.bundledProductOffering,
    // The offering itself exists; bundling it is reported as a cycle, not as missing.
    new Map<string, unknown>([...components, [after.id, after]]),
    'productOffering',
  );
  bundledIdsOf(after).forEach((id, index) => {
    const field = `bundledProductOffering[${index}].id`;
    if (id === after.id) problems.push({ field, problem: `the bundle would contain itself: ${id} → ${id}` });
    else if (!bundledBefore.has(id) && components.get(id)?.lifecycleStatus === 'Retired') {
      problems.push({ field, problem: `productOffering ${id} is Retired: it can no longer be bundled` });
    }
  });
  return problems;
}

/**
 * Going on sale (a new offering created Active or Launched, or a patch into either) needs
 * everything a customer would buy to be sellable too: the specification and every bundle
 * component on sale, and, for an offering that is not a bundle, at least one price on sale
 * that is not a discount. A discount alone charges nothing, and the pricing engine prices only
 * prices on sale (price-selection.ts): an offering launched with In design prices only would
 * be quoted and sold for nothing. A bundle may carry only a discount: its components bring
 * their prices. A 409: the request is fine, the catalog is not ready for it yet.
 */
export function checkOfferingReadyForSale(before: ProductOffering | undefined, after: ProductOffering, references: OfferingReferences): void {
  if (!goesOnSale(before, after)) return;
  const missing: string[] = [];
  const specificationId = after.productSpecification?.id;
  const specification = specificationId === undefined ? undefined : references.productSpecifications.get(specificationId);
  if (specification && !isOnSale(specification.lifecycleStatus)) {
    missing.push(`productSpecification ${specification.id} is ${specification.lifecycleStatus}`);
  }
  for (const id of bundledIdsOf(after)) {
    const component = references.bundledOfferings.get(id);
    if (component && !isOnSale(component.lifecycleStatus)) missing.push(`bundled productOffering ${id} is ${component.lifecycleStatus}`);
  }
  if (!after.isBundle) {
    const chargeable = priceIdsOf(after).some((id) => {
      const price = references.prices.get(id);
      return price !== undefined && isOnSale(price.lifecycleStatus) && price.priceType !== 'discount';
    });
    if (!chargeable) missing.push('it has no price on sale (Active or Launched) that is not a discount');
  }
  if (missing.length > 0) {
    throw new RuleViolationError(
      'offering-not-ready',
      `productOffering ${after.id} cannot be ${after.lifecycleStatus}: ${missing.join('; ')}. Put them on sale first, or keep the offering In design`,
    );
  }
}
