import { apiHandler } from '../lib/http/api-handler.js';
import { catalogGetUseCase } from './catalog-http.js';

/** TMF620 GET /category/{id}: one key lookup; customers see only categories on sale. */
export const handler = apiHandler(catalogGetUseCase('Category'));
