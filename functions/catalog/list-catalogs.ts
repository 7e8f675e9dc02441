import { apiHandler } from '../lib/http/api-handler.js';
import { catalogAttributes } from './catalog-list-attributes.js';
import { catalogListUseCase } from './catalog-http.js';

/** TMF620 GET /catalog, filterable by lifecycleStatus, name, catalogType and every other scalar attribute; customers list only catalogs on sale. */
export const handler = apiHandler(catalogListUseCase('Catalog', ['catalogType'], catalogAttributes));
