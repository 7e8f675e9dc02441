import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findVisibleSubscription, hubApiOf } from './hub-access.js';

/** GET /tmf-api/<api>/v4/hub/{id} (an extension: TMF630 defines only POST and DELETE): the subscription, without its secret. */
async function getSubscription({ event, principal }: ApiRequest) {
  const stored = await findVisibleSubscription(principal, hubApiOf(event), event.pathParameters?.id ?? '');
  return jsonResponse(200, stored.subscription);
}

export const handler = apiHandler(getSubscription);
