import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { money } from '../../domain/money/money.js';
import { newPayment, newRefund } from '../../domain/payments/payment.js';
import { transitionProduct } from '../../domain/product-inventory/product.js';
import { paymentPut, refundPut } from '../../functions/lib/store/payment-store.js';
import { productPut, productUpdate } from '../../functions/lib/store/product-store.js';
import { newPaymentInput } from '../support/payment-fixtures.js';
import { productIn } from '../support/product-fixtures.js';
import { call, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf637, tmf676 } from '../support/tmf-schema.js';

const products = '/tmf-api/productInventory/v4/product';
const payments = '/tmf-api/paymentManagement/v4/payment';
const refunds = '/tmf-api/paymentManagement/v4/refund';

/**
 * The records order-to-cash writes, written with the store's transaction actions into the
 * running runtime's DynamoDB Local and read back through the HTTP API: real conditions, real
 * GSIs, real filter expressions on the resource.
 */
describe('products, payments and refunds on DynamoDB Local', () => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const run = randomUUID().slice(0, 8);
  const customer = `cust-${run}`;
  const stranger = `cust-other-${run}`;
  const ids = { active: `prod-a-${run}`, other: `prod-b-${run}`, payment: `pay-${run}`, refund: `ref-${run}` };
  let admin: string;

  beforeAll(async () => {
    process.env.TABLE_NAME ??= 'bss';
    admin = await tokenFor('admin');
    const created = productIn('created', { id: ids.active, customerId: customer, billingAccountId: `ba-${run}` });
    const other = productIn('active', { id: ids.other, customerId: customer, billingAccountId: `ba-other-${run}`, now: '2026-01-15T11:00:00.000Z' });
    const payment = newPayment(newPaymentInput({ id: ids.payment, customerId: customer, orderId: `order-${run}`, billingAccountId: `ba-${run}` }));
    const refund = newRefund({ id: ids.refund, payment, amount: money(1000n, 'EUR'), reason: 'item failed', refundId: `gw-${run}`, now: '2026-01-15T10:10:00.000Z' });
    await documents.send(new TransactWriteCommand({ TransactItems: [productPut(created, { chargeTerms: [] }), productPut(other, { chargeTerms: [] }), paymentPut(payment), refundPut(refund)] }));
    const active = transitionProduct(transitionProduct(created, 'pendingActive', '2026-01-15T10:01:00.000Z'), 'active', '2026-01-15T10:02:00.000Z');
    await documents.send(new TransactWriteCommand({ TransactItems: [productUpdate(active, 1, [])] }));
  });

  it('a second put of the same product is refused by its condition', async () => {
    await expect(documents.send(new TransactWriteCommand({ TransactItems: [productPut(productIn('created', { id: ids.active, customerId: customer }), { chargeTerms: [] })] }))).rejects.toThrow(
      /ConditionalCheckFailed/,
    );
  });

  it('an update from a stale version is refused', async () => {
    const stale = productIn('suspended', { id: ids.active, customerId: customer });
    await expect(documents.send(new TransactWriteCommand({ TransactItems: [productUpdate(stale, 1, [])] }))).rejects.toThrow(/ConditionalCheckFailed/);
  });

  it('GET /product/{id} answers the updated product with its version; a stranger gets 404', async () => {
    const own = await call(`${products}/${ids.active}`, { token: await tokenFor('customer', customer) });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: ids.active, status: 'active', startDate: '2026-01-15T10:02:00.000Z' });
    expect(own.headers.get('etag')).toBe('W/"2"');
    expectValidTmf(tmf637, 'Product', own.body);
    expect((await call(`${products}/${ids.active}`, { token: await tokenFor('customer', stranger) })).status).toBe(404);
  });

  it("lists a customer's products from gsi2 with a billing account filter", async () => {
    const all = await call(`${products}?relatedParty.id=${customer}`, { token: admin });
    expect(all.body.map((product: { id: string }) => product.id)).toEqual([ids.active, ids.other]);
    const filtered = await call(`${products}?relatedParty.id=${customer}&billingAccount.id=ba-other-${run}&status=active`, { token: admin });
    expect(filtered.body.map((product: { id: string }) => product.id)).toEqual([ids.other]);
    expect(filtered.headers.get('x-total-count')).toBe('1');
    const mine = await call(products, { token: await tokenFor('customer', customer) });
    expect(mine.body).toHaveLength(2);
  });

  it('serves the payment and its refund, filtered by order and payment, to their customer only', async () => {
    const token = await tokenFor('customer', customer);
    const payment = await call(`${payments}/${ids.payment}`, { token });
    expect(payment.status).toBe(200);
    expectValidTmf(tmf676, 'Payment', payment.body);
    const byOrder = await call(`${payments}?correlatorId=order-${run}`, { token });
    expect(byOrder.body.map((found: { id: string }) => found.id)).toEqual([ids.payment]);
    const refundsOfPayment = await call(`${refunds}?payment.id=${ids.payment}`, { token });
    expect(refundsOfPayment.body.map((found: { id: string }) => found.id)).toEqual([ids.refund]);
    expectValidTmf(tmf676, 'Refund', refundsOfPayment.body[0]);
    const strangerToken = await tokenFor('customer', stranger);
    expect((await call(`${refunds}/${ids.refund}`, { token: strangerToken })).status).toBe(404);
    expect((await call(`${payments}?correlatorId=order-${run}`, { token: strangerToken })).body).toEqual([]);
  });
});
