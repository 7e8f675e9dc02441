import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { communicationMessageAttributes } from './communication-message-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listCommunicationMessages } from '../lib/store/communication-message-store.js';

const ownerFilter = 'receiver.id';
const filterable = [ownerFilter, 'messageType', 'state', 'billingAccount.id'] as const;

/**
 * TMF681 GET /communicationMessage. `receiver.id` selects customers' messages (one gsi2 Query
 * per customer); a customer token is always narrowed to what was sent to it.
 */
async function listCommunicationMessagesUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, communicationMessageAttributes);
  const page = await listOwnedResources(query, principal, ownerFilter, listCommunicationMessages, (message) => message.sendTime);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listCommunicationMessagesUseCase);
