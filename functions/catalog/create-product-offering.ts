import { categoryIdsOf, createProductOffering, productOfferingCreateSchema, type ProductOfferingCreate } from '../../domain/catalog/product-offering.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { catalogCreateUseCase } from './catalog-create-use-case.js';
import type { CatalogWriteContext } from './catalog-http.js';
import { checkProductOfferingReferences } from './product-offering-references.js';
import { productOfferingCreatedEvents } from './product-offering-events.js';

/**
 * TMF620 POST /productOffering (admins): checks what the offering refers to (specification,
 * categories, prices, bundle components), then stores it with ProductOfferingCreated in one
 * transaction. Its category ids are copied to `categoryIds` for the `category.id` filter.
 */
async function createOffering(input: ProductOfferingCreate, { id, now, eventOrigin }: CatalogWriteContext & { id: string }) {
  const offering = createProductOffering(input, id, now);
  await checkProductOfferingReferences(undefined, offering);
  return {
    resource: offering,
    events: productOfferingCreatedEvents(offering, eventOrigin),
    listAttributes: { categoryIds: categoryIdsOf(offering) },
  };
}

export const handler = apiHandler(catalogCreateUseCase({ kind: 'ProductOffering', createSchema: productOfferingCreateSchema, create: createOffering }));
