import type * as z from '../shared/zod.js';
import { customerBillPath } from '../billing/customer-bill.js';
import { productOfferingPath } from '../catalog/product-offering.js';
import { billingAccountPath } from '../customers/billing-account.js';
import { customerPath } from '../customers/customer.js';
import { CustomerBillIssued } from '../events/billing-events.js';
import { ProductOfferingCreated, ProductOfferingRetired, ProductOfferingUpdated } from '../events/catalog-events.js';
import { PaymentReceived } from '../events/collections-events.js';
import { BillingAccountCreated, BillingAccountStateChanged, BillingAccountUpdated, CustomerCreated, CustomerStatusChanged, CustomerUpdated } from '../events/customer-events.js';
import type { EventMetadata, EventType } from '../events/domain-event.js';
import { OrderCancellationRequested, OrderStateChanged, ProductOrderCreated } from '../events/order-events.js';
import { RefundIssued } from '../events/payment-events.js';
import { ProductActivated, ProductChanged, ProductStatusChanged } from '../events/product-inventory-events.js';
import { SupportCaseOpened, SupportCaseStatusChanged, SupportCaseUpdated } from '../events/support-case-events.js';
import { cancelProductOrderPath } from '../orders/cancel-product-order.js';
import { productOrderPath } from '../orders/product-order.js';
import { paymentPath, refundPath } from '../payments/payment.js';
import { productPath } from '../product-inventory/product.js';
import { troubleTicketPath } from '../support-cases/support-case.js';

/**
 * What a hub subscription (TMF630 "REST API Guidelines", part 4: notifications) receives: one
 * TMF event per domain event that has a TMF counterpart, named as the API's specification names
 * it (`ProductOrderStateChangeEvent`, ...), with the resource it is about under `event`.
 *
 * The resource is a reference with its state, not the full resource: `id`, `href`, `@type`, its
 * state or status when the domain event says it, and the customer as `relatedParty`. A
 * subscriber that wants the rest reads it at `href` with its own token, so what a callback gets
 * never says more than the API would tell the same caller, and no free text written for staff
 * (reasons, notes) goes to a URL outside the system.
 */
export interface TmfEvent {
  /** The domain event's id: a retry or a replay repeats it, so subscribers deduplicate by it. */
  eventId: string;
  eventTime: string;
  eventType: string;
  event: Record<string, TmfEventResource>;
}

export interface TmfEventResource {
  id: string;
  href: string;
  '@type': string;
  state?: string;
  status?: string;
  lifecycleStatus?: string;
  relatedParty?: { id: string; href: string; role: 'Customer'; '@referredType': 'Customer' }[];
}

/** One TMF event type, drawn from one domain event. */
export interface TmfEventType {
  /** The TMF API's name in its base path: /tmf-api/<api>/v4. */
  api: string;
  eventType: string;
  from: EventType<z.ZodMiniType>;
  /** The resource under `event` and the customer it belongs to (none for catalog resources: staff only). */
  describe(data: unknown): { name: string; resource: TmfEventResource; customerId?: string };
}

function tmfEvent<TFrom extends z.ZodMiniType>(
  api: string,
  eventType: string,
  from: EventType<TFrom>,
  describe: (data: z.infer<TFrom>) => { name: string; resource: TmfEventResource; customerId?: string },
): TmfEventType {
  return { api, eventType, from, describe: (data) => describe(data as z.infer<TFrom>) };
}

const customerParty = (customerId: string) => [{ id: customerId, href: `${customerPath}/${customerId}`, role: 'Customer' as const, '@referredType': 'Customer' as const }];

/** A resource of a customer: its reference, the fields given, and the customer as related party. */
const owned = (name: string, type: string, path: string, id: string, customerId: string, fields: Partial<TmfEventResource> = {}) => ({
  name,
  resource: { id, href: `${path}/${id}`, '@type': type, ...fields, relatedParty: customerParty(customerId) },
  customerId,
});

const customerOf = (id: string, status?: string) => ({
  name: 'customer',
  resource: { id, href: `${customerPath}/${id}`, '@type': 'Customer', ...(status !== undefined ? { status } : {}) },
  customerId: id,
});

const offeringOf = ({ productOffering }: z.infer<typeof ProductOfferingCreated.dataSchema>) => ({
  name: 'productOffering',
  resource: { id: productOffering.id, href: `${productOfferingPath}/${productOffering.id}`, '@type': 'ProductOffering', lifecycleStatus: productOffering.lifecycleStatus },
});

const productOf = ({ product }: z.infer<typeof ProductActivated.dataSchema>) =>
  owned('product', 'Product', productPath, product.id, product.customerId, { status: product.status });

const supportCaseOf = ({ supportCase }: Pick<z.infer<typeof SupportCaseOpened.dataSchema>, 'supportCase'>) =>
  // `submitted` is no TMF621 status: the case shows none until an agent acknowledges it.
  owned('troubleTicket', 'TroubleTicket', troubleTicketPath, supportCase.id, supportCase.customerId, supportCase.status === 'submitted' ? {} : { status: supportCase.status });

