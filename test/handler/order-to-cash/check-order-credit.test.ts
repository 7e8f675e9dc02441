import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/order-to-cash/check-order-credit.js';
import { billingAccountItem, billingAccountResource } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { fakeTable, fulfilmentItem, sagaFulfilment, sagaOrder, stepInput } from '../../support/order-saga-fixtures.js';
import { productIn, productItem } from '../../support/product-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const check = () => handler(stepInput(), lambdaContext('check-order-credit'));
let table: ReturnType<typeof fakeTable>;

/** The account's one active product, prod-1, costs 30.00 EUR a month; the order adds 25.00 + 15.00. */
const existingProduct = productIn('active', { id: 'prod-1' });
const withLimit = (value: number | undefined) =>
  table.put(billingAccountItem(billingAccountResource(value === undefined ? {} : { creditLimit: { unit: 'EUR', value } })));

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'));
  documentMock.on(QueryCommand).resolves({ Items: [productItem(existingProduct)] });
});

describe('check-order-credit', () => {
  it('an account without a credit limit passes without listing its products', async () => {
    withLimit(undefined);
    await expect(check()).resolves.toEqual({ checked: false });
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('passes when the active products and the order stay within the limit (70.00 of 70.00)', async () => {
    withLimit(70);
    await expect(check()).resolves.toEqual({ checked: true });
  });

  it('counts the active products of the order’s account, among the customer’s products', async () => {
    withLimit(100);
    await check();
    const query = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'Product#' } });
    expect(Object.values(query.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['ba-1', 'active']));
    expect(query.FilterExpression).toBeDefined();
  });

  it('over the limit fails the step with CreditLimitExceeded and the figures', async () => {
    withLimit(69.99);
    await expect(check()).rejects.toMatchObject({
      name: 'CreditLimitExceeded',
      message: "the order adds 40.00 EUR a month to 30.00 EUR already charged or held by orders in flight, above the billing account's credit limit of 69.99 EUR",
    });
  });

  it.each(['modify', 'delete'] as const)('a %s item’s existing product no longer counts: its charges are replaced', async (action) => {
    withLimit(45);
    table.putOrder(sagaOrder('inProgress'), {
      fulfilment: sagaFulfilment([fulfilmentItem('1', { action, productId: 'prod-1' }), fulfilmentItem('2')]),
    });
    await expect(check()).resolves.toEqual({ checked: true });

    // The same order adding instead of changing prod-1 is 70.00 a month, over 45.00.
    table.putOrder(sagaOrder('inProgress'));
    await expect(check()).rejects.toMatchObject({ name: 'CreditLimitExceeded' });
  });

  // One page of 1000 once left the 1001st product and beyond out of the exposure.
  it('counts every active product of the account, past the first 1000', async () => {
    const many = Array.from({ length: 1001 }, (_, index) => productItem(productIn('active', { id: `prod-${index}` })));
    documentMock.on(QueryCommand).resolves({ Items: many });
    // 1001 × 30.00 + 40.00 = 30070.00 a month, over 30050.00 (1000 products would be 30040.00, within).
    withLimit(30050);
    await expect(check()).rejects.toMatchObject({ name: 'CreditLimitExceeded' });
  });

  it('an account with no active product is held to the order’s charges alone', async () => {
    withLimit(39.99);
    documentMock.on(QueryCommand).resolves({ Items: [] });
    await expect(check()).rejects.toMatchObject({
      name: 'CreditLimitExceeded',
      message: "the order adds 40.00 EUR a month to 0.00 EUR already charged or held by orders in flight, above the billing account's credit limit of 39.99 EUR",
    });
  });
  describe('holds the order’s charges against the limit, atomically with the decision', () => {
    const holds = (heldMinor: number, version: number) => table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'CREDIT_HOLDS', heldMinor, version });
    const holdTransactions = () => documentMock.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

    it('within the limit: the account’s holds move from the version read, and the order’s hold is put, in one transaction', async () => {
      withLimit(100);
      holds(1000, 3);
      await expect(check()).resolves.toEqual({ checked: true });
      const [actions] = holdTransactions();
      expect(actions![0]!.Update).toMatchObject({
        Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'CREDIT_HOLDS' },
        ConditionExpression: '#version = :read',
        ExpressionAttributeValues: { ':held': 5000, ':next': 4, ':read': 3 },
      });
      expect(actions![1]!.Put).toMatchObject({ Item: { pk: 'BILLING_ACCOUNT#ba-1', sk: `CREDIT_HOLD#${stepInput().orderId}`, amountMinor: 4000, currency: 'EUR' }, ConditionExpression: 'attribute_not_exists(pk)' });
    });

    it('what other orders in flight hold counts: 30.00 active + 10.00 held + 40.00 is over 79.99', async () => {
      withLimit(79.99);
      holds(1000, 1);
      await expect(check()).rejects.toMatchObject({
        name: 'CreditLimitExceeded',
        message: "the order adds 40.00 EUR a month to 40.00 EUR already charged or held by orders in flight, above the billing account's credit limit of 79.99 EUR",
      });
      expect(holdTransactions()).toHaveLength(0);
    });

    it('a retried step finds the hold it placed and decides nothing again', async () => {
      withLimit(70);
      table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: `CREDIT_HOLD#${stepInput().orderId}`, amountMinor: 4000 });
      holds(4000, 1);
      await expect(check()).resolves.toEqual({ checked: true });
      expect(holdTransactions()).toHaveLength(0);
      expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
    });

    it('an order that held meanwhile makes the hold fail; the decision is made again on the new figures', async () => {
      // 30.00 + 40.00 fits 99.99; with the other order's 30.00 it does not.
      withLimit(99.99);
      holds(0, 0);
      documentMock.on(TransactWriteCommand).callsFakeOnce(() => {
        // Another order of the account held 30.00 first.
        holds(3000, 1);
        throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
      });
      await expect(check()).rejects.toMatchObject({ name: 'CreditLimitExceeded', message: expect.stringContaining('to 60.00 EUR already charged or held') });
      expect(holdTransactions()).toHaveLength(1);
    });
  });
});
