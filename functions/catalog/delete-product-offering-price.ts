import { applyProductOfferingPricePatch, type ProductOfferingPrice } from '../../domain/catalog/product-offering-price.js';
import { ProductOfferingPriceDeleted } from '../../domain/events/catalog-events.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { catalogDeleteUseCase } from './catalog-http.js';
import { findCatalogReferrers } from './catalog-referrers.js';
import { productOfferingPriceChangedEvents, productOfferingPriceSnapshot } from './product-offering-price-events.js';

/**
 * TMF620 DELETE /productOfferingPrice/{id} (admins, If-Match): an In design price no offering
 * lists and no discount names is removed (ProductOfferingPriceDeleted); a price on sale that
 * nothing on sale lists is retired (ProductOfferingPriceUpdated and ProductOfferingPriceRetired);
 * 409 naming the offerings and prices otherwise (domain/catalog/catalog-removal.ts). Products
 * sold at a price keep reading it: an offering lists it for good once on sale.
 */
export const handler = apiHandler(
  catalogDeleteUseCase({
    kind: 'ProductOfferingPrice',
    referrers: (id) => findCatalogReferrers('productOfferingPrice', id),
    retire: (current: ProductOfferingPrice, { now, eventOrigin }) => {
      const change = applyProductOfferingPricePatch(current, { lifecycleStatus: 'Retired' }, now);
      return { resource: change.price, events: productOfferingPriceChangedEvents(current, change, eventOrigin) };
    },
    removed: (current, { eventOrigin }) => [
      ProductOfferingPriceDeleted.create({ productOfferingPrice: productOfferingPriceSnapshot(current) }, eventOrigin()),
    ],
  }),
);
