import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/** Events of the orders context (TMF622 orders and their cancellations), source bss.orders. */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

const orderSnapshot = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  state: z.string(),
  orderDate: z.string(),
  customerId: z.string(),
  billingAccountId: z.string(),
  requestedStartDate: z.optional(z.string()),
  items: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      productOfferingId: z.optional(z.string()),
      productId: z.string(),
      quantity: z.int(),
    }),
  ),
  upfrontAmount: money,
}));

/** Captured and acknowledged; the order-to-cash saga starts on it. */
export const ProductOrderCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.orders',
  detailType: 'ProductOrderCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ order: orderSnapshot })),
});

const stateChange = /* @__PURE__ */ shapeOnFirstUse(() => ({
  orderId: z.string(),
  customerId: z.string(),
  from: z.string(),
  to: z.string(),
  reason: z.optional(z.string()),
}));

/** Every change of an order's state, final ones included. */
export const OrderStateChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.orders',
  detailType: 'OrderStateChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object(stateChange())),
});

const closing = /* @__PURE__ */ z.lazy(() => z.object({
  orderId: z.string(),
  customerId: z.string(),
  billingAccountId: z.string(),
  reason: z.optional(z.string()),
  completedItems: z.array(z.string()),
  failedItems: z.array(z.string()),
}));

export const OrderCompleted = /* @__PURE__ */ defineEvent({ source: 'bss.orders', detailType: 'OrderCompleted', schemaVersion: '1.0', dataSchema: closing });
export const OrderPartiallyCompleted = /* @__PURE__ */ defineEvent({
  source: 'bss.orders',
  detailType: 'OrderPartiallyCompleted',
  schemaVersion: '1.0',
  dataSchema: closing,
});
export const OrderFailed = /* @__PURE__ */ defineEvent({ source: 'bss.orders', detailType: 'OrderFailed', schemaVersion: '1.0', dataSchema: closing });
export const OrderCancelled = /* @__PURE__ */ defineEvent({ source: 'bss.orders', detailType: 'OrderCancelled', schemaVersion: '1.0', dataSchema: closing });

/** A cancellation was asked for and accepted; the saga unwinds the order. */
export const OrderCancellationRequested = /* @__PURE__ */ defineEvent({
  source: 'bss.orders',
  detailType: 'OrderCancellationRequested',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ orderId: z.string(), customerId: z.string(), cancelProductOrderId: z.string(), reason: z.optional(z.string()) })),
});
