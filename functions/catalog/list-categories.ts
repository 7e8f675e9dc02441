import { apiHandler } from '../lib/http/api-handler.js';
import { categoryAttributes } from './catalog-list-attributes.js';
import { catalogListUseCase } from './catalog-http.js';

/**
 * TMF620 GET /category, filterable by lifecycleStatus, name, parentId (the children of a
 * category), isRoot (the top of the tree) and every other scalar attribute; customers list only categories on sale.
 */
export const handler = apiHandler(catalogListUseCase('Category', ['parentId', { name: 'isRoot', valueType: 'boolean' }], categoryAttributes));
