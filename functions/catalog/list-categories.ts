import { apiHandler } from '../lib/http/api-handler.js';
import { catalogListUseCase } from './catalog-http.js';

/**
 * TMF620 GET /category, filterable by lifecycleStatus, name, parentId (the children of a
 * category) and isRoot (the top of the tree); customers list only categories on sale.
 */
export const handler = apiHandler(catalogListUseCase('Category', ['parentId', { name: 'isRoot', valueType: 'boolean' }]));
