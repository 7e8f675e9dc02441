import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { CancelProductOrder } from '../../../domain/orders/cancel-product-order.js';
import type { OrderFulfilment, StoredMoney } from '../../../domain/orders/order-fulfilment.js';
import { orderCustomerId, type ProductOrder } from '../../../domain/orders/product-order.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { byCustomer, byType, type EntityItem } from './table-items.js';

/**
 * What the order-to-cash saga has done to an order, kept beside it so every step (and every
 * retry of a step) knows what to do and what to undo: the execution that owns the order, the
 * point of no return, the payment authorization, capture and refund.
 */
export interface OrderSaga {
  executionId?: string;
  provisioningStarted?: boolean;
  authorization?: { authorizationId: string; authorizationCode: string; amount: StoredMoney; voided?: boolean };
  payment?: { paymentId: string; captureId: string };
  refund?: { refundId: string; amount: StoredMoney };
  cancelProductOrderId?: string;
}

export interface StoredProductOrder {
  order: ProductOrder;
  version: number;
  fulfilment: OrderFulfilment;
  saga: OrderSaga;
}

const orderKeys = {
  order: (id: string) => ({ pk: `PRODUCT_ORDER#${id}`, sk: 'PRODUCT_ORDER' }),
  cancellation: (id: string) => ({ pk: `CANCEL_PRODUCT_ORDER#${id}`, sk: 'CANCEL_PRODUCT_ORDER' }),
};

/** Any extra action of an order transaction: products, payments, stock (their stores build them). */
export type TransactItem = Record<string, unknown>;

function orderItem(order: ProductOrder, fulfilment: OrderFulfilment): EntityItem<ProductOrder> & { fulfilment: OrderFulfilment; saga: OrderSaga } {
  return {
    ...orderKeys.order(order.id),
    ...byType('ProductOrder', order.orderDate, order.id),
    ...byCustomer(orderCustomerId(order), 'ProductOrder', order.orderDate, order.id),
    entityType: 'ProductOrder',
    version: 1,
    resource: order,
    fulfilment,
    saga: {},
  };
}

/** Stores a captured order with ProductOrderCreated, which starts order-to-cash; the account must still exist. */
export async function insertProductOrder(order: ProductOrder, fulfilment: OrderFulfilment, event: DomainEvent): Promise<void> {
  const table = tableName();
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: table, Item: orderItem(order, fulfilment), ConditionExpression: 'attribute_not_exists(pk)' } },
        outboxPut(table, event),
      ],
    }),
  );
}

export async function findProductOrder(id: string, options: { consistent?: boolean } = {}): Promise<StoredProductOrder | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: orderKeys.order(id), ConsistentRead: options.consistent ?? false }),
  );
  if (!Item) return undefined;
  return { order: Item.resource as ProductOrder, version: Item.version as number, fulfilment: Item.fulfilment as OrderFulfilment, saga: (Item.saga ?? {}) as OrderSaga };
}

/**
 * Writes a change of the order (and of its saga record) if nobody changed it since
 * `expectedVersion`, with its events and any other items of the same fact, all or nothing.
 */
export async function updateProductOrder(change: {
  order: ProductOrder;
  expectedVersion: number;
  saga?: OrderSaga;
  events?: DomainEvent[];
  also?: TransactItem[];
}): Promise<number> {
  const table = tableName();
  const { order, expectedVersion, saga, events = [], also = [] } = change;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: orderKeys.order(order.id),
              UpdateExpression: `SET #resource = :resource, #version = :next${saga ? ', #saga = :saga' : ''}`,
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', ...(saga ? { '#saga': 'saga' } : {}) },
              ExpressionAttributeValues: { ':resource': order, ':expected': expectedVersion, ':next': expectedVersion + 1, ...(saga ? { ':saga': saga } : {}) },
            },
          },
          ...also,
          ...events.map((event) => outboxPut(table, event)),
        ] as never,
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`order ${order.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/** Orders, oldest first, of one customer or of all, placed in [orderedFrom, orderedBefore) when given (a key range, not a filter). */
export function listProductOrders(page: {
  customerId?: string;
  orderedFrom?: string;
  orderedBefore?: string;
  filters: AttributeFilter[];
  offset: number;
  limit: number;
}): Promise<ListPage<ProductOrder>> {
  const { customerId, orderedFrom, orderedBefore, ...rest } = page;
  const prefix = customerId ? 'ProductOrder#' : '';
  // Sort keys are `<orderDate>#<id>`: every key of an order placed before `orderedBefore` sorts below it.
  const window =
    orderedFrom !== undefined || orderedBefore !== undefined
      ? { sortKeyRange: { from: `${prefix}${orderedFrom ?? '0000'}`, to: `${prefix}${orderedBefore ?? '9999'}` } }
      : customerId
        ? { sortKeyPrefix: prefix }
        : {};
  return customerId
    ? listResources<ProductOrder>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, ...window, ...rest })
    : listResources<ProductOrder>({ index: 'gsi1', partitionKey: 'TYPE#ProductOrder', ...window, ...rest });
}

/** The cancellation request, in the same transaction as the order going to pendingCancellation. */
export function cancelProductOrderPut(request: CancelProductOrder): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...orderKeys.cancellation(request.id),
        ...byType('CancelProductOrder', request.requestedCancellationDate, request.id),
        ...byCustomer(request.customerId, 'CancelProductOrder', request.requestedCancellationDate, request.id),
        entityType: 'CancelProductOrder',
        version: 1,
        resource: request,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The cancellation request's final state, written with the order's closing. */
export function cancelProductOrderUpdate(request: CancelProductOrder): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: orderKeys.cancellation(request.id),
      UpdateExpression: 'SET #resource = :resource, #version = #version + :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: { ':resource': request, ':one': 1 },
    },
  };
}

export async function findCancelProductOrder(id: string): Promise<CancelProductOrder | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: orderKeys.cancellation(id) }));
  return Item?.resource as CancelProductOrder | undefined;
}

export function listCancelProductOrders(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CancelProductOrder>> {
  const { customerId, ...rest } = page;
  return customerId
    ? listResources<CancelProductOrder>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'CancelProductOrder#', ...rest })
    : listResources<CancelProductOrder>({ index: 'gsi1', partitionKey: 'TYPE#CancelProductOrder', ...rest });
}
