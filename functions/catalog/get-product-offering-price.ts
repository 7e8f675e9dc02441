import { apiHandler } from '../lib/http/api-handler.js';
import { catalogGetUseCase } from './catalog-http.js';

/** TMF620 GET /productOfferingPrice/{id}: one GetItem; customers see only prices on sale. */
export const handler = apiHandler(catalogGetUseCase('ProductOfferingPrice'));
