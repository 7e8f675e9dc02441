import * as z from '../shared/zod.js';
import { productStatuses } from '../product-inventory/product.js';
import { defineEvent } from './domain-event.js';

/**
 * Events of the product inventory (TMF637 products), source bss.products. The snapshot carries
 * what billing needs to charge the product without reading it back: its account, customer and
 * the prices it was sold at.
 */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));
const status = /* @__PURE__ */ z.lazy(() => z.enum(productStatuses));

export const productPriceSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  name: z.string(),
  priceType: z.string(),
  recurringChargePeriod: z.optional(z.string()),
  recurringChargePeriodLength: z.optional(z.int()),
  unitOfMeasure: z.optional(z.string()),
  dutyFreeAmount: money,
  taxIncludedAmount: money,
  productOfferingPriceId: z.string(),
}));

export const productSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  status,
  productOfferingId: z.string(),
  billingAccountId: z.string(),
  customerId: z.string(),
  productOrderId: z.string(),
  orderItemId: z.string(),
  quantity: z.int().check(z.positive()),
  startDate: z.optional(z.string()),
  terminationDate: z.optional(z.string()),
  productPrice: z.array(productPriceSnapshotSchema),
  realizingServiceIds: z.array(z.string()),
}));
export type ProductSnapshot = z.infer<typeof productSnapshotSchema>;

/** Every status move of a product; ProductActivated and ProductTerminated come with the moves they name. */
export const ProductStatusChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.products',
  detailType: 'ProductStatusChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    productId: z.string(),
    customerId: z.string(),
    billingAccountId: z.string(),
    from: status,
    to: status,
    reason: z.optional(z.string()),
  })),
});

/** The product became active for the first time: billing starts charging its prices from `startDate`. */
export const ProductActivated = /* @__PURE__ */ defineEvent({
  source: 'bss.products',
  detailType: 'ProductActivated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ product: productSnapshotSchema })),
});

/** The product was terminated: billing stops charging it at `terminationDate`. */
export const ProductTerminated = /* @__PURE__ */ defineEvent({
  source: 'bss.products',
  detailType: 'ProductTerminated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ product: productSnapshotSchema, reason: z.optional(z.string()) })),
});

/** A plan change: the product took another offering and its prices from `effectiveDate`; billing charges the new prices from then on. */
export const ProductChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.products',
  detailType: 'ProductChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    product: productSnapshotSchema,
    previousProductOfferingId: z.string(),
    productOrderId: z.string(),
    effectiveDate: z.string(),
  })),
});
