import { apiHandler } from '../lib/http/api-handler.js';
import { productSpecificationAttributes } from './catalog-list-attributes.js';
import { catalogListUseCase } from './catalog-http.js';

/**
 * TMF620 GET /productSpecification, filterable by lifecycleStatus, name, brand, productNumber
 * isBundle and every other scalar attribute; customers list only specifications on sale.
 */
export const handler = apiHandler(
  catalogListUseCase('ProductSpecification', ['brand', 'productNumber', { name: 'isBundle', valueType: 'boolean' }], productSpecificationAttributes),
);
