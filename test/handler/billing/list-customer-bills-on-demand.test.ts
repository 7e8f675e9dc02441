import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { billedOnDemand } from '../../../domain/billing/customer-bill-on-demand.js';
import { handler } from '../../../functions/billing/list-customer-bills-on-demand.js';
import { insertBillOnDemand } from '../../../functions/lib/store/bill-on-demand-store.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { onDemandPath, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: onDemandPath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((request) => request.id);
const requestFor = (id: string, accountId: string, now: string) =>
  billedOnDemand(
    { billingAccount: { id: accountId } },
    { id, now, billingAccount: { id: accountId, href: `/tmf-api/accountManagement/v4/billingAccount/${accountId}`, name: `Account ${accountId}` }, bill: { id: `${accountId}-bill`, href: `/tmf-api/customerBillManagement/v4/customerBill/${accountId}-bill` } },
  );

beforeEach(async () => {
  documentMock.reset();
  writeBilledWorld(new FakeBillingTable().install(documentMock));
  await insertBillOnDemand(requestFor('req-1b', 'ba-1b', '2027-02-12T10:00:00.000Z'), 'cust-1');
  await insertBillOnDemand(requestFor('req-1', 'ba-1', '2027-02-10T10:00:00.000Z'), 'cust-1');
  await insertBillOnDemand(requestFor('req-2', 'ba-2', '2027-02-11T10:00:00.000Z'), 'cust-2');
  documentMock.resetHistory();
});

describe('GET /customerBillOnDemand (list-customer-bills-on-demand)', () => {
  it("relatedParty.id lists a customer's requests from gsi2, oldest first, valid TMF678", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1' });
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['req-1', 'req-1b']);
    expect(answer.headers['x-total-count']).toBe('2');
    for (const request of answer.body) expectValidTmf(tmf678, 'CustomerBillOnDemand', request);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'CustomerBillOnDemand#' } })]);
  });

  it("billingAccount.id narrows to the account's requests; several customers merge by time", async () => {
    expect(ids((await list({ 'billingAccount.id': 'ba-1b' })).body)).toEqual(['req-1b']);
    expect(ids((await list({ 'relatedParty.id': 'cust-1,cust-2' })).body)).toEqual(['req-1', 'req-2', 'req-1b']);
    expect(ids((await list({ 'relatedParty.id': 'cust-1', state: 'done' })).body)).toEqual(['req-1', 'req-1b']);
    expect((await list({ 'relatedParty.id': 'cust-1', state: 'rejected' })).body).toEqual([]);
  });

  it("staff naming neither a customer nor an account list everyone's requests newest first from one gsi1 Query", async () => {
    const answer = await list();
    expect(ids(answer.body)).toEqual(['req-1b', 'req-2', 'req-1']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', ScanIndexForward: false, ExpressionAttributeValues: { ':pk': 'TYPE#CustomerBillOnDemand' } })]);
    expect(ids((await list({ id: 'req-2,req-1' })).body)).toEqual(['req-2', 'req-1']);
    expect(ids((await list({ 'lastUpdate.lte': '2027-02-11T11:00:00+01:00' })).body)).toEqual(['req-2', 'req-1']);
    expect(ids((await list({ 'lastUpdate.lt': '2027-02-11T11:00:00+01:00' })).body)).toEqual(['req-1']);
    expect(ids((await list({ lastUpdate: '2027-02-10T11:00:00+01:00' })).body)).toEqual(['req-1']);
  });

  it('400 naming an attribute requests do not have, or a structure', async () => {
    for (const name of ['amountDue', 'customerBill']) {
      const answer = await list({ [name]: 'x' });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
      expect(detailFields(answer)).toEqual([name]);
    }
  });

  it('a customer sees its own requests only', async () => {
    expect(ids((await list(undefined, customerClaims('cust-2'))).body)).toEqual(['req-2']);
    expect((await list({ 'relatedParty.id': 'cust-1' }, customerClaims('cust-2'))).body).toEqual([]);
    expect((await list({ 'billingAccount.id': 'ba-1' }, customerClaims('cust-2'))).body).toEqual([]);
  });
});
