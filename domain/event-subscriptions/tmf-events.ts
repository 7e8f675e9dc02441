import type * as z from '../shared/zod.js';
import type { EventMetadata, EventType } from '../events/domain-event.js';
// Paths built, not imported from the resource modules, whose schemas this catalog would build (tmf-events.test.ts checks they agree).
import { tmfResourcePath } from '../shared/tmf-paths.js';

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

/**
 * One TMF event type, drawn from one domain event. The domain event is named here by its source
 * and detail-type and loaded with the first event of its kind: a function that reads this
 * catalog (the hub's create, the delivery at its cold start) builds no event schema it does not
 * use. tmf-events.test.ts checks the names against the loaded events.
 */
export interface TmfEventType {
  /** The TMF API's name in its base path: /tmf-api/<api>/v4. */
  api: string;
  eventType: string;
  /** The domain event's source and detail-type. */
  source: string;
  detailType: string;
  /** The domain event's type, with its schemas. */
  load(): Promise<EventType<z.ZodMiniType>>;
  /** The resource under `event` and the customer it belongs to (none for catalog resources: staff only). */
  describe(data: unknown): { name: string; resource: TmfEventResource; customerId?: string };
}

function tmfEvent<TFrom extends z.ZodMiniType>(
  api: string,
  eventType: string,
  from: { source: `bss.${string}`; detailType: string; load: () => Promise<EventType<TFrom>> },
  describe: (data: z.infer<TFrom>) => { name: string; resource: TmfEventResource; customerId?: string },
): TmfEventType {
  return { api, eventType, source: from.source, detailType: from.detailType, load: from.load as () => Promise<EventType<z.ZodMiniType>>, describe: (data) => describe(data as z.infer<TFrom>) };
}

// Each domain event module, loaded when an event of it is first described.
const customerEvents = () => import('../events/customer-events.js');
const catalogEvents = () => import('../events/catalog-events.js');
const orderEvents = () => import('../events/order-events.js');
const productEvents = () => import('../events/product-inventory-events.js');
const billingEvents = () => import('../events/billing-events.js');
const collectionsEvents = () => import('../events/collections-events.js');
const paymentEvents = () => import('../events/payment-events.js');
const supportCaseEvents = () => import('../events/support-case-events.js');

type Data<T extends () => Promise<Record<string, unknown>>, K extends keyof Awaited<ReturnType<T>>> = Awaited<ReturnType<T>>[K] extends EventType<infer S> ? z.infer<S> : never;

const customerPath = tmfResourcePath('customerManagement', 'customer');
const customerParty = (customerId: string) => [{ id: customerId, href: `${customerPath}/${customerId}`, role: 'Customer' as const, '@referredType': 'Customer' as const }];

/** A resource of a customer: its reference, the fields given, and the customer as related party. */
const owned = (api: string, name: string, type: string, id: string, customerId: string, fields: Partial<TmfEventResource> = {}) => ({
  name,
  resource: { id, href: `${tmfResourcePath(api, name)}/${id}`, '@type': type, ...fields, relatedParty: customerParty(customerId) },
  customerId,
});

/** A billing account: a customer's (owned), or an organization's, which only staff subscriptions receive. */
const billingAccountOf = (id: string, customerId: string | undefined, state: string) =>
  customerId === undefined
    ? { name: 'billingAccount', resource: { id, href: `${tmfResourcePath('accountManagement', 'billingAccount')}/${id}`, '@type': 'BillingAccount', state } }
    : owned('accountManagement', 'billingAccount', 'BillingAccount', id, customerId, { state });

const customerOf = (id: string, status?: string) => ({
  name: 'customer',
  resource: { id, href: `${customerPath}/${id}`, '@type': 'Customer', ...(status !== undefined ? { status } : {}) },
  customerId: id,
});

/** A domain event by its source and detail-type, loaded from its module when first needed. */
const from = <M extends Record<string, unknown>, K extends keyof M & string>(source: `bss.${string}`, module: () => Promise<M>, detailType: K) =>
  ({ source, detailType, load: async () => (await module())[detailType] as M[K] }) as { source: `bss.${string}`; detailType: string; load: () => Promise<M[K] extends EventType<infer S> ? EventType<S> : never> };

