import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/customers/list-customers.js';
import { apiEvent, customerClaims, type Claims } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf629 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/customerManagement/v4/customer';
const customers = [
  customerResource({ id: 'cust-1', name: 'Ada', status: 'Validated' }),
  customerResource({ id: 'cust-2', name: 'Grace', status: 'Initialized' }),
  customerResource({ id: 'cust-3', name: 'Hedy', status: 'Suspended' }),
];

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));

beforeEach(() => {
  documentMock.reset();
  // Two result pages, as DynamoDB returns them past 1 MB.
  documentMock
    .on(QueryCommand)
    .resolvesOnce({ Items: customers.slice(0, 2).map((c) => customerItem(c)), LastEvaluatedKey: { pk: 'CUSTOMER#cust-2', sk: 'CUSTOMER' } })
    .resolvesOnce({ Items: customers.slice(2).map((c) => customerItem(c)) });
  documentMock.on(GetCommand).resolves({});
  for (const customer of customers) {
    documentMock.on(GetCommand, { Key: { pk: `CUSTOMER#${customer.id}`, sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customer) });
    documentMock
      .on(GetCommand, { Key: { pk: `CUSTOMER_EMAIL#${customer.id}@example.com`, sk: 'CUSTOMER_EMAIL' } })
      .resolves({ Item: { pk: `CUSTOMER_EMAIL#${customer.id}@example.com`, sk: 'CUSTOMER_EMAIL', customerId: customer.id } });
  }
});

