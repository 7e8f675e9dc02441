import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import type { CancelProductOrder } from '../../domain/orders/cancel-product-order.js';
import type { FulfilmentItem, OrderFulfilment } from '../../domain/orders/order-fulfilment.js';
import type { OrderItemState, OrderState, ProductOrder } from '../../domain/orders/product-order.js';
import type { TmfOrderPrice } from '../../domain/pricing/price-quote.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import type { OrderSaga } from '../../functions/lib/store/product-order-store.js';
import { orderItemResource, productOrderResource } from './order-fixtures.js';

/**
 * An order as the order-to-cash saga finds it between steps (resource, fulfilment and saga
 * record in one table item), a table of such items for a mocked DynamoDBDocumentClient, and a
 * payment gateway whose every call is a spy. Items 1 and 2 are "Mobile M" and "Router X".
 */
export const orderId = 'order-1';
export const correlationId = 'corr-order-1';
export const now = '2026-02-01T10:05:00.000Z';

/** What the state machine passes every order-to-cash task. */
export const stepInput = <T extends Record<string, unknown>>(extra: T = {} as T) => ({ orderId, correlationId, ...extra });

export const stored = (minor: string, currency = 'EUR') => ({ currency, minor });

export const monthlyOrderPrice = (name: string, taxIncluded: number, dutyFree: number): TmfOrderPrice => ({
  '@type': 'OrderPrice',
  name: `${name} monthly fee`,
  priceType: 'recurring',
  recurringChargePeriod: 'month',
  recurringChargePeriodLength: 1,
  price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: dutyFree }, taxIncludedAmount: { unit: 'EUR', value: taxIncluded }, taxRate: 20 },
  productOfferingPrice: { id: `pop-${name}-monthly`, href: `/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-${name}-monthly`, name: `${name} monthly fee`, '@referredType': 'ProductOfferingPrice' },
});

