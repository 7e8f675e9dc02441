import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/get-bill-run.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { billRunPath, feb1, writeRun } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const get = (id: string, claims?: Claims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', billRunPath, id, { ...(claims ? { claims } : {}), ...(query ? { query } : {}) }));
const failure = (account: string) => ({ billingAccountId: account, reason: `customer of ${account} has no postal address with a country: its bill cannot be taxed`, at: '2027-02-01T06:01:00.000Z' });

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  writeRun(table, { id: 'run-1' }, { due: 8, billed: 5, skipped: 1, failed: 2, bills: 6 });
  for (const account of ['ba-7', 'ba-3']) table.put({ pk: 'BILL_RUN#run-1', sk: `FAILURE#${account}`, entityType: 'BillRunFailure', version: 1, failure: failure(account) });
  table.put({ ...table.get({ pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' })!, firstBillAt: '2027-02-01T06:00:30.000Z' });
});

describe('GET /billing/v1/billRun/{id} (get-bill-run)', () => {
  it('200 with the run put together from its counters and its failure items, with its progress', async () => {
    const answer = await get('run-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      id: 'run-1',
      href: `${billRunPath}/run-1`,
      '@type': 'BillRun',
      state: 'inProgress',
      trigger: 'request',
      asOf: feb1,
      startedAt: '2027-02-01T06:00:00.000Z',
      counts: { due: 8, billed: 5, skipped: 1, failed: 2, bills: 6 },
      progress: 100,
      failures: [failure('ba-3'), failure('ba-7')],
      firstBillAt: '2027-02-01T06:00:30.000Z',
    });
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: { pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' }, ConsistentRead: true });
    // At most the first 100 failures: every failure is counted, a run with thousands stays one page.
    expect(documentMock.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'BILL_RUN#run-1', ':prefix': 'FAILURE#' }, Limit: 100 });
  });

  it('progress is the share of due accounts done, rounded down', async () => {
    table.put({ ...table.get({ pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' })!, due: 9, billed: 5, skipped: 0, failed: 0 });
    expect((await get('run-1', agentClaims)).body.progress).toBe(55);
  });

  it('fields selects attributes', async () => {
    const answer = await get('run-1', undefined, { fields: 'state,counts' });
    expect(answer.body).toEqual({ id: 'run-1', href: `${billRunPath}/run-1`, '@type': 'BillRun', state: 'inProgress', counts: { due: 8, billed: 5, skipped: 1, failed: 2, bills: 6 } });
  });

  it('404 for an unknown run', async () => {
    const answer = await get('run-404');
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(answer.body.message).toBe('billRun run-404 does not exist');
  });

  it('403 for a customer, before reading anything', async () => {
    expectTmfError(await get('run-1', customerClaims('cust-1')), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});