describe('GET /customer (list-customers)', () => {
  it('staff list everyone from gsi1 (a Query, never a Scan), reading every page for an exact total', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(customers);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const customer of answer.body) expectValidTmf(tmf629, 'Customer', customer);

    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: 'bss-test',
      IndexName: 'gsi1',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': 'gsi1pk' },
      ExpressionAttributeValues: { ':pk': 'TYPE#Customer' },
    });
    expect(queries[0]).not.toHaveProperty('FilterExpression');
    expect(queries[1]!.ExclusiveStartKey).toEqual({ pk: 'CUSTOMER#cust-2', sk: 'CUSTOMER' });
  });

  it('pages with offset and limit: X-Total-Count counts all, X-Result-Count the page', async () => {
    const answer = await list({ offset: '1', limit: '1' });
    expect(answer.body.map((c: { id: string }) => c.id)).toEqual(['cust-2']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('an offset past the end is an empty page with the true total', async () => {
    const answer = await list({ offset: '10' });
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('0');
  });

  it('fields keeps the requested attributes plus id, href and @type', async () => {
    const answer = await list({ fields: 'name,status' });
    expect(answer.body[0]).toEqual({ id: 'cust-1', href: customers[0]!.href, '@type': 'Customer', name: 'Ada', status: 'Validated' });
    expect(Object.keys(answer.body[2]).sort()).toEqual(['@type', 'href', 'id', 'name', 'status']);
  });

  it('turns attribute filters into a filter on the resource, alternatives with commas', async () => {
    await list({ status: 'Validated,Suspended', 'engagedParty.id': 'party-of-cust-1' });
    const input = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1) AND #resource.#f1_0.#f1_1 IN (:f1_0)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#resource': 'resource', '#f0_0': 'status', '#f1_0': 'engagedParty', '#f1_1': 'id' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Validated', ':f0_1': 'Suspended', ':f1_0': 'party-of-cust-1' });
  });

  it('finds customers by email through the email guard (case-insensitive), not a Query', async () => {
    const answer = await list({ 'contactMedium.characteristic.emailAddress': 'CUST-2@Example.com' });
    expect(answer.body.map((c: { id: string }) => c.id)).toEqual(['cust-2']);
    expect(answer.headers['x-total-count']).toBe('1');
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ pk: 'CUSTOMER_EMAIL#cust-2@example.com', sk: 'CUSTOMER_EMAIL' });
  });

  it('lists a customer once when its email is given twice in different cases', async () => {
    const answer = await list({ 'contactMedium.characteristic.emailAddress': 'cust-2@example.com,CUST-2@EXAMPLE.COM' });
    expect(answer.body.map((c: { id: string }) => c.id)).toEqual(['cust-2']);
    expect(answer.headers['x-total-count']).toBe('1');
  });

  it('combines the email lookup with the other filters', async () => {
    const answer = await list({ 'contactMedium.characteristic.emailAddress': 'cust-2@example.com,unknown@example.com', status: 'Validated' });
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-total-count']).toBe('0');
  });

  it.each([
    [{ colour: 'blue' }, 'colour'],
    [{ 'contactMedium.characteristic.phoneNumber': '1' }, 'contactMedium.characteristic.phoneNumber'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '1001' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ status: ' , ' }, 'status'],
  ])('400 naming the parameter for %j, without querying', async (query, field) => {
    const answer = await list(query);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual([field]);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('lists only the caller, by key lookup', async () => {
      const answer = await list(undefined, customerClaims('cust-3'));
      expect(answer.body).toEqual([customers[2]]);
      expect(answer.headers['x-total-count']).toBe('1');
      expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
    });

    it('applies the filters to the caller', async () => {
      expect((await list({ status: 'Suspended' }, customerClaims('cust-3'))).body).toHaveLength(1);
      const answer = await list({ status: 'Validated' }, customerClaims('cust-3'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
    });

    it("does not list itself for another customer's email", async () => {
      const answer = await list({ 'contactMedium.characteristic.emailAddress': 'cust-1@example.com' }, customerClaims('cust-3'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
    });

    it('lists itself for its own email', async () => {
      const answer = await list({ 'contactMedium.characteristic.emailAddress': 'CUST-3@example.com' }, customerClaims('cust-3'));
      expect(answer.body.map((c: { id: string }) => c.id)).toEqual(['cust-3']);
    });
  });
  it('400 for a filter value longer than 256 bytes, or any query value over 2,048, before any DynamoDB call', async () => {
    const longFilter = await list({ name: 'a'.repeat(3_000) });
    expectTmfError(longFilter, 400, 'INVALID_REQUEST');
    expect(longFilter.body.details).toEqual([{ field: 'name', problem: 'longer than 2048 bytes' }]);
    const longValue = await list({ name: `Ada,${'b'.repeat(300)}` });
    expectTmfError(longValue, 400, 'INVALID_REQUEST');
    expect(longValue.body.details).toEqual([{ field: 'name', problem: 'a value of 300 bytes' }]);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('400 naming an Object.prototype member given as a query key: it is data, never a property of the parser', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const answer = await invoke(handler, apiEvent({ method: 'GET', path, query: JSON.parse(`{"${name}": "x"}`) }));
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([name]);
    }
  });

  it('filters staff lists on id and lastModified inside the gsi1 Query', async () => {
    await list({ id: 'cust-1,cust-3', 'lastModified.gte': '2026-01-10T10:00:00+01:00' });
    const query = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1) AND #resource.#f1_0 >= :f1_0');
    expect(query.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'id', '#f1_0': 'lastModified' });
    expect(query.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'cust-1', ':f0_1': 'cust-3', ':f1_0': '2026-01-10T09:00:00.000Z' });
  });

  it("applies id, href and instants to a customer token's own customer, read by key, as the Query would", async () => {
    const own = customerClaims('cust-2');
    expect((await list({ id: 'cust-2' }, own)).body).toEqual([customers[1]]);
    expect((await list({ href: `${path}/cust-2` }, own)).body).toEqual([customers[1]]);
    expect((await list({ href: `${path}/cust-1` }, own)).body).toEqual([]);
    expect((await list({ lastModified: customers[1]!.lastModified! }, own)).body).toEqual([customers[1]]);
    expect((await list({ 'createdAt.gt': customers[1]!.createdAt! }, own)).body).toEqual([]);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
