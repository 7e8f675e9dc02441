import { bundleCycleProblems } from '../../domain/catalog/bundle-cycle.js';
import type { ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import {
  checkOfferingReadyForSale,
  offeringReferencesToResolve,
  productOfferingReferenceProblems,
  type OfferingReferences,
  type ReferencedResource,
} from '../../domain/catalog/product-offering-references.js';
import { bundledIdsOf, type ProductOffering } from '../../domain/catalog/product-offering.js';
import { sameJson } from '../../domain/catalog/attribute-changes.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogCurrencies } from './catalog-currencies.js';

/**
 * Checks what an offering refers to before it is written (create: `before` undefined): the
 * references are read in parallel, one BatchGetItem per kind; reference problems are a 400,
 * a bundle cycle is a 400 naming the path, an offering not ready for sale a 409. Nothing is
 * written when any check fails.
 */
export async function checkProductOfferingReferences(before: ProductOffering | undefined, after: ProductOffering): Promise<void> {
  const ids = offeringReferencesToResolve(before, after);
  const [productSpecifications, categories, prices, bundledOfferings] = await Promise.all([
    findCatalogResources<ReferencedResource>('ProductSpecification', ids.productSpecification),
    findCatalogResources<ReferencedResource>('Category', ids.category),
    findCatalogResources<ProductOfferingPrice>('ProductOfferingPrice', ids.productOfferingPrice),
    findCatalogResources<ProductOffering>('ProductOffering', ids.bundledProductOffering),
  ]);
  const references: OfferingReferences = { productSpecifications, categories, prices, bundledOfferings };
  rejectFieldProblems(
    productOfferingReferenceProblems(before, after, references, { catalogCurrencies: catalogCurrencies() }),
    'the offering refers to resources it cannot use',
  );
  // A new offering has a fresh id nothing can bundle yet, so only a patch can close a cycle.
  if (before && !sameJson(before.bundledProductOffering, after.bundledProductOffering)) {
    const graph = await loadBundleGraph(after, bundledOfferings);
    rejectFieldProblems(bundleCycleProblems(after.id, bundledIdsOf(after), (id) => graph.get(id)), 'the offering cannot bundle these offerings');
  }
  checkOfferingReadyForSale(before, after, references);
}

/**
 * The components of every offering reachable below the first level, read level by level
 * (one BatchGetItem each) until no new offering turns up. Offerings that are not bundles end
 * a branch, so a plain bundle of plans needs no read beyond its components.
 */
async function loadBundleGraph(offering: ProductOffering, firstLevel: ReadonlyMap<string, ProductOffering>): Promise<Map<string, string[]>> {
  // The offering being written counts with its new components, never as stored.
  const graph = new Map<string, string[]>([[offering.id, bundledIdsOf(offering)]]);
  let level: Iterable<ProductOffering> = firstLevel.values();
  for (;;) {
    const unknown = new Set<string>();
    for (const component of level) {
      const components = bundledIdsOf(component);
      graph.set(component.id, components);
      for (const id of components) if (!graph.has(id)) unknown.add(id);
    }
    for (const id of graph.keys()) unknown.delete(id);
    if (unknown.size === 0) return graph;
    const found = await findCatalogResources<ProductOffering>('ProductOffering', unknown);
    for (const id of unknown) if (!found.has(id)) graph.set(id, []);
    level = found.values();
  }
}