const offerings = {
  '1': { id: 'po-mobile-m', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-mobile-m', name: 'Mobile M' },
  '2': { id: 'po-router-x', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-router-x', name: 'Router X' },
} as const;

/** Item 1: a mobile plan (29.99 upfront, 25.00 a month); item 2: a router, physical (19.99 upfront, 15.00 a month). */
export function fulfilmentItem(itemId: '1' | '2', overrides: Partial<FulfilmentItem> = {}): FulfilmentItem {
  const first = itemId === '1';
  return {
    itemId,
    action: 'add',
    productId: `${orderId}-${itemId}`,
    productOffering: offerings[itemId],
    quantity: 1,
    characteristics: first ? [{ name: 'phoneNumber', value: '+33612341234' }] : [],
    ...(first ? {} : { sku: 'ROUTER-X' }),
    upfront: stored(first ? '2999' : '1999'),
    recurringMonthly: stored(first ? '2500' : '1500'),
    prices: [first ? monthlyOrderPrice('mobile-m', 25, 20.83) : monthlyOrderPrice('router-x', 15, 12.5)],
    ...overrides,
  };
}

export function sagaFulfilment(items: FulfilmentItem[] = [fulfilmentItem('1'), fulfilmentItem('2')], overrides: Partial<OrderFulfilment> = {}): OrderFulfilment {
  const sum = (pick: (item: FulfilmentItem) => string) => stored(items.reduce((total, item) => total + BigInt(pick(item)), 0n).toString());
  return {
    customerId: 'cust-1',
    billingAccountId: 'ba-1',
    currency: 'EUR',
    paymentMethodToken: 'tok_visa_4242',
    upfront: sum((item) => item.upfront.minor),
    recurringMonthly: sum((item) => item.recurringMonthly.minor),
    items,
    ...overrides,
  };
}

/** The order in `state`, every item in `itemState` (the order's own state unless given), items named as the fulfilment names them. */
export function sagaOrder(state: OrderState = 'inProgress', overrides: Partial<ProductOrder> & { itemStates?: OrderItemState[] } = {}): ProductOrder {
  const { itemStates, ...rest } = overrides;
  const itemState = (index: number): OrderItemState => itemStates?.[index] ?? (state === 'partial' ? (index === 0 ? 'completed' : 'failed') : state);
  return productOrderResource({
    state,
    productOrderItem: (['1', '2'] as const).map((id, index) =>
      orderItemResource({ id, state: itemState(index), productOffering: { ...offerings[id], '@referredType': 'ProductOffering' } }),
    ),
    ...rest,
  });
}

export function orderTableItem(order: ProductOrder, options: { version?: number; fulfilment?: OrderFulfilment; saga?: OrderSaga } = {}) {
  return {
    pk: `PRODUCT_ORDER#${order.id}`,
    sk: 'PRODUCT_ORDER',
    entityType: 'ProductOrder',
    version: options.version ?? 3,
    resource: order,
    fulfilment: options.fulfilment ?? sagaFulfilment(),
    saga: options.saga ?? {},
  };
}

export function cancellationTableItem(request: CancelProductOrder) {
  return { pk: `CANCEL_PRODUCT_ORDER#${request.id}`, sk: 'CANCEL_PRODUCT_ORDER', entityType: 'CancelProductOrder', version: 1, resource: request };
}

/**
 * A single table behind GetCommand: `put` items by their pk (and sk), unknown keys answer
 * nothing. Every GetCommand is recorded with its input, so tests can check ConsistentRead.
 */
export function fakeTable(mock: AwsClientStub<DynamoDBDocumentClient>) {
  const items = new Map<string, Record<string, unknown>>();
  const keyOf = (key: Record<string, unknown> | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;
  mock.on(GetCommand).callsFake((input: GetCommandInput) => {
    const item = items.get(keyOf(input.Key));
    return item ? { Item: structuredClone(item) } : {};
  });
  return {
    put(item: Record<string, unknown> & { pk: string; sk: string }) {
      items.set(keyOf(item), item);
    },
    putOrder(order: ProductOrder, options: Parameters<typeof orderTableItem>[1] = {}) {
      items.set(keyOf(orderTableItem(order, options)), orderTableItem(order, options));
    },
  };
}

export const transactItems = (mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) => mock.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;

/** The order update a step wrote (always the transaction's first action), with its version condition. */
export function orderUpdate(mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) {
  const update = transactItems(mock, call)[0]!.Update!;
  const values = update.ExpressionAttributeValues!;
  return {
    key: update.Key,
    condition: update.ConditionExpression,
    expected: values[':expected'] as number,
    next: values[':next'] as number,
    order: values[':resource'] as ProductOrder,
    saga: values[':saga'] as OrderSaga | undefined,
  };
}

/** The outbox events of a transaction, in order, with their parsed detail. */
export function outboxEvents(mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) {
  return transactItems(mock, call)
    .filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ source: item.Put!.Item!.source as string, detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));
}

/** The transaction's actions that are neither the order update nor an outbox event. */
export const otherWrites = (mock: AwsClientStub<DynamoDBDocumentClient>, call = 0) =>
  transactItems(mock, call)
    .slice(1)
    .filter((item) => item.Put?.Item?.entityType !== 'OutboxEvent');

/** DynamoDB's answer to a transaction whose conditions failed: one code per action. */
export const cancelledTransaction = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/** A payment gateway whose every call is a spy; by default it authorizes, captures, voids and refunds. */
export function fakeGateway() {
  return {
    authorize: vi.fn<PaymentGateway['authorize']>(async () => ({ outcome: 'authorized', authorizationId: 'auth-1', authorizationCode: 'AUTH-123456' })),
    findAuthorization: vi.fn<PaymentGateway['findAuthorization']>(async () => undefined),
    capture: vi.fn<PaymentGateway['capture']>(async () => ({ captureId: 'cap-1' })),
    voidAuthorization: vi.fn<PaymentGateway['voidAuthorization']>(async () => undefined),
    refund: vi.fn<PaymentGateway['refund']>(async () => ({ refundId: 'gw-ref-1' })),
  } satisfies PaymentGateway;
}
