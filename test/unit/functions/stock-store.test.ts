import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError, RuleViolationError } from '../../../domain/shared/domain-errors.js';
import { commitStock, maxReservedSkus, releaseStock, reserveStock } from '../../../functions/lib/store/stock-store.js';
import { ConcurrentTransactionError } from '../../../functions/lib/store/store-errors.js';

/**
 * The stock store's transactions and its answers to cancelled ones, with a mocked client:
 * DynamoDB Local serializes transactions and never reports a TransactionConflict, so the
 * retry path is covered here (the outcomes on a real table are in
 * test/integration/stock-reservations.test.ts).
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2026-03-01T10:00:00.000Z';
const expiresAt = '2026-03-01T11:00:00.000Z';

const cancelled = (...reasons: Array<{ Code: string; Item?: Record<string, unknown> }>) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons.map(({ Code, Item }) => ({ Code, ...(Item ? { Item: marshall(Item) } : {}) })),
  });

const transactions = () => documentMock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(QueryCommand).resolves({ Items: [] });
});

describe('reserveStock', () => {
  const request = { orderId: 'order-1', lines: [{ sku: 'SIM-NANO-5G', quantity: 1 }, { sku: 'NOVA-X', quantity: 1 }, { sku: 'SIM-NANO-5G', quantity: 1 }], now, expiresAt };

  it('writes the reservation, then per SKU (sorted) its level and its line on gsi2, in one transaction', async () => {
    expect(await reserveStock(request)).toEqual({ outcome: 'reserved', expiresAt });
    const [items] = transactions();
    expect(items).toHaveLength(5);
    expect(items![0]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: 'PRODUCT_ORDER#order-1',
        sk: 'STOCK_RESERVATION',
        state: 'reserved',
        reservedUntil: expiresAt,
        lines: [{ sku: 'NOVA-X', quantity: 1 }, { sku: 'SIM-NANO-5G', quantity: 2 }],
      },
    });
    expect(items![0]!.Put!.Item).not.toHaveProperty('expiresAt');
    expect(items![1]!.Update).toMatchObject({
      Key: { pk: 'STOCK#NOVA-X', sk: 'STOCK' },
      ConditionExpression: '#available >= :quantity',
      ExpressionAttributeValues: { ':taken': -1, ':quantity': 1 },
    });
    expect(items![2]!.Update).toMatchObject({ Key: { pk: 'STOCK#SIM-NANO-5G', sk: 'STOCK' }, ExpressionAttributeValues: { ':taken': -2, ':quantity': 2 } });
    expect(items![4]!.Put!.Item).toMatchObject({
      pk: 'PRODUCT_ORDER#order-1',
      sk: 'STOCK_RESERVATION#SIM-NANO-5G',
      gsi2pk: 'STOCK#SIM-NANO-5G',
      gsi2sk: `RESERVATION#${expiresAt}#order-1`,
      quantity: 2,
    });
  });

  it('repeats a transaction DynamoDB cancelled for a conflict, which wrote nothing', async () => {
    documentMock.on(TransactWriteCommand).rejectsOnce(cancelled({ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' })).resolves({});
    expect(await reserveStock(request)).toEqual({ outcome: 'reserved', expiresAt });
    expect(transactions()).toHaveLength(2);
  });

  it('gives up with ConcurrentTransactionError when the conflicts do not stop', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled({ Code: 'TransactionConflict' }));
    await expect(reserveStock(request)).rejects.toThrow(ConcurrentTransactionError);
    expect(transactions()).toHaveLength(10);
  });

  it('answers insufficient with what the condition saw, after looking for expired holdings of the short SKU', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled({ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { sku: 'SIM-NANO-5G', available: 1 } }));
    expect(await reserveStock(request)).toEqual({ outcome: 'insufficient', sku: 'SIM-NANO-5G', requested: 2, available: 1 });
    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toEqual([
      expect.objectContaining({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :holders AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':holders': 'STOCK#SIM-NANO-5G', ':from': 'RESERVATION#', ':to': `RESERVATION#${now}$` },
      }),
    ]);
    // Nothing expired was freed, so there is no second attempt.
    expect(transactions()).toHaveLength(1);
  });

  it('answers a repeat call from the stored reservation, and refuses one whose reservation was released', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }));
    const stored = { orderId: 'order-1', lines: [], state: 'reserved', reservedUntil: '2026-03-01T10:45:00.000Z', version: 1 };
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT_ORDER#order-1', sk: 'STOCK_RESERVATION' } }).resolves({ Item: stored });
    expect(await reserveStock(request)).toEqual({ outcome: 'reserved', expiresAt: '2026-03-01T10:45:00.000Z' });

    documentMock.on(GetCommand).resolves({ Item: { ...stored, state: 'released', releasedBecause: 'expired' } });
    await expect(reserveStock(request)).rejects.toThrow(RuleViolationError);
  });

  it('refuses what one transaction cannot hold, and an expiry that is not after now, before writing', async () => {
    const many = Array.from({ length: maxReservedSkus + 1 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }));
    await expect(reserveStock({ ...request, lines: many })).rejects.toThrow(InvalidInputError);
    await expect(reserveStock({ ...request, expiresAt: now })).rejects.toThrow(InvalidInputError);
    await expect(reserveStock({ ...request, lines: [{ sku: 'nova-x', quantity: 1 }] })).rejects.toThrow(InvalidInputError);
    expect(documentMock.calls()).toHaveLength(0);
  });
});

describe('settling a reservation', () => {
  const reservation = {
    orderId: 'order-2',
    lines: [{ sku: 'NOVA-X', quantity: 1 }, { sku: 'SIM-NANO-5G', quantity: 2 }],
    state: 'reserved',
    reservedUntil: '2026-03-01T11:00:00.000Z',
    version: 1,
  };
  beforeEach(() => {
    documentMock.on(GetCommand).resolves({ Item: reservation });
  });

  it('commits: the reservation moves on its version, each level by what leaves and what comes back, each line leaves gsi2', async () => {
    expect(await commitStock({ orderId: 'order-2', commit: [{ sku: 'SIM-NANO-5G', quantity: 1 }], now })).toBe('committed');
    const [items] = transactions();
    expect(items).toHaveLength(5);
    expect(items![0]!.Update).toMatchObject({
      Key: { pk: 'PRODUCT_ORDER#order-2', sk: 'STOCK_RESERVATION' },
      ConditionExpression: '#state = :reserved AND #version = :version',
      ExpressionAttributeValues: { ':to': 'committed', ':version': 1, ':committed': [{ sku: 'SIM-NANO-5G', quantity: 1 }] },
    });
    expect(items![1]!.Update!.ExpressionAttributeValues).toMatchObject({ ':leaving': 0, ':unreserved': -1, ':released': 1 });
    expect(items![2]!.Update!.ExpressionAttributeValues).toMatchObject({ ':leaving': -1, ':unreserved': -2, ':released': 1 });
    expect(items![3]!.Update).toMatchObject({ Key: { pk: 'PRODUCT_ORDER#order-2', sk: 'STOCK_RESERVATION#NOVA-X' }, UpdateExpression: 'REMOVE gsi2pk, gsi2sk SET #state = :to' });
  });

  it('reads again when another call settled it meanwhile, and answers from the state it finds', async () => {
    documentMock
      .on(GetCommand)
      .resolvesOnce({ Item: reservation })
      .resolves({ Item: { ...reservation, state: 'released', version: 2 } });
    documentMock.on(TransactWriteCommand).rejects(cancelled({ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }));
    expect(await releaseStock('order-2', now)).toBe('released');
    expect(transactions()).toHaveLength(1);
    expect(documentMock.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('reports a level below what the reservation holds as an inconsistent table, not as a settled reservation', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled({ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }));
    await expect(releaseStock('order-2', now)).rejects.toThrow(/inconsistent/);
  });
});
