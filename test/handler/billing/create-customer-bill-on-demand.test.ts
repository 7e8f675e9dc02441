import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { billIdFor, type CustomerBill } from '../../../domain/billing/customer-bill.js';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { handler } from '../../../functions/billing/create-customer-bill-on-demand.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { billLines, feb1, mobileMTerm, mobileStart, onDemandPath, outboxEvents, scheduleOf, storedBill, testClock, testClockItem, writeAccount, writeCatalog } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const post = (body: unknown, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'POST', path: onDemandPath, body, headers: { 'x-correlation-id': 'corr-ondemand-1' }, ...(claims ? { claims } : {}) }), lambdaContext('create-customer-bill-on-demand'));
const onDemandItems = () => table.itemsOf('CUSTOMER_BILL_ON_DEMAND#');
const billOf = (accountId: string, date: string) => storedBill(table, billIdFor(accountId, date))?.resource as CustomerBill | undefined;

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  return () => vi.restoreAllMocks();
});

describe('POST /customerBillOnDemand (create-customer-bill-on-demand)', () => {
  it("201 with the request done and its offCycle bill: Mobile M started on 16 Jan, billed on the 20th, owes January's part in advance (5.03)", async () => {
    const now = '2027-01-20T10:00:00.000Z';
    vi.spyOn(systemClock, 'now').mockReturnValue(now);
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const answer = await post({ billingAccount: { id: 'ba-1' }, name: 'Closing balance', description: 'Moving abroad' });

    expect(answer.statusCode).toBe(201);
    const id = answer.body.id as string;
    const billId = billIdFor('ba-1', now);
    expect(answer.body).toEqual({
      id,
      href: `${onDemandPath}/${id}`,
      '@type': 'CustomerBillOnDemand',
      name: 'Closing balance',
      description: 'Moving abroad',
      state: 'done',
      billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Account ba-1', '@referredType': 'BillingAccount' },
      customerBill: { id: billId, href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`, '@referredType': 'CustomerBill' },
      lastUpdate: now,
    });
    expect(answer.headers.location).toBe(`${onDemandPath}/${id}`);
    expectValidTmf(tmf678, 'CustomerBillOnDemand', answer.body);

    const bill = billOf('ba-1', now)!;
    expect(bill).toMatchObject({ runType: 'offCycle', state: 'validated', billNo: '2027-000001', billDate: now, amountDue: { value: 5.03 }, billingPeriod: { endDateTime: now } });
    expectValidTmf(tmf678, 'CustomerBill', bill);
    expect(billLines(table, billId).map((line) => (line.resource as Record<string, any>).periodCoverage)).toEqual([{ startDateTime: mobileStart, endDateTime: feb1 }]);
    const issued = CustomerBillIssued.parseDetail(outboxEvents(documentMock)[0]!.detail);
    expect(issued.data.bill).toMatchObject({ id: billId, runType: 'offCycle', billNo: '2027-000001' });
    expect(issued.metadata.correlationId).toBe('corr-ondemand-1');
    // The regular bill of 1 Feb still comes, from the off-cycle bill on.
    expect(scheduleOf(table, 'ba-1')).toMatchObject({ nextBillAt: feb1, lastBillAt: now });

    expect(documentMock.commandCalls(PutCommand).map((call) => call.args[0].input).find((input) => String(input.Item?.pk).startsWith('CUSTOMER_BILL_ON_DEMAND#'))).toMatchObject({
      Item: { pk: `CUSTOMER_BILL_ON_DEMAND#${id}`, sk: 'CUSTOMER_BILL_ON_DEMAND', gsi2pk: 'CUSTOMER#cust-1', gsi2sk: `CustomerBillOnDemand#${now}#${id}`, customerId: 'cust-1', resource: answer.body },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('first the regular bills that fell due, then the off-cycle bill: a product terminated on 5 Feb, billed on demand on the 10th, gets February back', async () => {
    const now = '2027-02-10T10:00:00.000Z';
    vi.spyOn(systemClock, 'now').mockReturnValue(now);
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', products: [[mobileMTerm(mobileStart, { to: '2027-02-05T09:00:00.000Z', endedBy: 'termination' })]] });
    const answer = await post({ billingAccount: { id: 'ba-1' } }, agentClaims);
    expect(answer.statusCode).toBe(201);

    // The 1 Feb bill did not know of the termination yet: it charged February in advance.
    expect(billOf('ba-1', feb1)).toMatchObject({ runType: 'onCycle', billNo: '2027-000001', amountDue: { value: 15.03 } });
    const offCycle = billOf('ba-1', now)!;
    expect(offCycle).toMatchObject({ runType: 'offCycle', billNo: '2027-000002', amountDue: { value: 0 } });
    expect(answer.body.customerBill.id).toBe(offCycle.id);
    // 5 Feb 10:00 Paris to 1 Mar: 2 037 600 s of February's 2 419 200 at 10.00 = 8.4226… → 8.42 back, carried to the next bill.
    expect(billLines(table, offCycle.id).map((line) => [(line.resource as Record<string, any>).type, (line.resource as Record<string, any>).taxIncludedAmount.value])).toEqual([
      ['credit', -8.42],
      ['creditCarriedForward', 8.42],
    ]);
    expect(outboxEvents(documentMock).map((event) => event.detail.data.bill.runType)).toEqual(['onCycle', 'offCycle']);
    // Nothing runs on: the account rests out of the due index, its credit waiting in the schedule.
    expect(scheduleOf(table, 'ba-1')).toMatchObject({ creditCarriedMinor: '842', lastBillAt: now });
    expect(scheduleOf(table, 'ba-1')!.nextBillAt).toBeUndefined();
  });

  it("an account on a test clock is billed at the clock's time, in the clock's series", async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2030-06-01T00:00:00.000Z');
    table.put(testClockItem(testClock('clock-1', '2027-01-25T12:00:00.000Z')));
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', testClockId: 'clock-1', account: { testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } } });
    const answer = await post({ billingAccount: { id: 'ba-1' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.body.lastUpdate).toBe('2027-01-25T12:00:00.000Z');
    expect(billOf('ba-1', '2027-01-25T12:00:00.000Z')).toMatchObject({ billNo: 'TEST-clock-1-2027-000001', testClock: { id: 'clock-1' } });
  });

  it('when the regular bills just run were everything there was to bill, the request is done with the last of them', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-10T10:00:00.000Z');
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const answer = await post({ billingAccount: { id: 'ba-1' } });
    expect(answer.statusCode).toBe(201);
    const regular = billOf('ba-1', feb1)!;
    expect(regular).toMatchObject({ billNo: '2027-000001' });
    expect(answer.body).toMatchObject({ state: 'done', customerBill: { id: regular.id } });
    expect(billOf('ba-1', '2027-02-10T10:00:00.000Z')).toBeUndefined();
    expect(onDemandItems()).toHaveLength(1);
  });

  it('409 BILLING_FAILED naming the reason when the account cannot be billed: a customer without a postal address cannot be taxed', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-10T10:00:00.000Z');
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', customer: { contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: 'nowhere@example.com' } }] } });
    const answer = await post({ billingAccount: { id: 'ba-1' } });
    expectTmfError(answer, 409, 'BILLING_FAILED', tmf678);
    expect(answer.body.message).toContain('no postal address');
    expect(billOf('ba-1', feb1)).toBeUndefined();
    expect(onDemandItems()).toEqual([]);
  });

  it('409 NOTHING_TO_BILL for an account no product was ever billed or activated on', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-10T10:00:00.000Z');
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    table.items.delete('BILLING_ACCOUNT#ba-1|BILL_SCHEDULE');
    expectTmfError(await post({ billingAccount: { id: 'ba-1' } }), 409, 'NOTHING_TO_BILL', tmf678);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('409 ALREADY_BILLED when the account was billed at this very instant (a test clock standing on its bill date)', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2030-06-01T00:00:00.000Z');
    table.put(testClockItem(testClock('clock-1', feb1)));
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', testClockId: 'clock-1', account: { testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } } });
    const answer = await post({ billingAccount: { id: 'ba-1' } });
    expectTmfError(answer, 409, 'ALREADY_BILLED', tmf678);
    expect(billOf('ba-1', feb1)).toMatchObject({ runType: 'onCycle', billNo: 'TEST-clock-1-2027-000001' });
    expect(onDemandItems()).toEqual([]);
  });

  it('409 CONCURRENT_BILLING when another request issued the same bill meanwhile', async () => {
    const now = '2027-01-20T10:00:00.000Z';
    vi.spyOn(systemClock, 'now').mockReturnValue(now);
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    table.beforeTransaction = () => {
      const stored = storedBill(table, billIdFor('ba-1', now))!;
      table.put({ ...stored, resource: { ...(stored.resource as CustomerBill), state: 'validated', billNo: '2027-000001' } });
    };
    expectTmfError(await post({ billingAccount: { id: 'ba-1' } }), 409, 'CONCURRENT_BILLING', tmf678);
    expect(onDemandItems()).toEqual([]);
  });

  it('400 naming billingAccount.id for an unknown account, writing nothing', async () => {
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-01-20T10:00:00.000Z');
    const answer = await post({ billingAccount: { id: 'ba-404' } });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(['billingAccount.id']);
    expect(answer.body.message).toBe('billing account ba-404 does not exist');
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['no account', {}, ['billingAccount']],
    ['an attribute it does not take', { billingAccount: { id: 'ba-1' }, state: 'done' }, ['state']],
  ])('400 for a body with %s', async (_case, body, fields) => {
    const answer = await post(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('403 for a customer, even for its own account, before reading anything', async () => {
    expectTmfError(await post({ billingAccount: { id: 'ba-1' } }, customerClaims('cust-1')), 403, 'FORBIDDEN', tmf678);
    expect(documentMock.calls()).toHaveLength(0);
  });
});
