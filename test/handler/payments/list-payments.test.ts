import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Payment } from '../../../domain/payments/payment.js';
import { handler } from '../../../functions/payments/list-payments.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { paymentItem, paymentResource } from '../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/paymentManagement/v4/payment';
const at = (minute: number) => `2026-01-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
const payments: Record<string, Payment[]> = {
  'cust-1': [
    paymentResource({ id: 'pay-1a', customerId: 'cust-1', orderId: 'order-1a', now: at(1) }),
    paymentResource({ id: 'pay-1b', customerId: 'cust-1', orderId: 'order-1b', now: at(5) }),
  ],
  'cust-2': [paymentResource({ id: 'pay-2a', customerId: 'cust-2', billingAccountId: 'ba-2', orderId: 'order-2a', now: at(3) })],
};
const everyPayment = Object.values(payments).flat().sort((a, b) => a.paymentDate.localeCompare(b.paymentDate));

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((payment) => payment.id);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock
    .on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#Payment' } })
    .resolves({ Items: everyPayment.map((payment) => paymentItem(payment)) });
  for (const [customerId, owned] of Object.entries(payments)) {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'Payment#' } })
      .resolves({ Items: owned.map((payment) => paymentItem(payment)) });
  }
});

describe('GET /payment (list-payments)', () => {
  it('staff list every payment from gsi1, valid TMF676 Payments with paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['pay-1a', 'pay-2a', 'pay-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const payment of answer.body) expectValidTmf(tmf676, 'Payment', payment);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#Payment' } })]);
  });

  it("payer.id selects customers' payments from gsi2, merged by payment date and paged", async () => {
    const answer = await list({ 'payer.id': 'cust-1,cust-2', offset: '1', limit: '2' });
    expect(ids(answer.body)).toEqual(['pay-2a', 'pay-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('2');
    expect(queries()).toHaveLength(2);
    for (const input of queries()) expect(input).toMatchObject({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':prefix': 'Payment#' }) });
  });

  it.each([
    ['account.id', 'ba-2', ['account', 'id']],
    ['correlatorId', 'order-1a', ['correlatorId']],
    ['status', 'captured', ['status']],
  ])('passes the %s filter to the Query as a filter on the resource', async (name, value, segments) => {
    await list({ [name]: value });
    const [input] = queries();
    expect(input!.FilterExpression).toBe(`${['#resource', ...segments.map((_, index) => `#f0_${index}`)].join('.')} IN (:f0_0)`);
    expect(input!.ExpressionAttributeNames).toMatchObject(Object.fromEntries(segments.map((segment, index) => [`#f0_${index}`, segment])));
    expect(input!.ExpressionAttributeValues).toMatchObject({ ':f0_0': value });
  });

  it('400 naming an unknown filter, without querying', async () => {
    const answer = await list({ 'paymentMethod.id': 'tok_visa_4242' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf676);
    expect(detailFields(answer)).toEqual(['paymentMethod.id']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('is narrowed to its own payments without any filter', async () => {
      const answer = await list({ fields: 'totalAmount' }, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['pay-1a', 'pay-1b']);
      expect(Object.keys(answer.body[0]).sort()).toEqual(['@type', 'href', 'id', 'totalAmount']);
      expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1' }) })]);
    });

    it("gets nothing, and queries nothing, when filtering on another customer's id", async () => {
      const answer = await list({ 'payer.id': 'cust-2' }, customerClaims('cust-1'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
      expect(documentMock.calls()).toHaveLength(0);
    });
  });
});
