import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/payments/get-payment.js';
import { customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { paymentItem, paymentResource } from '../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/paymentManagement/v4/payment';
const payment = paymentResource({ id: 'pay-1', customerId: 'cust-1' });

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(handler, resourceEvent('GET', path, id, { ...(query ? { query } : {}), ...(claims !== undefined ? { claims } : {}) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'PAYMENT#pay-1', sk: 'PAYMENT' } }).resolves({ Item: paymentItem(payment) });
});

describe('GET /payment/{id} (get-payment)', () => {
  it('200 with the payment and its ETag, valid against TMF676 Payment, from one GetItem', async () => {
    const answer = await get('pay-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(payment);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf676, 'Payment', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: 'PAYMENT#pay-1', sk: 'PAYMENT' } }]);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('pay-1', undefined, { fields: 'totalAmount,status' });
    expect(answer.body).toEqual({ id: 'pay-1', href: payment.href, '@type': 'Payment', status: 'captured', totalAmount: { unit: 'EUR', value: 59.98 } });
  });

  it('404 for an unknown payment', async () => {
    const answer = await get('pay-404');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf676);
    expect(answer.body.message).toBe('payment pay-404 does not exist');
  });

  it("a customer reads the payments it made; another customer's answers exactly like an unknown id", async () => {
    const own = await get('pay-1', customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expectValidTmf(tmf676, 'Payment', own.body);
    const foreign = await get('pay-1', customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf676);
    expect(foreign.body.message).toBe('payment pay-1 does not exist');
  });

  it('401 without claims', async () => {
    expectTmfError(await get('pay-1', null), 401, 'UNAUTHORIZED', tmf676);
  });
});
