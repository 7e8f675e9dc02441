import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/get-customer-bill.js';
import { agentClaims, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { customerBillPath, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', customerBillPath, id, { ...(claims !== undefined ? { claims } : {}), ...(query ? { query } : {}) }));

let bills: ReturnType<typeof writeBilledWorld>;
beforeEach(() => {
  documentMock.reset();
  bills = writeBilledWorld(new FakeBillingTable().install(documentMock));
});

describe('GET /customerBill/{id} (get-customer-bill)', () => {
  it('200 with the bill and its ETag, valid TMF678 CustomerBill, from one GetItem', async () => {
    const { bill } = bills.ba1Feb;
    const answer = await get(bill.id);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(bill);
    expect(answer.body).toMatchObject({ billNo: '2027-000001', state: 'validated', amountDue: { unit: 'EUR', value: 15.03 } });
    expect(answer.headers.etag).toBe('W/"2"');
    expectValidTmf(tmf678, 'CustomerBill', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: `BILL#${bill.id}`, sk: 'BILL' } }]);
  });

  it('agents read any bill; fields selects attributes', async () => {
    const answer = await get(bills.ba2Feb.bill.id, agentClaims, { fields: 'billNo,amountDue' });
    expect(answer.body).toEqual({ id: bills.ba2Feb.bill.id, href: bills.ba2Feb.bill.href, '@type': 'CustomerBill', billNo: '2027-000002', amountDue: { unit: 'EUR', value: 15.03 } });
  });

  it('404 for an unknown bill', async () => {
    const answer = await get('ba-1-20990101000000000');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf678);
    expect(answer.body.message).toBe('customerBill ba-1-20990101000000000 does not exist');
  });

  it("a customer reads its own bills; another customer's answers exactly like an unknown id", async () => {
    const own = await get(bills.ba1bMar.bill.id, customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expectValidTmf(tmf678, 'CustomerBill', own.body);
    const foreign = await get(bills.ba2Feb.bill.id, customerClaims('cust-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf678);
    expect(foreign.body.message).toBe(`customerBill ${bills.ba2Feb.bill.id} does not exist`);
  });

  it('a mediation feed may not read bills: 403', async () => {
    expectTmfError(await get(bills.ba1Feb.bill.id, mediationClaims), 403, 'FORBIDDEN', tmf678);
  });

  it('401 without claims, before reading anything', async () => {
    expectTmfError(await get(bills.ba1Feb.bill.id, null), 401, 'UNAUTHORIZED', tmf678);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
