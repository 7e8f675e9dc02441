import { apiHandler } from '../lib/http/api-handler.js';
import { catalogListUseCase } from './catalog-http.js';

/** TMF620 GET /catalog, filterable by lifecycleStatus, name and catalogType; customers list only catalogs on sale. */
export const handler = apiHandler(catalogListUseCase('Catalog', ['catalogType']));
