import * as z from '../shared/zod.js';
import { CustomerBillIssued } from './billing-events.js';
import { PaymentReceived } from './collections-events.js';
import { CustomerCreated } from './customer-events.js';
import type { EventType } from './domain-event.js';
import { OrderCancelled, OrderCompleted, OrderFailed, OrderPartiallyCompleted } from './order-events.js';
import { ProductActivated, ProductTerminated } from './product-inventory-events.js';

/**
 * What partner accounts may receive (docs/events.md, "Partners"): a partner event is the
 * partner-facing shape of one domain event, drawn from it by `project` and published with
 * source `bss.partner` and the domain event's detail-type. Each shape is a strict schema of ids,
 * states, dates and amounts: no name, e-mail, phone number, address, payment token, credit
 * score or free text, and no correlation id (it is the client's). Partner rules forward only
 * `bss.partner` events, and only the detail-types each partner is allowed, so a domain event
 * never leaves the account as it is, and a field added to a domain event reaches no partner
 * until someone adds it here.
 *
 * Events about customers on test clocks stay home: `project` answers undefined for them.
 */
export const partnerEventSource = 'bss.partner';

export interface PartnerEventType {
  detailType: string;
  /** The domain event it is drawn from. */
  from: EventType<z.ZodMiniType>;
  schemaVersion: string;
  dataSchema: z.ZodMiniType;
  /** The partner data of a domain event's data; undefined when the event is not for partners. */
  project(data: unknown): unknown;
}

function partnerEvent<TFrom extends z.ZodMiniType, TData extends z.ZodMiniType>(
  from: EventType<TFrom>,
  definition: { schemaVersion: string; dataSchema: TData; project: (data: z.infer<TFrom>) => z.infer<TData> | undefined },
): PartnerEventType {
  return {
    detailType: from.detailType,
    from,
    schemaVersion: definition.schemaVersion,
    dataSchema: definition.dataSchema,
    project: (data) => {
      const projected = definition.project(data as z.infer<TFrom>);
      return projected === undefined ? undefined : definition.dataSchema.parse(projected);
    },
  };
}

const money = /* @__PURE__ */ z.lazy(() => z.strictObject({ unit: z.string(), value: z.number() }));
const onTestClock = (testClockId: string | undefined) => testClockId !== undefined;

const orderClosing = /* @__PURE__ */ z.lazy(() => z.strictObject({
  orderId: z.string(),
  customerId: z.string(),
  billingAccountId: z.string(),
  completedItems: z.array(z.string()),
  failedItems: z.array(z.string()),
}));
// The closing reason is left out: it is written for staff and may quote what the customer sent.
const closingOf = (data: z.infer<typeof OrderCompleted.dataSchema>) => ({
  orderId: data.orderId,
  customerId: data.customerId,
  billingAccountId: data.billingAccountId,
  completedItems: data.completedItems,
  failedItems: data.failedItems,
});

const product = /* @__PURE__ */ z.lazy(() => z.strictObject({
  productId: z.string(),
  productOfferingId: z.string(),
  status: z.string(),
  customerId: z.string(),
  billingAccountId: z.string(),
  productOrderId: z.string(),
  quantity: z.int(),
  startDate: z.optional(z.string()),
  terminationDate: z.optional(z.string()),
}));
const productOf = ({ product: snapshot }: z.infer<typeof ProductActivated.dataSchema>) => ({
  productId: snapshot.id,
  productOfferingId: snapshot.productOfferingId,
  status: snapshot.status,
  customerId: snapshot.customerId,
  billingAccountId: snapshot.billingAccountId,
  productOrderId: snapshot.productOrderId,
  quantity: snapshot.quantity,
  ...(snapshot.startDate !== undefined ? { startDate: snapshot.startDate } : {}),
  ...(snapshot.terminationDate !== undefined ? { terminationDate: snapshot.terminationDate } : {}),
});

