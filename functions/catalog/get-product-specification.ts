import { apiHandler } from '../lib/http/api-handler.js';
import { catalogGetUseCase } from './catalog-http.js';

/** TMF620 GET /productSpecification/{id}: one key lookup; customers see only specifications on sale. */
export const handler = apiHandler(catalogGetUseCase('ProductSpecification'));
