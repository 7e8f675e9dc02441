import { ProductOrderCreated } from '../../domain/events/order-events.js';
import { moneyToTmf } from '../../domain/money/money.js';
import { loadMoney } from '../../domain/orders/order-fulfilment.js';
import { orderCustomerId, type ProductOrder } from '../../domain/orders/product-order.js';
import type { ProductOrderCreate } from '../../domain/orders/product-order-request.js';
import type { Principal } from '../lib/auth/principal.js';
import { newId } from '../lib/ids.js';
import { insertProductOrder } from '../lib/store/product-order-store.js';
import { captureProductOrder } from './capture-product-order.js';

/**
 * Places a TMF622 order (docs/orders.md): captureProductOrder checks and prices it, and it is
 * stored `acknowledged` with ProductOrderCreated, which starts the order-to-cash saga. Used by
 * POST /productOrder and by onboarding's first order.
 *
 * DynamoDB round trips: those of the capture (capture-product-order.ts), then the write.
 */
export async function placeProductOrder(
  input: ProductOrderCreate,
  context: {
    principal: Principal;
    correlationId: string;
    /** The capture instant; by default the customer's time (its test clock's, or the system's). */
    now?: string;
    /** Given by a caller that must place the order once (onboarding's retried step). */
    orderId?: string;
  },
): Promise<{ order: ProductOrder; version: number }> {
  const id = context.orderId ?? newId();
  const { order, fulfilment, account, now } = await captureProductOrder(input, { principal: context.principal, id, ...(context.now !== undefined ? { now: context.now } : {}) });
  const created = ProductOrderCreated.create(
    {
      order: {
        id: order.id,
        href: order.href,
        state: order.state,
        orderDate: order.orderDate,
        customerId: orderCustomerId(order),
        billingAccountId: account.id,
        ...(order.requestedStartDate ? { requestedStartDate: order.requestedStartDate } : {}),
        items: fulfilment.items.map((item) => ({
          id: item.itemId,
          action: item.action,
          ...(item.productOffering ? { productOfferingId: item.productOffering.id } : {}),
          productId: item.productId,
          quantity: item.quantity,
        })),
        upfrontAmount: moneyToTmf(loadMoney(fulfilment.upfront)),
      },
    },
    { eventId: newId(), occurredAt: now, correlationId: context.correlationId },
  );
  await insertProductOrder(order, fulfilment, created);
  return { order, version: 1 };
}
