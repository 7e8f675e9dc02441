import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { billedOnDemand } from '../../../domain/billing/customer-bill-on-demand.js';
import { handler } from '../../../functions/billing/get-customer-bill-on-demand.js';
import { insertBillOnDemand } from '../../../functions/lib/store/bill-on-demand-store.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { onDemandPath, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const get = (id: string, claims?: Claims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', onDemandPath, id, { ...(claims ? { claims } : {}), ...(query ? { query } : {}) }));
const request = billedOnDemand(
  { billingAccount: { id: 'ba-2' }, name: 'Closing balance' },
  { id: 'req-1', now: '2027-02-10T10:00:00.000Z', billingAccount: { id: 'ba-2', href: '/tmf-api/accountManagement/v4/billingAccount/ba-2', name: 'Account ba-2' }, bill: { id: 'ba-2-20270210100000000', href: '/tmf-api/customerBillManagement/v4/customerBill/ba-2-20270210100000000' } },
);

beforeEach(async () => {
  documentMock.reset();
  writeBilledWorld(new FakeBillingTable().install(documentMock));
  // Written by the store, as the create handler writes it.
  await insertBillOnDemand(request, 'cust-2');
  documentMock.resetHistory();
});

describe('GET /customerBillOnDemand/{id} (get-customer-bill-on-demand)', () => {
  it('200 with the request, valid TMF678 CustomerBillOnDemand, from one key lookup', async () => {
    const answer = await get('req-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(request);
    expectValidTmf(tmf678, 'CustomerBillOnDemand', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: 'CUSTOMER_BILL_ON_DEMAND#req-1', sk: 'CUSTOMER_BILL_ON_DEMAND' }]);
  });

  it('fields selects attributes', async () => {
    expect((await get('req-1', agentClaims, { fields: 'state' })).body).toEqual({ id: 'req-1', href: request.href, '@type': 'CustomerBillOnDemand', state: 'done' });
  });

  it('404 for an unknown request', async () => {
    expectTmfError(await get('req-404'), 404, 'NOT_FOUND', tmf678);
  });

  it("the account's customer reads it; another customer gets 404, as for an unknown id", async () => {
    expect((await get('req-1', customerClaims('cust-2'))).statusCode).toBe(200);
    const foreign = await get('req-1', customerClaims('cust-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf678);
    expect(foreign.body.message).toBe('customerBillOnDemand req-1 does not exist');
  });
});
