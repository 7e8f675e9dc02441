import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { transitionProduct } from '../../../domain/product-inventory/product.js';
import { documentClient } from '../../../functions/lib/store/dynamo-client.js';
import { findProduct, findProducts, productPut, productUpdate } from '../../../functions/lib/store/product-store.js';
import { productIn, productItem } from '../../support/product-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());
beforeEach(() => documentMock.reset());

const created = productIn('created', { id: 'prod-1', customerId: 'cust-1' });

describe('product-store', () => {
  it('productPut is a create-only Put of the product item, indexed by type and by owning customer', () => {
    expect(productPut(created, { chargeTerms: [] })).toEqual({
      Put: { TableName: 'bss-test', Item: productItem(created), ConditionExpression: 'attribute_not_exists(pk)' },
    });
    expect(productPut(created, { chargeTerms: [], testClockId: 'clock-1' }).Put.Item).toMatchObject({ testClockId: 'clock-1' });
  });

  it('productUpdate replaces the resource and its charge terms only if the version is still the one read', () => {
    const active = transitionProduct(transitionProduct(created, 'pendingActive', '2026-02-01T00:00:00.000Z'), 'active', '2026-02-01T00:00:00.000Z');
    expect(productUpdate(active, 4, [])).toEqual({
      Update: {
        TableName: 'bss-test',
        Key: { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' },
        UpdateExpression: 'SET #resource = :resource, #version = :next, #chargeTerms = :chargeTerms',
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#chargeTerms': 'chargeTerms' },
        ExpressionAttributeValues: { ':resource': active, ':expected': 4, ':next': 5, ':chargeTerms': [] },
      },
    });
  });

  it("both go into the saga's own TransactWriteItems unchanged", async () => {
    documentMock.on(TransactWriteCommand).resolves({});
    const other = productIn('active', { id: 'prod-2' });
    await documentClient.send(new TransactWriteCommand({ TransactItems: [productPut(created, { chargeTerms: [] }), productUpdate(other, 2, [])] }));
    const [input] = documentMock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
    expect(input!.TransactItems!.map((item) => Object.keys(item)[0])).toEqual(['Put', 'Update']);
  });

  it('findProduct returns the product with its version, or undefined; a consistent read on request', async () => {
    documentMock.on(GetCommand).resolves({});
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' } }).resolves({ Item: productItem(created, 7) });
    expect(await findProduct('prod-1')).toEqual({ product: created, version: 7, chargeTerms: [] });
    expect(await findProduct('prod-2', { consistentRead: true })).toBeUndefined();
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.ConsistentRead)).toEqual([undefined, true]);
  });

  it('findProducts reads 100 keys per BatchGetItem, retries the unprocessed ones and skips unknown ids', async () => {
    const ids = Array.from({ length: 130 }, (_, index) => `prod-${index}`);
    const stored = new Map(ids.filter((id) => id !== 'prod-7').map((id) => [id, productIn('active', { id })]));
    let firstCall = true;
    documentMock.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => {
      const keys = input.RequestItems['bss-test']!.Keys;
      // The first request leaves its last two keys unprocessed, as DynamoDB may under load.
      const processed = firstCall ? keys.slice(0, -2) : keys;
      const unprocessed = firstCall ? keys.slice(-2) : [];
      firstCall = false;
      const items = processed.flatMap((key) => {
        const product = stored.get(key.pk.replace('PRODUCT#', ''));
        return product ? [productItem(product, 2)] : [];
      });
      return { Responses: { 'bss-test': items }, ...(unprocessed.length > 0 ? { UnprocessedKeys: { 'bss-test': { Keys: unprocessed } } } : {}) };
    });

    const found = await findProducts([...ids, 'prod-1']);
    expect(found.size).toBe(129);
    expect(found.has('prod-7')).toBe(false);
    expect(found.get('prod-98')).toEqual({ product: stored.get('prod-98'), version: 2, chargeTerms: [] });
    // The two chunks go out side by side; the retry of the two left over follows.
    const requests = documentMock.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems!['bss-test']!.Keys!.length);
    expect(requests.sort((a, b) => a - b)).toEqual([2, 30, 100]);
  });

  it('findProducts of no ids reads nothing', async () => {
    expect((await findProducts([])).size).toBe(0);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
