import {
  catalogReferrers,
  referringKinds,
  type CatalogReferrer,
  type CategoryReferenceFields,
  type OfferingReferenceFields,
  type PriceReferenceFields,
  type RemovableCatalogKind,
  type SpecificationReferenceFields,
} from '../../domain/catalog/catalog-removal.js';
import { projectCatalogResources } from '../lib/store/catalog-store.js';

/**
 * The catalog resources that refer to `kind`/`id`: one gsi1 Query per kind that can refer to
 * it (categories; offerings; prices; specifications), in parallel, each projected on its reference
 * attributes. Products and orders are never read (catalog-removal.ts says why).
 */
export async function findCatalogReferrers(kind: RemovableCatalogKind, id: string): Promise<CatalogReferrer[]> {
  const kinds = referringKinds[kind];
  const [categories, offerings, prices, specifications] = await Promise.all([
    kinds.includes('categories') ? projectCatalogResources<CategoryReferenceFields>('Category', ['productOffering']) : [],
    kinds.includes('offerings')
      ? projectCatalogResources<OfferingReferenceFields>('ProductOffering', [
          'productSpecification',
          'bundledProductOffering',
          'productOfferingPrice',
          'prodSpecCharValueUse',
        ])
      : [],
    kinds.includes('prices') ? projectCatalogResources<PriceReferenceFields>('ProductOfferingPrice', ['popRelationship', 'prodSpecCharValueUse']) : [],
    kinds.includes('specifications') ? projectCatalogResources<SpecificationReferenceFields>('ProductSpecification', ['bundledProductSpecification']) : [],
  ]);
  return catalogReferrers(kind, id, { categories, offerings, prices, specifications });
}