export const tmfEventCatalog: readonly TmfEventType[] = [
  tmfEvent('customerManagement', 'CustomerCreateEvent', CustomerCreated, ({ customer }) => customerOf(customer.id, customer.status)),
  tmfEvent('customerManagement', 'CustomerAttributeValueChangeEvent', CustomerUpdated, ({ customer }) => customerOf(customer.id, customer.status)),
  tmfEvent('customerManagement', 'CustomerStateChangeEvent', CustomerStatusChanged, ({ customerId, to }) => customerOf(customerId, to)),

  // TMF666 has no BillingAccountCreateEvent: an account opened is its first state change.
  tmfEvent('accountManagement', 'BillingAccountStateChangeEvent', BillingAccountCreated, ({ billingAccount }) =>
    owned('billingAccount', 'BillingAccount', billingAccountPath, billingAccount.id, billingAccount.customerId, { state: billingAccount.state }),
  ),
  tmfEvent('accountManagement', 'BillingAccountAttributeValueChangeEvent', BillingAccountUpdated, ({ billingAccount }) =>
    owned('billingAccount', 'BillingAccount', billingAccountPath, billingAccount.id, billingAccount.customerId, { state: billingAccount.state }),
  ),
  tmfEvent('accountManagement', 'BillingAccountStateChangeEvent', BillingAccountStateChanged, ({ billingAccountId, customerId, to }) =>
    owned('billingAccount', 'BillingAccount', billingAccountPath, billingAccountId, customerId, { state: to }),
  ),

  tmfEvent('productCatalogManagement', 'ProductOfferingCreateEvent', ProductOfferingCreated, offeringOf),
  tmfEvent('productCatalogManagement', 'ProductOfferingAttributeValueChangeEvent', ProductOfferingUpdated, offeringOf),
  tmfEvent('productCatalogManagement', 'ProductOfferingStateChangeEvent', ProductOfferingRetired, offeringOf),

  tmfEvent('productOrderingManagement', 'ProductOrderCreateEvent', ProductOrderCreated, ({ order }) =>
    owned('productOrder', 'ProductOrder', productOrderPath, order.id, order.customerId, { state: order.state }),
  ),
  tmfEvent('productOrderingManagement', 'ProductOrderStateChangeEvent', OrderStateChanged, ({ orderId, customerId, to }) =>
    owned('productOrder', 'ProductOrder', productOrderPath, orderId, customerId, { state: to }),
  ),
  tmfEvent('productOrderingManagement', 'CancelProductOrderCreateEvent', OrderCancellationRequested, ({ cancelProductOrderId, customerId }) =>
    owned('cancelProductOrder', 'CancelProductOrder', cancelProductOrderPath, cancelProductOrderId, customerId),
  ),

  tmfEvent('productInventory', 'ProductCreateEvent', ProductActivated, productOf),
  tmfEvent('productInventory', 'ProductAttributeValueChangeEvent', ProductChanged, productOf),
  tmfEvent('productInventory', 'ProductStateChangeEvent', ProductStatusChanged, ({ productId, customerId, to }) =>
    owned('product', 'Product', productPath, productId, customerId, { status: to }),
  ),

  tmfEvent('customerBillManagement', 'CustomerBillCreateEvent', CustomerBillIssued, ({ bill }) =>
    owned('customerBill', 'CustomerBill', customerBillPath, bill.id, bill.customerId, { state: bill.state }),
  ),

  tmfEvent('paymentManagement', 'PaymentCreateEvent', PaymentReceived, ({ payment }) =>
    owned('payment', 'Payment', paymentPath, payment.id, payment.customerId),
  ),
  tmfEvent('paymentManagement', 'RefundCreateEvent', RefundIssued, ({ refund }) =>
    owned('refund', 'Refund', refundPath, refund.id, refund.customerId, { status: refund.status }),
  ),

  tmfEvent('troubleTicket', 'TroubleTicketCreateEvent', SupportCaseOpened, supportCaseOf),
  tmfEvent('troubleTicket', 'TroubleTicketStatusChangeEvent', SupportCaseStatusChanged, supportCaseOf),
  tmfEvent('troubleTicket', 'TroubleTicketAttributeValueChangeEvent', SupportCaseUpdated, supportCaseOf),
];

/** The TMF event types an API's hub offers, in catalog order, each once. */
export const eventTypesOf = (api: string): string[] => [...new Set(tmfEventCatalog.filter((type) => type.api === api).map((type) => type.eventType))];

/** The domain events that have a TMF counterpart: the pattern of the rule that hands them to the hub's delivery. */
export const hubEventPattern = (): { source: string[]; 'detail-type': string[] } => ({
  source: [...new Set(tmfEventCatalog.map((type) => type.from.source))].sort(),
  'detail-type': [...new Set(tmfEventCatalog.map((type) => type.from.detailType))].sort(),
});

/** A domain event as its TMF event, with the API it belongs to and its customer; undefined when it has no TMF counterpart. */
export function tmfEventOf(
  source: string,
  detailType: string,
  detail: { metadata: EventMetadata; data: unknown },
): { api: string; customerId?: string; body: TmfEvent } | undefined {
  const type = tmfEventCatalog.find((candidate) => candidate.from.source === source && candidate.from.detailType === detailType);
  if (!type) return undefined;
  const { name, resource, customerId } = type.describe(type.from.parseDetail(detail).data);
  return {
    api: type.api,
    ...(customerId !== undefined ? { customerId } : {}),
    body: { eventId: detail.metadata.eventId, eventTime: detail.metadata.occurredAt, eventType: type.eventType, event: { [name]: resource } },
  };
}
