import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../../domain/money/money.js';
import type { Refund } from '../../../domain/payments/payment.js';
import { handler } from '../../../functions/payments/list-refunds.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { paymentResource, refundItem, refundResource } from '../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/paymentManagement/v4/refund';
const at = (minute: number) => `2026-01-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
const paymentOf2 = paymentResource({ id: 'pay-2', customerId: 'cust-2', orderId: 'order-2' });
const refunds: Record<string, Refund[]> = {
  'cust-1': [
    refundResource({ id: 'ref-1a', now: at(2) }),
    refundResource({ id: 'ref-1b', now: at(6), amount: money(100n, 'EUR'), refundedBefore: money(2999n, 'EUR') }),
  ],
  'cust-2': [refundResource({ id: 'ref-2a', payment: paymentOf2, now: at(4) })],
};
const everyRefund = Object.values(refunds).flat().sort((a, b) => a.refundDate.localeCompare(b.refundDate));

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((refund) => refund.id);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock
    .on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#Refund' } })
    .resolves({ Items: everyRefund.map((refund) => refundItem(refund)) });
  for (const [customerId, owned] of Object.entries(refunds)) {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'Refund#' } })
      .resolves({ Items: owned.map((refund) => refundItem(refund)) });
  }
});

describe('GET /refund (list-refunds)', () => {
  it('staff list every refund from gsi1, valid TMF676 Refunds with paging headers', async () => {
    const answer = await list({ limit: '2' });
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['ref-1a', 'ref-2a']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('2');
    for (const refund of answer.body) expectValidTmf(tmf676, 'Refund', refund);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#Refund' } })]);
  });

  it("relatedParty.id selects customers' refunds from gsi2, merged by refund date", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-2,cust-1' });
    expect(ids(answer.body)).toEqual(['ref-1a', 'ref-2a', 'ref-1b']);
    expect(queries()).toHaveLength(2);
  });

  it.each([
    ['payment.id', 'pay-1', ['payment', 'id']],
    ['account.id', 'ba-1', ['account', 'id']],
    ['correlatorId', 'order-1', ['correlatorId']],
    ['status', 'done', ['status']],
  ])('passes the %s filter to the Query as a filter on the resource', async (name, value, segments) => {
    await list({ [name]: value });
    const [input] = queries();
    expect(input!.FilterExpression).toBe(`${['#resource', ...segments.map((_, index) => `#f0_${index}`)].join('.')} IN (:f0_0)`);
    expect(input!.ExpressionAttributeValues).toMatchObject({ ':f0_0': value });
  });

  it('400 naming an unknown filter, without querying', async () => {
    const answer = await list({ reason: 'late' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf676);
    expect(detailFields(answer)).toEqual(['reason']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('is narrowed to the refunds paid back to it', async () => {
      const answer = await list(undefined, customerClaims('cust-2'));
      expect(ids(answer.body)).toEqual(['ref-2a']);
      expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-2' }) })]);
    });

    it("gets nothing, and queries nothing, when filtering on another customer's id", async () => {
      const answer = await list({ 'relatedParty.id': 'cust-1' }, customerClaims('cust-2'));
      expect(answer.body).toEqual([]);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });
});
