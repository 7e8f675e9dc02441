import { communicationPreferencesOf } from '../../domain/communication/communication-preferences.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findCommunicationPreferences } from '../lib/store/communication-preferences-store.js';
import { findCustomer } from '../lib/store/customer-store.js';

/**
 * GET /customers/v1/customer/{id}/communicationPreferences (docs/communication.md, "Preferences"):
 * every kind of message the BSS sends customers, whether the customer accepts it by e-mail and by
 * SMS, and whether it is mandatory; the defaults for what it never chose. Two key lookups side by
 * side; the ETag is the preferences' version (W/"0" while the customer never chose), the If-Match
 * of the PUT. A customer reads its own only (another's answers 404).
 */
async function getCommunicationPreferences({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const [customer, preferences] = await Promise.all([findCustomer(id), findCommunicationPreferences(id)]);
  if (!customer) throw ApiError.notFound('customer', id);
  return jsonResponse(200, communicationPreferencesOf(id, preferences.stored), { ETag: etagOf(preferences.version) });
}

export const handler = apiHandler(getCommunicationPreferences);