const offeringOf = ({ productOffering }: Data<typeof catalogEvents, 'ProductOfferingCreated'>) => ({
  name: 'productOffering',
  resource: {
    id: productOffering.id,
    href: `${tmfResourcePath('productCatalogManagement', 'productOffering')}/${productOffering.id}`,
    '@type': 'ProductOffering',
    lifecycleStatus: productOffering.lifecycleStatus,
  },
});

const productOf = ({ product }: Data<typeof productEvents, 'ProductActivated'>) => owned('productInventory', 'product', 'Product', product.id, product.customerId, { status: product.status });

const supportCaseOf = ({ supportCase }: Pick<Data<typeof supportCaseEvents, 'SupportCaseOpened'>, 'supportCase'>) =>
  // `submitted` is no TMF621 status: the case shows none until an agent acknowledges it.
  owned('troubleTicket', 'troubleTicket', 'TroubleTicket', supportCase.id, supportCase.customerId, supportCase.status === 'submitted' ? {} : { status: supportCase.status });

export const tmfEventCatalog: readonly TmfEventType[] = [
  tmfEvent('customerManagement', 'CustomerCreateEvent', from('bss.customers', customerEvents, 'CustomerCreated'), ({ customer }) => customerOf(customer.id, customer.status)),
  tmfEvent('customerManagement', 'CustomerAttributeValueChangeEvent', from('bss.customers', customerEvents, 'CustomerUpdated'), ({ customer }) => customerOf(customer.id, customer.status)),
  tmfEvent('customerManagement', 'CustomerStateChangeEvent', from('bss.customers', customerEvents, 'CustomerStatusChanged'), ({ customerId, to }) => customerOf(customerId, to)),
  // TMF629's delete event: the customer closed and its personal data erased (only its id and status are told).
  tmfEvent('customerManagement', 'CustomerDeleteEvent', from('bss.customers', customerEvents, 'CustomerErased'), ({ customerId }) => customerOf(customerId, 'Closed')),

  // TMF666 has no BillingAccountCreateEvent: an account opened is its first state change.
  tmfEvent('accountManagement', 'BillingAccountStateChangeEvent', from('bss.customers', customerEvents, 'BillingAccountCreated'), ({ billingAccount }) =>
    billingAccountOf(billingAccount.id, billingAccount.customerId, billingAccount.state),
  ),
  tmfEvent('accountManagement', 'BillingAccountAttributeValueChangeEvent', from('bss.customers', customerEvents, 'BillingAccountUpdated'), ({ billingAccount }) =>
    billingAccountOf(billingAccount.id, billingAccount.customerId, billingAccount.state),
  ),
  tmfEvent('accountManagement', 'BillingAccountStateChangeEvent', from('bss.customers', customerEvents, 'BillingAccountStateChanged'), ({ billingAccountId, customerId, to }) =>
    billingAccountOf(billingAccountId, customerId, to),
  ),

  tmfEvent('productCatalogManagement', 'ProductOfferingCreateEvent', from('bss.catalog', catalogEvents, 'ProductOfferingCreated'), offeringOf),
  tmfEvent('productCatalogManagement', 'ProductOfferingAttributeValueChangeEvent', from('bss.catalog', catalogEvents, 'ProductOfferingUpdated'), offeringOf),
  tmfEvent('productCatalogManagement', 'ProductOfferingStateChangeEvent', from('bss.catalog', catalogEvents, 'ProductOfferingRetired'), offeringOf),
  tmfEvent('productCatalogManagement', 'ProductOfferingDeleteEvent', from('bss.catalog', catalogEvents, 'ProductOfferingDeleted'), offeringOf),

  tmfEvent('productOrderingManagement', 'ProductOrderCreateEvent', from('bss.orders', orderEvents, 'ProductOrderCreated'), ({ order }) =>
    owned('productOrderingManagement', 'productOrder', 'ProductOrder', order.id, order.customerId, { state: order.state }),
  ),
  tmfEvent('productOrderingManagement', 'ProductOrderStateChangeEvent', from('bss.orders', orderEvents, 'OrderStateChanged'), ({ orderId, customerId, to }) =>
    owned('productOrderingManagement', 'productOrder', 'ProductOrder', orderId, customerId, { state: to }),
  ),
  tmfEvent('productOrderingManagement', 'CancelProductOrderCreateEvent', from('bss.orders', orderEvents, 'OrderCancellationRequested'), ({ cancelProductOrderId, customerId }) =>
    owned('productOrderingManagement', 'cancelProductOrder', 'CancelProductOrder', cancelProductOrderId, customerId),
  ),

  tmfEvent('productInventory', 'ProductCreateEvent', from('bss.products', productEvents, 'ProductActivated'), productOf),
  tmfEvent('productInventory', 'ProductAttributeValueChangeEvent', from('bss.products', productEvents, 'ProductChanged'), productOf),
  tmfEvent('productInventory', 'ProductStateChangeEvent', from('bss.products', productEvents, 'ProductStatusChanged'), ({ productId, customerId, to }) =>
    owned('productInventory', 'product', 'Product', productId, customerId, { status: to }),
  ),

  tmfEvent('customerBillManagement', 'CustomerBillCreateEvent', from('bss.billing', billingEvents, 'CustomerBillIssued'), ({ bill }) =>
    owned('customerBillManagement', 'customerBill', 'CustomerBill', bill.id, bill.customerId, { state: bill.state }),
  ),
  tmfEvent('customerBillManagement', 'CustomerBillStateChangeEvent', from('bss.billing', billingEvents, 'CustomerBillStateChanged'), ({ billId, customerId, to }) =>
    owned('customerBillManagement', 'customerBill', 'CustomerBill', billId, customerId, { state: to }),
  ),

  tmfEvent('paymentManagement', 'PaymentCreateEvent', from('bss.collections', collectionsEvents, 'PaymentReceived'), ({ payment }) =>
    owned('paymentManagement', 'payment', 'Payment', payment.id, payment.customerId),
  ),
  tmfEvent('paymentManagement', 'RefundCreateEvent', from('bss.payments', paymentEvents, 'RefundIssued'), ({ refund }) =>
    owned('paymentManagement', 'refund', 'Refund', refund.id, refund.customerId, { status: refund.status }),
  ),

  tmfEvent('troubleTicket', 'TroubleTicketCreateEvent', from('bss.support-cases', supportCaseEvents, 'SupportCaseOpened'), supportCaseOf),
  tmfEvent('troubleTicket', 'TroubleTicketStatusChangeEvent', from('bss.support-cases', supportCaseEvents, 'SupportCaseStatusChanged'), supportCaseOf),
  tmfEvent('troubleTicket', 'TroubleTicketAttributeValueChangeEvent', from('bss.support-cases', supportCaseEvents, 'SupportCaseUpdated'), supportCaseOf),
];

