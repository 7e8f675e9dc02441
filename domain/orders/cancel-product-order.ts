import * as z from '../shared/zod.js';
import type { WriteAccess } from '../shared/write-access.js';
import { productOrderPath } from './product-order.js';

/**
 * TMF622 CancelProductOrder: a request to cancel an order, accepted while nothing of the order
 * has been provisioned (docs/orders.md). Its state is a TMF622 TaskStateType: `inProgress`
 * while the saga unwinds the order, `done` once it is cancelled, `terminatedWithError` when
 * the order went past the point of no return first.
 */
export const cancelProductOrderPath = '/tmf-api/productOrderingManagement/v4/cancelProductOrder';

export const cancelProductOrderCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  productOrder: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(1024))),
    '@referredType': z.optional(z.string().check(z.maxLength(64))),
  }),
  cancellationReason: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  requestedCancellationDate: z.optional(z.iso.datetime({ offset: true })),
  '@type': z.optional(z.literal('CancelProductOrder')),
}));
export type CancelProductOrderCreate = z.infer<typeof cancelProductOrderCreateSchema>;

/** A customer cancels its own orders (checked against the order's customer), like staff. */
export const cancelProductOrderCreateAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: { productOrder: true, cancellationReason: true, requestedCancellationDate: true, '@type': true },
};

export type CancellationState = 'acknowledged' | 'inProgress' | 'done' | 'terminatedWithError';

export interface CancelProductOrder {
  id: string;
  href: string;
  '@type': 'CancelProductOrder';
  state: CancellationState;
  productOrder: { id: string; href: string; '@referredType': 'ProductOrder' };
  cancellationReason?: string;
  requestedCancellationDate: string;
  effectiveCancellationDate?: string;
  /** Extension: the customer owning the order, so a customer sees only its own requests. */
  customerId: string;
  /** Extension: why the cancellation could not be done. */
  stateReason?: string;
}

export function newCancelProductOrder(input: CancelProductOrderCreate, context: { id: string; now: string; customerId: string }): CancelProductOrder {
  return {
    id: context.id,
    href: `${cancelProductOrderPath}/${context.id}`,
    '@type': 'CancelProductOrder',
    state: 'inProgress',
    productOrder: { id: input.productOrder.id, href: `${productOrderPath}/${input.productOrder.id}`, '@referredType': 'ProductOrder' },
    ...(input.cancellationReason ? { cancellationReason: input.cancellationReason } : {}),
    requestedCancellationDate: input.requestedCancellationDate ?? context.now,
    customerId: context.customerId,
  };
}
