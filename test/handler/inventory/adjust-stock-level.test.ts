import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/inventory/adjust-stock-level.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, warehouseClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { stockLevelItem, stockPath } from './stock-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const now = '2026-03-01T10:15:00.000Z';

const post = (sku: string, body: unknown, input: Partial<ApiEventInput> = {}) =>
  invoke(
    handler,
    apiEvent({
      method: 'POST',
      path: `${stockPath}/${encodeURIComponent(sku)}/adjustment`,
      resource: `${stockPath}/{sku}/adjustment`,
      pathParameters: { sku },
      body,
      claims: warehouseClaims,
      ...input,
    }),
    lambdaContext('adjust-stock-level'),
  );

const updates = () => documentMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);

/** The level DynamoDB returns after the update (ReturnValues: ALL_NEW). */
function updatedTo(onHand: number, reserved: number) {
  documentMock.on(UpdateCommand).resolves({ Attributes: stockLevelItem('NOVA-X', { onHand, reserved, updatedAt: now, version: 2 }) });
}

/** The product specifications the catalog has, as the gsi1 Query projects them (characteristics only). */
function catalogSkus(...skus: string[]) {
  documentMock.on(QueryCommand).resolves({
    Items: skus.map((sku) => ({ resource: { productSpecCharacteristic: [{ name: 'stockKeepingUnit', productSpecCharacteristicValue: [{ value: sku }] }] } })),
  });
}


beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  updatedTo(30, 3);
  // NOVA-X has a level already; the catalog sells NOVA-X and CASE-1.
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'STOCK#NOVA-X', sk: 'STOCK' } }).resolves({ Item: stockLevelItem('NOVA-X', { onHand: 25, reserved: 3 }) });
  catalogSkus('NOVA-X', 'CASE-1');
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /inventory/v1/stockLevel/{sku}/adjustment (adjust-stock-level)', () => {
  it('200 with the new level: goods in are one atomic ADD that creates the level on the first delivery', async () => {
    const answer = await post('NOVA-X', { quantity: 5, reason: 'delivery note 4711' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      id: 'NOVA-X',
      href: '/inventory/v1/stockLevel/NOVA-X',
      sku: 'NOVA-X',
      onHand: 30,
      reserved: 3,
      available: 27,
      updatedAt: now,
      '@type': 'StockLevel',
    });
    const [update] = updates();
    expect(updates()).toHaveLength(1);
    expect(update).toMatchObject({
      TableName: 'bss-test',
      Key: { pk: 'STOCK#NOVA-X', sk: 'STOCK' },
      ReturnValues: 'ALL_NEW',
      ExpressionAttributeValues: {
        ':quantity': 5,
        ':sku': 'NOVA-X',
        ':gsi1pk': 'TYPE#StockLevel',
        ':now': now,
        ':adjustment': { quantity: 5, reason: 'delivery note 4711', at: now },
      },
    });
    expect(update!.UpdateExpression).toMatch(/^ADD #onHand :quantity, #available :quantity, #reserved :zero, #version :one SET /);
    expect(update!.UpdateExpression).toContain('#createdAt = if_not_exists(#createdAt, :now)');
    expect(update!.ConditionExpression).toBeUndefined();
    // The failed condition returned the level it saw: nothing is read again after it.
    expect(documentMock.commandCalls(GetCommand).filter((call) => call.args[0].input.ConsistentRead)).toHaveLength(0);
  });

  it('goods out are conditional on what is available covering them', async () => {
    updatedTo(20, 3);
    const answer = await post('NOVA-X', { quantity: -5, reason: 'returned to supplier' }, { claims: adminClaims });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ onHand: 20, reserved: 3, available: 17 });
    expect(updates()[0]).toMatchObject({
      ConditionExpression: '#available >= :needed',
      ExpressionAttributeValues: { ':quantity': -5, ':needed': 5 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('409 STOCK_BELOW_RESERVED naming onHand, reserved and the change, from the level the condition saw', async () => {
    documentMock.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: { httpStatusCode: 400 },
        Item: marshall(stockLevelItem('NOVA-X', { onHand: 4, reserved: 3 })),
      }),
    );
    const answer = await post('NOVA-X', { quantity: -2, reason: 'damaged' });
    expectTmfError(answer, 409, 'STOCK_BELOW_RESERVED');
    expect(answer.body.message).toBe(
      'adjusting NOVA-X by -2 would leave 2 on hand, below the 3 reserved for orders (onHand 4, reserved 3); at most 1 can leave the warehouse now',
    );
    // The failed condition returned the level it saw: nothing is read again after it.
    expect(documentMock.commandCalls(GetCommand).filter((call) => call.args[0].input.ConsistentRead)).toHaveLength(0);
  });

  it('409 STOCK_BELOW_RESERVED for goods out of a SKU that has no level yet', async () => {
    documentMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } }));
    documentMock.on(GetCommand).resolves({});
    const answer = await post('CASE-1', { quantity: -1, reason: 'write-off' });
    expectTmfError(answer, 409, 'STOCK_BELOW_RESERVED');
    expect(answer.body.message).toContain('(onHand 0, reserved 0)');
  });

  it('retries an update that met a running reservation transaction, and answers 409 CONCURRENT_TRANSACTION if it keeps meeting one', async () => {
    const conflict = () => new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
    documentMock.on(UpdateCommand).rejectsOnce(conflict()).resolves({ Attributes: stockLevelItem('NOVA-X', { onHand: 26, reserved: 0, updatedAt: now }) });
    const retried = await post('NOVA-X', { quantity: 1, reason: 'found in the back' });
    expect(retried.statusCode).toBe(200);
    expect(updates()).toHaveLength(2);

    documentMock.reset();
    documentMock.on(GetCommand).resolves({ Item: stockLevelItem('NOVA-X', { onHand: 26, reserved: 0 }) });
    documentMock.on(UpdateCommand).rejects(conflict());
    expectTmfError(await post('NOVA-X', { quantity: 1, reason: 'found in the back' }), 409, 'CONCURRENT_TRANSACTION');
    expect(updates()).toHaveLength(10);
  });

  it('a first delivery of a SKU the catalog sells creates its level; the catalog is read only for a SKU without a level', async () => {
    const first = await post('CASE-1', { quantity: 5, reason: 'delivery note 1' });
    expect(first.statusCode).toBe(200);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(1);
    expect(documentMock.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':type': 'TYPE#ProductSpecification' } });

    documentMock.resetHistory();
    expect((await post('NOVA-X', { quantity: 5, reason: 'delivery note 2' })).statusCode).toBe(200);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  describe('rejections write nothing', () => {
    it('404 for a SKU no product specification names, before anything is written', async () => {
      const answer = await post('NOVA-Y', { quantity: 5, reason: 'delivery note 3' });
      expectTmfError(answer, 404, 'NOT_FOUND');
      expect(answer.body.message).toBe('no product specification has the stock keeping unit NOVA-Y: give one the characteristic stockKeepingUnit before stocking it');
    });


    beforeEach(() => () => expect(updates(), 'UpdateItem calls').toHaveLength(0));

    it('400 naming sku for something that is not a stock keeping unit', async () => {
      const answer = await post('nova-x', { quantity: 1, reason: 'delivery' });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['sku']);
    });

    it('400 naming the quantity for a zero or a fraction, and the reason when it is missing', async () => {
      const zero = await post('NOVA-X', { quantity: 0, reason: 'nothing' });
      expectTmfError(zero, 400, 'INVALID_REQUEST');
      expect(detailFields(zero)).toEqual(['quantity']);
      expect(detailFields(await post('NOVA-X', { quantity: 1.5 }))).toEqual(['quantity', 'reason']);
      expect(detailFields(await post('NOVA-X', { quantity: 1, reason: 'x', sku: 'NOVA-X' }))).toEqual(['sku']);
    });

    it('403 for a customer token, before looking at the request', async () => {
      expectTmfError(await post('nova-x', { quantity: 0 }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('403 for an agent: adjusting stock is the warehouse’s duty (and admins’), agents only read it', async () => {
      const answer = await post('NOVA-X', { quantity: 5, reason: 'delivery note 7' }, { claims: agentClaims });
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(answer.body.message).toContain('POST /inventory/v1/stockLevel/{sku}/adjustment');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('415 for a non-JSON body, 401 without claims', async () => {
      expectTmfError(await post('NOVA-X', 'quantity=1', { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectTmfError(await post('NOVA-X', { quantity: 1, reason: 'x' }, { claims: null }), 401, 'UNAUTHORIZED');
    });
  });
});

describe('POST /inventory/v1/stockLevel/{sku}/adjustment with Idempotency-Key', () => {
  let table: FakeIdempotencyTable;
  beforeEach(() => {
    table = new FakeIdempotencyTable().install(dynamoMock);
  });

  it('counts a delivery once however often the client retries it, and replays the first answer', async () => {
    const delivery = { quantity: 5, reason: 'delivery note 4711' };
    const first = await post('NOVA-X', delivery, { headers: { 'Idempotency-Key': 'delivery-4711' } });
    expect(first.statusCode).toBe(200);
    expect(dynamoMock.commandCalls(PutItemCommand)[0]!.args[0].input.Item!.pk).toEqual({ S: 'IDEMPOTENCY#adjust-stock-level' });

    updatedTo(35, 3);
    const replay = await post('NOVA-X', delivery, { headers: { 'Idempotency-Key': 'delivery-4711' } });
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(updates()).toHaveLength(1);
    expect(table.items.size).toBe(1);
  });

  it('422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    expect((await post('NOVA-X', { quantity: 5, reason: 'delivery' }, { headers: { 'Idempotency-Key': 'k-2' } })).statusCode).toBe(200);
    expectTmfError(await post('NOVA-X', { quantity: 6, reason: 'delivery' }, { headers: { 'Idempotency-Key': 'k-2' } }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(updates()).toHaveLength(1);
  });
});
