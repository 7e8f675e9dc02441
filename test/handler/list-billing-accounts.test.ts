import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { handler } from '../../functions/billing-accounts/list-billing-accounts.js';
import { apiEvent, customerClaims, type Claims } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource } from '../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/accountManagement/v4/billingAccount';
const at = (minute: number) => `2026-01-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
const accounts: Record<string, BillingAccount[]> = {
  'cust-1': [
    billingAccountResource({ id: 'ba-1a', ownerId: 'cust-1', createdAt: at(1) }),
    billingAccountResource({ id: 'ba-1b', ownerId: 'cust-1', createdAt: at(4), isDefault: false, state: 'Suspended' }),
  ],
  'cust-2': [billingAccountResource({ id: 'ba-2a', ownerId: 'cust-2', createdAt: at(2) })],
};
const everyAccount = Object.values(accounts).flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));

const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((account) => account.id);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock
    .on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#BillingAccount' } })
    .resolves({ Items: everyAccount.map((a) => billingAccountItem(a)) });
  for (const [customerId, owned] of Object.entries(accounts)) {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'BillingAccount#' } })
      .resolves({ Items: owned.map((a) => billingAccountItem(a)) });
  }
});

describe('GET /billingAccount (list-billing-accounts)', () => {
  it('staff list every account from gsi1, valid TMF666 BillingAccounts with paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['ba-1a', 'ba-2a', 'ba-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const account of answer.body) expectValidTmf(tmf666, 'BillingAccount', account);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk' })]);
  });

  it("relatedParty.id selects customers' accounts: one gsi2 Query per customer, merged by creation time", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-2,cust-1' });
    expect(ids(answer.body)).toEqual(['ba-1a', 'ba-2a', 'ba-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(queries()).toHaveLength(2);
    for (const input of queries()) {
      expect(input).toMatchObject({ IndexName: 'gsi2', KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)' });
    }
  });

  it('pages across the merged accounts of several customers', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1,cust-2', offset: '1', limit: '1' });
    expect(ids(answer.body)).toEqual(['ba-2a']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('passes the other filters to the Query and fields to the answer', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1', state: 'Suspended', fields: 'state' });
    const [input] = queries();
    expect(input!.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0)');
    expect(input!.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Suspended' });
    expect(Object.keys(answer.body[0]).sort()).toEqual(['@type', 'href', 'id', 'state']);
  });

  it('400 naming an unknown filter, without querying', async () => {
    const answer = await list({ 'relatedParty.name': 'Ada' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
    expect(detailFields(answer)).toEqual(['relatedParty.name']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('is narrowed to its own accounts without any filter', async () => {
      const answer = await list(undefined, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['ba-1a', 'ba-1b']);
      expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1' }) })]);
    });

    it("gets nothing, and queries nothing, when filtering on another customer's id", async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2' }, customerClaims('cust-1'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('keeps only its own id from a list of customers', async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2,cust-1' }, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['ba-1a', 'ba-1b']);
      expect(queries()).toHaveLength(1);
    });
  });
});
