import { apiHandler } from '../lib/http/api-handler.js';
import { catalogListUseCase } from './catalog-http.js';

/**
 * TMF620 GET /productSpecification, filterable by lifecycleStatus, name, brand, productNumber
 * and isBundle; customers list only specifications on sale.
 */
export const handler = apiHandler(
  catalogListUseCase('ProductSpecification', ['brand', 'productNumber', { name: 'isBundle', valueType: 'boolean' }]),
);
