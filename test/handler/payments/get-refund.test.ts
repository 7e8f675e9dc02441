import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/payments/get-refund.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { refundItem, refundResource } from '../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/paymentManagement/v4/refund';
const refund = refundResource({ id: 'ref-1' });

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(handler, resourceEvent('GET', path, id, { ...(query ? { query } : {}), ...(claims !== undefined ? { claims } : {}) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'REFUND#ref-1', sk: 'REFUND' } }).resolves({ Item: refundItem(refund, 2) });
});

describe('GET /refund/{id} (get-refund)', () => {
  it('200 with the refund and its ETag, valid against TMF676 Refund', async () => {
    const answer = await get('ref-1', agentClaims);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(refund);
    expect(answer.headers.etag).toBe('W/"2"');
    expectValidTmf(tmf676, 'Refund', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: 'REFUND#ref-1', sk: 'REFUND' } }]);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('ref-1', undefined, { fields: 'payment' });
    expect(answer.body).toEqual({ id: 'ref-1', href: refund.href, '@type': 'Refund', payment: refund.payment });
  });

  it('404 for an unknown refund', async () => {
    const answer = await get('ref-404');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf676);
    expect(answer.body.message).toBe('refund ref-404 does not exist');
  });

  it("a customer reads the refunds paid back to it; another customer's answers exactly like an unknown id", async () => {
    expect((await get('ref-1', customerClaims('cust-1'))).statusCode).toBe(200);
    const foreign = await get('ref-1', customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf676);
    expect(foreign.body.message).toBe('refund ref-1 does not exist');
  });

  it('401 without claims', async () => {
    expectTmfError(await get('ref-1', null), 401, 'UNAUTHORIZED', tmf676);
  });
});
