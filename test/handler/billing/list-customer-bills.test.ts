import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/list-customer-bills.js';
import { allBillsShards } from '../../../functions/lib/store/bill-store.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { customerBillPath, feb1, mar1, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: customerBillPath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const billNos = (body: { billNo: string }[]) => body.map((bill) => bill.billNo);

let bills: ReturnType<typeof writeBilledWorld>;
beforeEach(() => {
  documentMock.reset();
  bills = writeBilledWorld(new FakeBillingTable().install(documentMock));
});

describe('GET /customerBill (list-customer-bills)', () => {
  it("relatedParty.id lists a customer's bills by bill date from one gsi2 Query, valid TMF678 CustomerBills with paging headers", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1' });
    expect(answer.statusCode).toBe(200);
    // By bill date, then id: ba-1's 1 Mar bill before ba-1b's.
    expect(billNos(answer.body)).toEqual(['2027-000001', '2027-000007', '2027-000006']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const bill of answer.body) expectValidTmf(tmf678, 'CustomerBill', bill);
    expect(queries()).toEqual([
      expect.objectContaining({ IndexName: 'gsi2', KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'CustomerBill#' } }),
    ]);
  });

  it("billingAccount.id reads the account's owner and narrows the owner's bills to the account", async () => {
    const answer = await list({ 'billingAccount.id': 'ba-1' }, agentClaims);
    expect(billNos(answer.body)).toEqual(['2027-000001', '2027-000007']);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' });
    expect(queries()).toEqual([expect.objectContaining({ ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1', ':f0_0': 'ba-1' }) })]);
  });

  it("accounts of two customers: each owner's partition, merged by bill date", async () => {
    const answer = await list({ 'billingAccount.id': 'ba-2,ba-1b' });
    expect(billNos(answer.body)).toEqual(['2027-000002', '2027-000006']);
    expect(queries()).toHaveLength(2);
  });

  it('an unknown account gives nothing, exactly as an account with nothing billed, without querying bills', async () => {
    const answer = await list({ 'billingAccount.id': 'ba-404' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-total-count']).toBe('0');
    expect(queries()).toEqual([]);
  });

  it('a billDate window is a key range: billDate.gte includes its instant, billDate.lt excludes its own', async () => {
    const from = await list({ 'relatedParty.id': 'cust-1', 'billDate.gte': mar1 });
    expect(billNos(from.body)).toEqual(['2027-000007', '2027-000006']);
    expect(queries()[0]).toMatchObject({ KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':from': `CustomerBill#${mar1}`, ':to': 'CustomerBill#9999' } });
    const before = await list({ 'relatedParty.id': 'cust-1', 'billDate.lt': '2027-03-01T00:00:00+01:00' });
    expect(billNos(before.body)).toEqual(['2027-000001']);
    expect(queries()[1]!.ExpressionAttributeValues).toMatchObject({ ':from': 'CustomerBill#0000', ':to': `CustomerBill#${mar1}` });
    const both = await list({ 'relatedParty.id': 'cust-1', 'billDate.gte': feb1, 'billDate.lt': '2027-02-15T00:00:00Z' });
    expect(billNos(both.body)).toEqual(['2027-000001']);
  });

  it('400 naming a billDate bound that is not an instant, without querying', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1', 'billDate.gte': 'last month' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(['billDate.gte']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it.each([
    ['billNo', '2027-000007', ['2027-000007']],
    ['state', 'validated,settled', ['2027-000001', '2027-000007', '2027-000006']],
    ['state', 'settled', []],
    ['runType', 'offCycle', []],
  ])('filters on %s=%s', async (name, value, expected) => {
    const answer = await list({ 'relatedParty.id': 'cust-1', [name]: value });
    expect(billNos(answer.body)).toEqual(expected);
  });

  it('pages across the merged bills and selects fields', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1,cust-2', offset: '1', limit: '2', fields: 'billNo' });
    expect(answer.body).toEqual([
      { id: bills.ba2Feb.bill.id, href: bills.ba2Feb.bill.href, '@type': 'CustomerBill', billNo: '2027-000002' },
      { id: bills.ba1Mar.bill.id, href: bills.ba1Mar.bill.href, '@type': 'CustomerBill', billNo: '2027-000007' },
    ]);
    expect(answer.headers['x-total-count']).toBe('4');
    expect(answer.headers['x-result-count']).toBe('2');
  });

  it("staff naming neither a customer nor an account list everyone's bills newest first, one gsi1 Query per shard, never a scan", async () => {
    const answer = await list(undefined, agentClaims);
    expect(answer.statusCode).toBe(200);
    const all = [bills.ba1Feb, bills.ba2Feb, bills.ba1Mar, bills.ba1bMar].map(({ bill }) => bill);
    expect(answer.body.map((bill: { id: string }) => bill.id)).toEqual(
      all.sort((a, b) => `${b.billDate}#${b.id}`.localeCompare(`${a.billDate}#${a.id}`)).map((bill) => bill.id),
    );
    expect(answer.headers['x-total-count']).toBe('4');
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(queries()).toHaveLength(allBillsShards);
    for (const query of queries()) expect(query).toMatchObject({ IndexName: 'gsi1', ScanIndexForward: false, ExpressionAttributeValues: { ':pk': expect.stringMatching(/^BILLS#\d+$/) } });

    const paged = await list({ state: 'validated', 'billDate.gte': mar1, offset: '1', limit: '1' }, agentClaims);
    expect(paged.body).toHaveLength(1);
    expect(paged.headers['x-total-count']).toBe('2');
    expect(paged.headers['x-result-count']).toBe('1');
  });

  it('filters on id, href (as the id it names), exact lastUpdate, lastUpdate.gte and a number', async () => {
    const { bill } = bills.ba1Mar;
    expect(billNos((await list({ 'relatedParty.id': 'cust-1', id: bill.id })).body)).toEqual([bill.billNo]);
    expect(billNos((await list({ id: `${bill.id},${bills.ba2Feb.bill.id}` }, agentClaims)).body).sort()).toEqual([bill.billNo, bills.ba2Feb.bill.billNo].sort());
    expect(billNos((await list({ href: `https://api.example.com${bill.href}` }, agentClaims)).body)).toEqual([bill.billNo]);
    expect((await list({ href: `/tmf-api/productCatalogManagement/v4/productOffering/${bill.id}` }, agentClaims)).body).toEqual([]);
    expect(billNos((await list({ 'relatedParty.id': 'cust-1', lastUpdate: bill.lastUpdate })).body)).toContain(bill.billNo);
    const later = new Date(Date.parse(bill.lastUpdate) + 1).toISOString();
    expect((await list({ 'relatedParty.id': 'cust-1', 'lastUpdate.gte': later })).body.every((one: { lastUpdate: string }) => one.lastUpdate >= later)).toBe(true);
    expect(billNos((await list({ 'relatedParty.id': 'cust-1', 'lineCount.gte': '1', id: bill.id })).body)).toEqual([bill.billNo]);
    expect(billNos((await list({ 'relatedParty.id': 'cust-1', 'lineCount.gt': '999' })).body)).toEqual([]);
  });

  it('400 naming an operator on a text attribute, and a bound that is not an instant', async () => {
    const onText = await list({ 'relatedParty.id': 'cust-1', 'state.gte': 'a' });
    expectTmfError(onText, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(onText)).toEqual(['state.gte']);
    const notInstant = await list({ 'relatedParty.id': 'cust-1', 'lastUpdate.lt': 'yesterday' });
    expect(detailFields(notInstant)).toEqual(['lastUpdate.lt']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('400 for an unknown filter', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1', amountDue: '15.03' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(answer)).toEqual(['amountDue']);
  });

  describe('with a customer token', () => {
    it('is narrowed to its own bills without any filter', async () => {
      const answer = await list(undefined, customerClaims('cust-1'));
      expect(billNos(answer.body)).toEqual(['2027-000001', '2027-000007', '2027-000006']);
      expect(queries()).toEqual([expect.objectContaining({ ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1' }) })]);
    });

    it('its own account narrows; another customer’s account gives nothing, as an unknown one does', async () => {
      expect(billNos((await list({ 'billingAccount.id': 'ba-1b' }, customerClaims('cust-1'))).body)).toEqual(['2027-000006']);
      documentMock.resetHistory();
      const foreign = await list({ 'billingAccount.id': 'ba-2' }, customerClaims('cust-1'));
      expect(foreign.body).toEqual([]);
      expect(foreign.headers['x-total-count']).toBe('0');
      expect(queries()).toEqual([]);
    });

    it('gets nothing, and queries nothing, when naming another customer', async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2' }, customerClaims('cust-1'));
      expect(answer.body).toEqual([]);
      expect(queries()).toEqual([]);
    });

    it('a mediation feed may not list bills at all: 403, nothing read', async () => {
      const answer = await list(undefined, mediationClaims);
      expect(answer.statusCode).toBe(403);
      expect(queries()).toEqual([]);
    });
  });
});
