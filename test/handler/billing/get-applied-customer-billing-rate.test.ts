import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/get-applied-customer-billing-rate.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { feb1, mar1, mobileStart, ratePath, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const get = (id: string, claims?: Claims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', ratePath, id, { ...(claims ? { claims } : {}), ...(query ? { query } : {}) }));

let bills: ReturnType<typeof writeBilledWorld>;
beforeEach(() => {
  documentMock.reset();
  bills = writeBilledWorld(new FakeBillingTable().install(documentMock));
});

describe('GET /appliedCustomerBillingRate/{id} (get-applied-customer-billing-rate)', () => {
  it('200 with the line, valid TMF678 AppliedCustomerBillingRate, from one key lookup derived from its id', async () => {
    const { bill, lines } = bills.ba1Feb;
    const answer = await get(`${bill.id}-0001`);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(lines[0]);
    expect(answer.body).toMatchObject({
      type: 'recurring',
      name: 'Mobile M monthly',
      periodCoverage: { startDateTime: mobileStart, endDateTime: feb1 },
      taxIncludedAmount: { unit: 'EUR', value: 5.03 },
      bill: { id: bill.id },
    });
    expectValidTmf(tmf678, 'AppliedCustomerBillingRate', answer.body);
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: `BILL#${bill.id}`, sk: 'LINE#0001' } }]);
  });

  it('the second line of the bill, with fields', async () => {
    const answer = await get(`${bills.ba1Feb.bill.id}-0002`, agentClaims, { fields: 'periodCoverage' });
    expect(answer.body).toEqual({ id: `${bills.ba1Feb.bill.id}-0002`, href: bills.ba1Feb.lines[1]!.href, '@type': 'AppliedCustomerBillingRate', periodCoverage: { startDateTime: feb1, endDateTime: mar1 } });
  });

  it('404 for an unknown line, and for an id that cannot be a line without reading anything', async () => {
    expectTmfError(await get(`${bills.ba1Feb.bill.id}-0009`), 404, 'NOT_FOUND', tmf678);
    documentMock.resetHistory();
    const malformed = await get('not-a-line');
    expectTmfError(malformed, 404, 'NOT_FOUND', tmf678);
    expect(malformed.body.message).toBe('appliedCustomerBillingRate not-a-line does not exist');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it("a customer reads its own lines; another customer's answers exactly like an unknown id", async () => {
    expect((await get(`${bills.ba1bMar.bill.id}-0001`, customerClaims('cust-1'))).statusCode).toBe(200);
    const foreign = await get(`${bills.ba2Feb.bill.id}-0001`, customerClaims('cust-1'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf678);
    expect(foreign.body.message).toBe(`appliedCustomerBillingRate ${bills.ba2Feb.bill.id}-0001 does not exist`);
  });
});
