import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { refundAttributes } from './payment-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listRefunds } from '../lib/store/payment-store.js';

const ownerFilter = 'relatedParty.id';
const filterable = [ownerFilter, 'account.id', 'correlatorId', 'status', 'payment.id'] as const;

/**
 * TMF676 GET /refund. `relatedParty.id` selects customers' refunds (one gsi2 Query per
 * customer); a customer token is always narrowed to its own refunds.
 */
async function listRefundsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, refundAttributes);
  const page = await listOwnedResources(query, principal, ownerFilter, listRefunds, (refund) => refund.refundDate);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listRefundsUseCase);
