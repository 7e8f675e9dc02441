import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/list-bill-runs.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { billRunPath, writeRun } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: billRunPath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const ids = (body: { id: string }[]) => body.map((run) => run.id);

beforeEach(() => {
  documentMock.reset();
  const table = new FakeBillingTable().install(documentMock);
  writeRun(table, { id: 'run-march', now: '2027-03-01T06:00:00.000Z' }, { due: 4, billed: 1 });
  writeRun(table, { id: 'run-feb', now: '2027-02-01T06:00:00.000Z' }, { due: 2, billed: 1, failed: 1, bills: 1 });
  // A failure item of the run: read only by GET one run.
  table.put({ pk: 'BILL_RUN#run-feb', sk: 'FAILURE#ba-9', entityType: 'BillRunFailure', version: 1, failure: { billingAccountId: 'ba-9', reason: 'x', at: '2027-02-01T06:01:00.000Z' } });
});

describe('GET /billing/v1/billRun (list-bill-runs)', () => {
  it('every run, oldest first, with its counts and progress, from one gsi1 Query (failures are GET-one-run only)', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['run-feb', 'run-march']);
    expect(answer.body[0]).toMatchObject({ state: 'inProgress', counts: { due: 2, billed: 1, skipped: 0, failed: 1, bills: 1 }, progress: 100, failures: [] });
    expect(answer.body[1]).toMatchObject({ counts: { due: 4, billed: 1 }, progress: 25 });
    expect(answer.headers['x-total-count']).toBe('2');
    expect(documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#BillRun' } }),
    ]);
  });

  it('pages with offset and limit, and selects fields', async () => {
    const answer = await list({ offset: '1', limit: '5', fields: 'counts' });
    expect(answer.body).toEqual([{ id: 'run-march', href: `${billRunPath}/run-march`, '@type': 'BillRun', counts: { due: 4, billed: 1, skipped: 0, failed: 0, bills: 0 } }]);
    expect(answer.headers['x-total-count']).toBe('2');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('400 for any filter', async () => {
    const answer = await list({ state: 'completed' });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['state']);
  });

  it('403 for a customer, before reading anything', async () => {
    expectTmfError(await list(undefined, customerClaims('cust-1')), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});
