import * as z from '../shared/zod.js';
import { catalogLifecycleStatuses } from '../catalog/catalog-lifecycle.js';
import { defineEvent } from './domain-event.js';

/**
 * Events of the product catalog (TMF620 offerings and their prices), source bss.catalog.
 * The data is a compact snapshot: enough for a subscriber (a sales channel, a cache, billing)
 * to decide whether it cares without reading the resource back.
 */
const lifecycleStatus = /* @__PURE__ */ z.lazy(() => z.enum(catalogLifecycleStatuses));
const validFor = /* @__PURE__ */ z.lazy(() => z.object({ startDateTime: z.optional(z.string()), endDateTime: z.optional(z.string()) }));
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

export const productOfferingSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  lifecycleStatus,
  isBundle: z.boolean(),
  isSellable: z.boolean(),
  productSpecificationId: z.optional(z.string()),
  bundledProductOfferingIds: z.array(z.string()),
  productOfferingPriceIds: z.array(z.string()),
  categoryIds: z.array(z.string()),
  validFor: z.optional(validFor),
}));
export type ProductOfferingSnapshot = z.infer<typeof productOfferingSnapshotSchema>;

export const productOfferingPriceSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  lifecycleStatus,
  priceType: z.string(),
  price: z.optional(money),
  percentage: z.optional(z.number()),
  recurringChargePeriodType: z.optional(z.string()),
  recurringChargePeriodLength: z.optional(z.int()),
  unitOfMeasure: z.optional(z.object({ amount: z.number(), units: z.string() })),
  chargeModel: z.optional(z.string()),
  validFor: z.optional(validFor),
}));
export type ProductOfferingPriceSnapshot = z.infer<typeof productOfferingPriceSnapshotSchema>;

export const ProductOfferingCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOffering: productOfferingSnapshotSchema })),
});

export const ProductOfferingUpdated = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingUpdated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOffering: productOfferingSnapshotSchema, changedAttributes: z.array(z.string()) })),
});

/** Emitted with ProductOfferingUpdated by the patch that retires the offering: it can no longer be sold. */
export const ProductOfferingRetired = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingRetired',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOffering: productOfferingSnapshotSchema, previousLifecycleStatus: lifecycleStatus })),
});

export const ProductOfferingPriceCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingPriceCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOfferingPrice: productOfferingPriceSnapshotSchema })),
});

export const ProductOfferingPriceUpdated = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingPriceUpdated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOfferingPrice: productOfferingPriceSnapshotSchema, changedAttributes: z.array(z.string()) })),
});

/** Emitted with ProductOfferingPriceUpdated by the patch that retires the price; products sold at it keep it. */
export const ProductOfferingPriceRetired = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingPriceRetired',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOfferingPrice: productOfferingPriceSnapshotSchema, previousLifecycleStatus: lifecycleStatus })),
});

/** A DELETE removed an offering that was never on sale (In design, referred to by nothing); a DELETE of one on sale retires it instead. */
export const ProductOfferingDeleted = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingDeleted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOffering: productOfferingSnapshotSchema })),
});

/** A DELETE removed a price that was never on sale and that nothing lists. */
export const ProductOfferingPriceDeleted = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductOfferingPriceDeleted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productOfferingPrice: productOfferingPriceSnapshotSchema })),
});

export const productSpecificationSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  lifecycleStatus,
  isBundle: z.boolean(),
}));
export type ProductSpecificationSnapshot = z.infer<typeof productSpecificationSnapshotSchema>;

/** A patch or a DELETE retired a specification: no new offering can sell it; products sold from it keep it. */
export const ProductSpecificationRetired = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductSpecificationRetired',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productSpecification: productSpecificationSnapshotSchema, previousLifecycleStatus: lifecycleStatus })),
});

/** A DELETE removed a specification that was never on sale and that nothing refers to. */
export const ProductSpecificationDeleted = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ProductSpecificationDeleted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ productSpecification: productSpecificationSnapshotSchema })),
});
