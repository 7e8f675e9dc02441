import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { handler } from '../../../functions/billing/get-customer-bill-document.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { writeCustomerAccount, writeIssuedBill } from '../collections/collections-fixtures.js';
import { billItem } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
let bill: CustomerBill;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  writeCustomerAccount(table, { customerId: 'cust-g', accountId: 'ba-g' });
  writeCustomerAccount(table, { customerId: 'cust-other', accountId: 'ba-other' });
  bill = writeIssuedBill(table, { id: `bill-${Math.random().toString(36).slice(2, 10)}`, amount: 29.03, accountId: 'ba-g', customerId: 'cust-g', paymentDueDate: '2027-02-15T00:00:00.000Z' });
});

const get = (id: string, claims: Claims, accept?: string) =>
  handler(
    apiEvent({ method: 'GET', path: `/tmf-api/customerBillManagement/v4/customerBill/${id}/document`, resource: '/tmf-api/customerBillManagement/v4/customerBill/{id}/document', pathParameters: { id }, claims, headers: accept ? { Accept: accept } : {} }),
    lambdaContext('get-customer-bill-document'),
  );
const refusal = async (answer: ReturnType<typeof get>) => {
  const result = await answer;
  return { statusCode: result.statusCode, headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)])), body: JSON.parse(result.body) };
};

describe('GET /customerBill/{id}/document', () => {
  it('serves its owner the PDF (base64 for API Gateway), the same bytes every time', async () => {
    const first = await get(bill.id, customerClaims('cust-g'));
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${bill.billNo}.pdf"` });
    expect(first.isBase64Encoded).toBe(true);
    expect(Buffer.from(first.body, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const again = await get(bill.id, agentClaims, 'application/pdf');
    expect(again.body).toBe(first.body);
  });

  it('serves the HTML when Accept prefers it, and 406 when it accepts neither', async () => {
    const html = await get(bill.id, agentClaims, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    expect(html.statusCode).toBe(200);
    expect(html.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(html.body).toContain(`Invoice ${bill.billNo}`);
    expectTmfError(await refusal(get(bill.id, agentClaims, 'application/json')), 406, 'NOT_ACCEPTABLE');
  });

  it("answers another customer's bill, and an unknown one, 404; a bill not issued 409", async () => {
    expectTmfError(await refusal(get(bill.id, customerClaims('cust-other'))), 404, 'NOT_FOUND');
    expectTmfError(await refusal(get('no-such-bill', agentClaims)), 404, 'NOT_FOUND');
    const { billNo: _number, ...draft } = bill;
    table.put(billItem({ ...draft, id: 'draft-1', state: 'new' }, 'cust-g', 1));
    expectTmfError(await refusal(get('draft-1', agentClaims)), 409, 'BILL_NOT_ISSUED');
  });
});
