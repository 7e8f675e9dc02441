import { apiHandler } from '../lib/http/api-handler.js';
import { catalogGetUseCase } from './catalog-http.js';

/** TMF620 GET /productOffering/{id}: one GetItem; customers see only offerings on sale. */
export const handler = apiHandler(catalogGetUseCase('ProductOffering'));