/** The TMF event types an API's hub offers, in catalog order, each once. */
export const eventTypesOf = (api: string): string[] => [...new Set(tmfEventCatalog.filter((type) => type.api === api).map((type) => type.eventType))];

/** The domain events that have a TMF counterpart: the pattern of the rule that hands them to the hub's delivery. */
export const hubEventPattern = (): { source: string[]; 'detail-type': string[] } => ({
  source: [...new Set(tmfEventCatalog.map((type) => type.source))].sort(),
  'detail-type': [...new Set(tmfEventCatalog.map((type) => type.detailType))].sort(),
});

/**
 * A domain event as its TMF event, with the API it belongs to and its customer; undefined when
 * it has no TMF counterpart. The detail is parsed with the domain event's own schema.
 */
export async function tmfEventOf(
  source: string,
  detailType: string,
  detail: { metadata: EventMetadata; data: unknown },
): Promise<{ api: string; customerId?: string; body: TmfEvent } | undefined> {
  const type = tmfEventCatalog.find((candidate) => candidate.source === source && candidate.detailType === detailType);
  if (!type) return undefined;
  const { name, resource, customerId } = type.describe((await type.load()).parseDetail(detail).data);
  return {
    api: type.api,
    ...(customerId !== undefined ? { customerId } : {}),
    body: { eventId: detail.metadata.eventId, eventTime: detail.metadata.occurredAt, eventType: type.eventType, event: { [name]: resource } },
  };
}
