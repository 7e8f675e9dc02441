import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { productOrderCreateAccess, productOrderCreateSchema } from '../../domain/orders/product-order-request.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { metrics } from '../lib/observability/telemetry.js';
import { placeProductOrder } from './place-product-order.js';

/**
 * TMF622 POST /productOrder: 201 with the order `acknowledged` and priced; the order-to-cash
 * saga takes it from there. Staff order for any account, a customer for its own. The same
 * Idempotency-Key replays the first answer, so a retried POST never places a second order.
 */
async function createProductOrder({ event, principal, correlationId }: ApiRequest) {
  const input = parseBody(event, 'create', productOrderCreateSchema);
  requireWritable(principal, productOrderCreateAccess, input, 'productOrder');
  const { order, version } = await placeProductOrder(input, { principal, correlationId });
  metrics.addMetric('ProductOrdersCaptured', MetricUnit.Count, 1);
  return jsonResponse(201, order, { Location: order.href, ETag: etagOf(version) });
}

export const handler = apiHandler(idempotentOnKey('create-product-order', createProductOrder));
