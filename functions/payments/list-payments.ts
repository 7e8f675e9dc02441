import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { paymentAttributes } from './payment-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listPayments } from '../lib/store/payment-store.js';

const ownerFilter = 'payer.id';
const filterable = [ownerFilter, 'account.id', 'correlatorId', 'status'] as const;

/**
 * TMF676 GET /payment. `payer.id` selects customers' payments (one gsi2 Query per customer);
 * a customer token is always narrowed to its own payments. `correlatorId` is the order id.
 */
async function listPaymentsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, paymentAttributes);
  const page = await listOwnedResources(query, principal, ownerFilter, listPayments, (payment) => payment.paymentDate);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listPaymentsUseCase);
