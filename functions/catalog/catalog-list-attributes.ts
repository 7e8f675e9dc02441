import type { Catalog } from '../../domain/catalog/catalog.js';
import type { Category } from '../../domain/catalog/category.js';
import type { ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import type { ProductOffering } from '../../domain/catalog/product-offering.js';
import type { ProductSpecification } from '../../domain/catalog/product-specification.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF620 lists' resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
const catalogEntry = { id: 'text', href: 'text', name: 'text', description: 'text', version: 'text', lifecycleStatus: 'text', lastUpdate: 'instant', validFor: 'structure', '@type': 'text', '@baseType': 'text', '@schemaLocation': 'text', createdAt: 'instant' } as const;

export const productSpecificationAttributes: ResourceAttributes<ProductSpecification> = {
  ...catalogEntry,
  brand: 'text',
  productNumber: 'text',
  isBundle: 'boolean',
  productSpecCharacteristic: 'structure',
  bundledProductSpecification: 'structure',
  relatedParty: 'structure',
};

export const productOfferingAttributes: ResourceAttributes<ProductOffering> = {
  ...catalogEntry,
  statusReason: 'text',
  isBundle: 'boolean',
  isSellable: 'boolean',
  productSpecification: 'structure',
  bundledProductOffering: 'structure',
  productOfferingPrice: 'structure',
  category: 'structure',
  channel: 'structure',
  marketSegment: 'structure',
  place: 'structure',
  prodSpecCharValueUse: 'structure',
  productOfferingTerm: 'structure',
};

export const productOfferingPriceAttributes: ResourceAttributes<ProductOfferingPrice> = {
  ...catalogEntry,
  isBundle: 'boolean',
  priceType: 'text',
  price: 'structure',
  percentage: 'number',
  recurringChargePeriodType: 'text',
  recurringChargePeriodLength: 'number',
  unitOfMeasure: 'structure',
  chargeModel: 'text',
  priceTier: 'structure',
  includedQuantity: 'number',
  minimumCharge: 'structure',
  maximumCharge: 'structure',
  fixedFeePerEvent: 'structure',
  minimumPerEvent: 'structure',
  maximumPerEvent: 'structure',
  freeEventsPerPeriod: 'number',
  rating: 'structure',
  applicationDuration: 'number',
  marketSegment: 'structure',
  popRelationship: 'structure',
  prodSpecCharValueUse: 'structure',
  tax: 'structure',
  taxIncluded: 'boolean',
};

export const catalogAttributes: ResourceAttributes<Catalog> = { ...catalogEntry, catalogType: 'text', category: 'structure', relatedParty: 'structure' };

export const categoryAttributes: ResourceAttributes<Category> = { ...catalogEntry, isRoot: 'boolean', parentId: 'text', subCategory: 'structure', productOffering: 'structure' };
