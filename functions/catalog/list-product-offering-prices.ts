import { apiHandler } from '../lib/http/api-handler.js';
import { productOfferingPriceAttributes } from './catalog-list-attributes.js';
import { catalogListUseCase } from './catalog-http.js';

/** TMF620 GET /productOfferingPrice: one gsi1 Query, filters `lifecycleStatus`, `name`, `priceType` and every other scalar attribute; customers see only prices on sale. */
export const handler = apiHandler(catalogListUseCase('ProductOfferingPrice', ['priceType'], productOfferingPriceAttributes));