export const partnerEventCatalog: readonly PartnerEventType[] = [
  partnerEvent(CustomerCreated, {
    schemaVersion: '1.0',
    dataSchema: /* @__PURE__ */ z.lazy(() => z.strictObject({ customerId: z.string(), status: z.string() })),
    project: ({ customer }) => (onTestClock(customer.testClockId) ? undefined : { customerId: customer.id, status: customer.status }),
  }),
  ...[OrderCompleted, OrderPartiallyCompleted, OrderFailed, OrderCancelled].map((from) => partnerEvent(from, { schemaVersion: '1.0', dataSchema: orderClosing, project: closingOf })),
  ...[ProductActivated, ProductTerminated].map((from) =>
    partnerEvent(from, { schemaVersion: '1.0', dataSchema: product, project: (data: z.infer<typeof ProductActivated.dataSchema>) => productOf(data) }),
  ),
  partnerEvent(CustomerBillIssued, {
    schemaVersion: '1.0',
    dataSchema: /* @__PURE__ */ z.lazy(() => z.strictObject({
      billId: z.string(),
      billNo: z.string(),
      billDate: z.string(),
      paymentDueDate: z.string(),
      state: z.string(),
      billingAccountId: z.string(),
      customerId: z.string(),
      amountDue: money,
      taxExcludedAmount: money,
      taxIncludedAmount: money,
    })),
    project: ({ bill }) =>
      onTestClock(bill.testClockId)
        ? undefined
        : {
            billId: bill.id,
            billNo: bill.billNo,
            billDate: bill.billDate,
            paymentDueDate: bill.paymentDueDate,
            state: bill.state,
            billingAccountId: bill.billingAccountId,
            customerId: bill.customerId,
            amountDue: bill.amountDue,
            taxExcludedAmount: bill.taxExcludedAmount,
            taxIncludedAmount: bill.taxIncludedAmount,
          },
  }),
  partnerEvent(PaymentReceived, {
    schemaVersion: '1.0',
    dataSchema: /* @__PURE__ */ z.lazy(() => z.strictObject({
      paymentId: z.string(),
      paymentDate: z.string(),
      channel: z.string(),
      billingAccountId: z.string(),
      customerId: z.string(),
      totalAmount: money,
      unappliedAmount: money,
      bills: z.array(z.strictObject({ billId: z.string(), appliedAmount: money, remainingAmount: money, state: z.string() })),
    })),
    project: ({ payment, bills }) =>
      onTestClock(payment.testClockId)
        ? undefined
        : {
            paymentId: payment.id,
            paymentDate: payment.paymentDate,
            channel: payment.channel,
            billingAccountId: payment.billingAccountId,
            customerId: payment.customerId,
            totalAmount: payment.totalAmount,
            unappliedAmount: payment.unappliedAmount,
            bills: bills.map((bill) => ({ billId: bill.id, appliedAmount: bill.appliedAmount, remainingAmount: bill.remainingAmount, state: bill.state })),
          },
  }),
];

/** The detail-types a partner may be subscribed to. */
export const partnerDetailTypes: readonly string[] = partnerEventCatalog.map((type) => type.detailType);

export const partnerEventMetadataSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  /** Derived from the domain event's id: a redelivered domain event gives the same partner event id. */
  eventId: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  schemaVersion: z.string().check(z.regex(/^\d+\.\d+$/)),
}));

export function partnerEventTypeOf(source: string, detailType: string): PartnerEventType | undefined {
  return partnerEventCatalog.find((type) => type.from.source === source && type.detailType === detailType);
}

/** The partner contract as JSON Schemas, one per detail-type, for subscribers. */
export function partnerEventJsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    partnerEventCatalog.map((type) => [
      `${partnerEventSource}/${type.detailType}`,
      {
        title: type.detailType,
        'x-source': partnerEventSource,
        'x-schema-version': type.schemaVersion,
        ...z.toJSONSchema(z.strictObject({ metadata: partnerEventMetadataSchema, data: type.dataSchema })),
      },
    ]),
  );
}
