import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ownerCustomerIdOfPayment, ownerCustomerIdOfRefund, type Payment, type Refund } from '../../../domain/payments/payment.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { byCustomer, byType, type EntityItem } from './table-items.js';

/**
 * TMF676 payments (PAYMENT#<id>/PAYMENT) and refunds (REFUND#<id>/REFUND), listed by type
 * (gsi1) and by paying customer (gsi2). They record money that already moved at the gateway
 * and never change, so the store hands out create-only transaction actions: the saga writes
 * them together with the order update and the outbox event.
 */
export interface StoredPayment {
  payment: Payment;
  version: number;
}

export interface StoredRefund {
  refund: Refund;
  version: number;
}

export const paymentKey = (id: string) => ({ pk: `PAYMENT#${id}`, sk: 'PAYMENT' });
export const refundKey = (id: string) => ({ pk: `REFUND#${id}`, sk: 'REFUND' });

interface PageRequest {
  customerId?: string;
  filters: AttributeFilter[];
  offset: number;
  limit: number;
}

function createOnly<T>(item: EntityItem<T>) {
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The TransactWriteItems action that records a payment (fails if the id is taken). */
export function paymentPut(payment: Payment) {
  return createOnly<Payment>({
    ...paymentKey(payment.id),
    ...byType('Payment', payment.paymentDate, payment.id),
    ...byCustomer(ownerCustomerIdOfPayment(payment), 'Payment', payment.paymentDate, payment.id),
    entityType: 'Payment',
    version: 1,
    resource: payment,
  });
}

/** The TransactWriteItems action that records a refund (fails if the id is taken). */
export function refundPut(refund: Refund) {
  return createOnly<Refund>({
    ...refundKey(refund.id),
    ...byType('Refund', refund.refundDate, refund.id),
    ...byCustomer(ownerCustomerIdOfRefund(refund), 'Refund', refund.refundDate, refund.id),
    entityType: 'Refund',
    version: 1,
    resource: refund,
  });
}

/**
 * What the refunds of a bill payment paid back so far (PAYMENT#<id>/REFUNDED), so that a refund
 * checks what is left to refund with one read; every change is conditional on the version
 * read, so two refunds can never both spend the same rest of a payment.
 */
const refundedKey = (paymentId: string) => ({ pk: paymentKey(paymentId).pk, sk: 'REFUNDED' });

export interface StoredRefundedTotal {
  refundedMinor: bigint;
  /** 0 when the payment was never refunded (no item yet). */
  version: number;
}

export async function findRefundedTotal(paymentId: string): Promise<StoredRefundedTotal> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: refundedKey(paymentId), ConsistentRead: true }));
  return Item ? { refundedMinor: BigInt(Item.refundedMinor as string), version: Item.version as number } : { refundedMinor: 0n, version: 0 };
}

/** The transaction action that sets what a payment's refunds paid back, if nobody changed it since `expectedVersion`. */
export function refundedTotalPut(paymentId: string, refundedMinor: bigint, currency: string, expectedVersion: number) {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...refundedKey(paymentId), entityType: 'PaymentRefunded', version: expectedVersion + 1, refundedMinor: refundedMinor.toString(), currency },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  };
}

async function findResource<T>(key: { pk: string; sk: string }, consistentRead: boolean | undefined): Promise<{ resource: T; version: number } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: key, ...(consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? { resource: Item.resource as T, version: Item.version as number } : undefined;
}

export async function findPayment(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredPayment | undefined> {
  const found = await findResource<Payment>(paymentKey(id), options.consistentRead);
  return found && { payment: found.resource, version: found.version };
}

export async function findRefund(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredRefund | undefined> {
  const found = await findResource<Refund>(refundKey(id), options.consistentRead);
  return found && { refund: found.resource, version: found.version };
}

function listOf<T>(entityType: 'Payment' | 'Refund', page: PageRequest): Promise<ListPage<T>> {
  const { customerId, ...rest } = page;
  return customerId
    ? listResources<T>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: `${entityType}#`, ...rest })
    : listResources<T>({ index: 'gsi1', partitionKey: `TYPE#${entityType}`, ...rest });
}

/** One page of payments: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export const listPayments = (page: PageRequest): Promise<ListPage<Payment>> => listOf<Payment>('Payment', page);

/** One page of refunds: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export const listRefunds = (page: PageRequest): Promise<ListPage<Refund>> => listOf<Refund>('Refund', page);
