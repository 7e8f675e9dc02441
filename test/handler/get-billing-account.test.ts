import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/billing-accounts/get-billing-account.js';
import { resourceEvent, customerClaims, type Claims } from '../support/api-event.js';
import { expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource } from '../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/accountManagement/v4/billingAccount';
const account = billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' });

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(
    handler,
    resourceEvent('GET', path, id, {
      ...(query ? { query } : {}),
      ...(claims !== undefined ? { claims } : {}),
    }),
  );

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' } }).resolves({ Item: billingAccountItem(account, 4) });
});

describe('GET /billingAccount/{id} (get-billing-account)', () => {
  it('200 with the account and its ETag, valid against TMF666 BillingAccount', async () => {
    const answer = await get('ba-1');
    expect(answer.statusCode).toBe(200);
    // Served with its ledger's balance, kept beside the resource (none yet: zero).
    expect(answer.body).toEqual({ ...account, accountBalance: [{ balanceType: 'receivableBalance', amount: { unit: 'EUR', value: 0 }, validFor: { startDateTime: account.createdAt }, '@type': 'AccountBalance' }] });
    expect(answer.headers.etag).toBe('W/"4"');
    expectValidTmf(tmf666, 'BillingAccount', answer.body);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'bss-test',
      Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' },
    });
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('ba-1', undefined, { fields: 'state,billingCycleDay' });
    expect(answer.body).toEqual({ id: 'ba-1', href: account.href, '@type': 'BillingAccount', state: 'Active', billingCycleDay: 10 });
  });

  it('404 for an unknown account', async () => {
    expectTmfError(await get('ba-404'), 404, 'NOT_FOUND', tmf666);
  });

  it("a customer reads its own account; another customer's answers exactly like an unknown id", async () => {
    expect((await get('ba-1', customerClaims('cust-1'))).statusCode).toBe(200);
    const foreign = await get('ba-1', customerClaims('cust-2'));
    const unknown = await get('ba-404', customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf666);
    expect(foreign.body.message).toBe('billingAccount ba-1 does not exist');
    expect(unknown.body.message).toBe('billingAccount ba-404 does not exist');
  });

  it('401 without claims', async () => {
    expectTmfError(await get('ba-1', null), 401, 'UNAUTHORIZED', tmf666);
  });
});

describe("GET /billingAccount/{id}: an organization's account", () => {
  const organization = { id: 'org-1', name: 'Acme', role: 'owner', '@referredType': 'Organization' };
  beforeEach(() => {
    documentMock.on(GetCommand, { Key: { pk: 'BILLING_ACCOUNT#ba-9', sk: 'BILLING_ACCOUNT' } }).resolves({ Item: billingAccountItem({ ...billingAccountResource({ id: 'ba-9' }), relatedParty: [organization] }, 1) });
  });

  it('200 for staff, 404 for any customer: it is no customer\'s', async () => {
    const staff = await get('ba-9');
    expect(staff.statusCode).toBe(200);
    expect(staff.body.relatedParty).toEqual([organization]);
    expectTmfError(await get('ba-9', customerClaims('cust-1')), 404, 'NOT_FOUND', tmf666);
  });
});

