import { applyOrderPatch } from '../../domain/orders/order-lifecycle.js';
import { orderCustomerId } from '../../domain/orders/product-order.js';
import { productOrderPatchAccess, productOrderPatchSchema } from '../../domain/orders/product-order-request.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findProductOrder, updateProductOrder } from '../lib/store/product-order-store.js';

/**
 * TMF622 PATCH /productOrder/{id} (JSON merge patch, If-Match): description, notes, external id,
 * priority and requested dates, while the order is still acknowledged (409 after). Items and
 * prices never change: cancel the order and place another.
 */
async function patchProductOrder({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findProductOrder(id, { consistent: true });
  if (!stored) throw ApiError.notFound('productOrder', id);
  requireCustomerAccess(principal, orderCustomerId(stored.order), 'productOrder', id);
  const patch = parseBody(event, 'merge-patch', productOrderPatchSchema);
  requireWritable(principal, productOrderPatchAccess, patch, 'productOrder');
  checkIfMatch(event, stored.version);
  const order = applyOrderPatch(stored.order, patch, await customerNow(stored.fulfilment.testClockId));
  // The saga claims the order with a version check too, so a patch racing it is refused (412), never lost.
  const version = await updateProductOrder({ order, expectedVersion: stored.version }).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(200, order, { ETag: etagOf(version) });
}

export const handler = apiHandler(patchProductOrder);
