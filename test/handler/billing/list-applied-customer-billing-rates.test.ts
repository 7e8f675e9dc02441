import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/list-applied-customer-billing-rates.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { ratePath, writeBilledWorld } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: ratePath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((line) => line.id);

let bills: ReturnType<typeof writeBilledWorld>;
beforeEach(() => {
  documentMock.reset();
  bills = writeBilledWorld(new FakeBillingTable().install(documentMock));
});

describe('GET /appliedCustomerBillingRate (list-applied-customer-billing-rates)', () => {
  it("bill.id lists the bill's lines in order, from one Query of the bill, valid TMF678 lines", async () => {
    const { bill, lines } = bills.ba1Feb;
    const answer = await list({ 'bill.id': bill.id });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(lines);
    expect(ids(answer.body)).toEqual([`${bill.id}-0001`, `${bill.id}-0002`]);
    expect(answer.headers['x-total-count']).toBe('2');
    for (const line of answer.body) expectValidTmf(tmf678, 'AppliedCustomerBillingRate', line);
    expect(queries()).toEqual([expect.objectContaining({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': `BILL#${bill.id}`, ':prefix': 'LINE#' } })]);
  });

  it('several bills, with the other filters applied to their lines, paged', async () => {
    const answer = await list({ 'bill.id': `${bills.ba1Feb.bill.id},${bills.ba2Feb.bill.id}`, 'product.id': 'prod-ba-2-1', offset: '1', limit: '5' });
    expect(ids(answer.body)).toEqual([`${bills.ba2Feb.bill.id}-0002`]);
    expect(answer.headers['x-total-count']).toBe('2');
    expect(answer.headers['x-result-count']).toBe('1');
    expect((await list({ 'bill.id': bills.ba1Feb.bill.id, type: 'usage' })).body).toEqual([]);
  });

  it('bill.id with relatedParty.id of another customer gives nothing', async () => {
    const answer = await list({ 'bill.id': bills.ba1Feb.bill.id, 'relatedParty.id': 'cust-2' });
    expect(answer.body).toEqual([]);
  });

  it('an unknown bill gives nothing', async () => {
    const answer = await list({ 'bill.id': 'ba-1-20990101000000000' });
    expect(answer.body).toEqual([]);
    expect(queries()).toEqual([]);
  });

  it("relatedParty.id lists a customer's lines from gsi2, by date then id", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1' }, agentClaims);
    expect(ids(answer.body)).toEqual([...bills.ba1Feb.lines, ...bills.ba1Mar.lines, ...bills.ba1bMar.lines].map((line) => line.id));
    expect(queries()).toEqual([
      expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'AppliedCustomerBillingRate#' } }),
    ]);
  });

  it("billingAccount.id narrows the owner's lines to the account; product.id and type filter them", async () => {
    expect(ids((await list({ 'billingAccount.id': 'ba-1b' })).body)).toEqual(bills.ba1bMar.lines.map((line) => line.id));
    expect(ids((await list({ 'relatedParty.id': 'cust-1', 'product.id': 'prod-ba-1b-1', type: 'recurring' })).body)).toEqual(bills.ba1bMar.lines.map((line) => line.id));
  });

  it("staff naming no bill, customer or account list everyone's lines newest first, one gsi1 Query per shard", async () => {
    const all = [bills.ba1Feb, bills.ba2Feb, bills.ba1Mar, bills.ba1bMar].flatMap(({ lines }) => lines);
    const answer = await list();
    expect(ids(answer.body)).toEqual(all.sort((a, b) => `${b.date}#${b.id}`.localeCompare(`${a.date}#${a.id}`)).map((line) => line.id));
    expect(answer.headers['x-total-count']).toBe(String(all.length));
    for (const query of queries()) expect(query).toMatchObject({ IndexName: 'gsi1', ScanIndexForward: false, ExpressionAttributeValues: { ':pk': expect.stringMatching(/^BILL_LINES#\d+$/) } });
    expect(ids((await list({ type: 'recurring', 'bill.id': bills.ba1Feb.bill.id })).body)).toEqual(bills.ba1Feb.lines.filter((line) => line.type === 'recurring').map((line) => line.id));
  });

  it('isBilled compares as a boolean, on the Query and on the lines of a bill alike', async () => {
    const { bill, lines } = bills.ba1Feb;
    expect(ids((await list({ 'bill.id': bill.id, isBilled: 'true' })).body)).toEqual(lines.filter((line) => line.isBilled).map((line) => line.id));
    expect((await list({ 'bill.id': bill.id, isBilled: 'false' })).body).toEqual(lines.filter((line) => !line.isBilled));
    expect(ids((await list({ 'relatedParty.id': 'cust-2', isBilled: 'true' })).body)).toEqual(bills.ba2Feb.lines.filter((line) => line.isBilled).map((line) => line.id));
    expect(queries().at(-1)).toMatchObject({ ExpressionAttributeValues: expect.objectContaining({ ':f0_0': true }) });
    const bad = await list({ 'relatedParty.id': 'cust-2', isBilled: 'yes' });
    expectTmfError(bad, 400, 'INVALID_REQUEST', tmf678);
    expect(detailFields(bad)).toEqual(['isBilled']);
  });

  describe('with a customer token', () => {
    it("another customer's bill gives nothing, without reading its lines; its own gives them", async () => {
      const foreign = await list({ 'bill.id': bills.ba2Feb.bill.id }, customerClaims('cust-1'));
      expect(foreign.body).toEqual([]);
      expect(queries()).toEqual([]);
      const own = await list({ 'bill.id': bills.ba1Mar.bill.id }, customerClaims('cust-1'));
      expect(own.body).toEqual(bills.ba1Mar.lines);
    });

    it('is narrowed to its own lines without any filter, and gets nothing for another customer', async () => {
      expect(ids((await list(undefined, customerClaims('cust-2'))).body)).toEqual(bills.ba2Feb.lines.map((line) => line.id));
      expect((await list({ 'relatedParty.id': 'cust-1' }, customerClaims('cust-2'))).body).toEqual([]);
      expect((await list({ 'billingAccount.id': 'ba-1' }, customerClaims('cust-2'))).body).toEqual([]);
    });
  });
});
