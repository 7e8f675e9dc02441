import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { OrderCancellationRequested, OrderStateChanged } from '../../domain/events/order-events.js';
import {
  cancelProductOrderCreateAccess,
  cancelProductOrderCreateSchema,
  newCancelProductOrder,
  type CancelProductOrder,
  type CancelProductOrderCreate,
} from '../../domain/orders/cancel-product-order.js';
import { requestCancellation } from '../../domain/orders/order-lifecycle.js';
import { orderCustomerId } from '../../domain/orders/product-order.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { cancelProductOrderPut, findProductOrder, updateProductOrder } from '../lib/store/product-order-store.js';
import { StaleVersionError } from '../lib/store/store-errors.js';

/**
 * TMF622 POST /cancelProductOrder. Accepted while nothing of the order has gone to
 * provisioning: the order goes to pendingCancellation in the same transaction as the request
 * (201, state inProgress), and the order-to-cash saga, at its next gate, voids the payment,
 * releases the stock and cancels the order (the request then reads `done`). Refused after:
 * 409 with the reason, and the refused request is not kept.
 *
 * The gate and this request both write the order with a version check, so exactly one wins; a
 * request that loses to another move of the order reads it again (up to three times).
 */
async function createCancelProductOrder({ event, principal, correlationId }: ApiRequest) {
  const input = parseBody(event, 'create', cancelProductOrderCreateSchema);
  requireWritable(principal, cancelProductOrderCreateAccess, input, 'cancelProductOrder');
  // The saga may move the order on (acknowledged → inProgress) between the read and the write:
  // read again and decide again, since that move does not take the cancellation's right away.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const request = await cancelOnce(input, principal, correlationId);
      metrics.addMetric('ProductOrderCancellationsAccepted', MetricUnit.Count, 1);
      return jsonResponse(201, request, { Location: request.href });
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      if (attempt === maxAttempts) {
        throw new RuleViolationError('order-moved-on', `order ${input.productOrder.id} kept changing while the cancellation was being recorded; read it and try again`);
      }
    }
  }
}

const maxAttempts = 3;

async function cancelOnce(input: CancelProductOrderCreate, principal: Principal, correlationId: string): Promise<CancelProductOrder> {
  const orderId = input.productOrder.id;
  const stored = await findProductOrder(orderId, { consistent: true });
  const customerId = stored ? orderCustomerId(stored.order) : undefined;
  if (!stored || !customerId || (!isStaff(principal) && principal.customerId !== customerId)) {
    throw ApiError.badRequest(`product order ${orderId} does not exist`, [{ field: 'productOrder.id', problem: 'unknown product order' }]);
  }
  const now = await customerNow(stored.fulfilment.testClockId);
  const order = requestCancellation(stored.order, { provisioningStarted: stored.saga.provisioningStarted === true }, input.cancellationReason, now);
  const request = newCancelProductOrder(input, { id: newId(), now, customerId });
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const reason = input.cancellationReason ? { reason: input.cancellationReason } : {};
  await updateProductOrder({
    order,
    expectedVersion: stored.version,
    saga: { ...stored.saga, cancelProductOrderId: request.id },
    also: [cancelProductOrderPut(request)],
    events: [
      OrderStateChanged.create({ orderId, customerId, from: stored.order.state, to: order.state, ...reason }, origin()),
      OrderCancellationRequested.create({ orderId, customerId, cancelProductOrderId: request.id, ...reason }, origin()),
    ],
  });
  return request;
}

export const handler = apiHandler(idempotentOnKey('create-cancel-product-order', createCancelProductOrder));
