import { apiHandler } from '../lib/http/api-handler.js';
import { productOfferingAttributes } from './catalog-list-attributes.js';
import { catalogListUseCase } from './catalog-http.js';

/**
 * TMF620 GET /productOffering: one gsi1 Query, filters `lifecycleStatus`, `name`, `isBundle`,
 * `isSellable` and `category.id` (on the `categoryIds` list the writes keep) and every other scalar attribute; customers see
 * only offerings on sale.
 */
export const handler = apiHandler(
  catalogListUseCase('ProductOffering', [
    { name: 'isBundle', valueType: 'boolean' },
    { name: 'isSellable', valueType: 'boolean' },
    { name: 'category.id', listAttribute: 'categoryIds' },
  ], productOfferingAttributes),
);
