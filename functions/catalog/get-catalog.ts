import { apiHandler } from '../lib/http/api-handler.js';
import { catalogGetUseCase } from './catalog-http.js';

/** TMF620 GET /catalog/{id}: one key lookup; customers see only catalogs on sale. */
export const handler = apiHandler(catalogGetUseCase('Catalog'));
