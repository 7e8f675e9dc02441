import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../domain/customers/customer.js';
import { BillingAccountCreated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/billing-accounts/create-billing-account.js';
import { systemClock } from '../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, type ApiEventInput } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/accountManagement/v4/billingAccount';
const now = '2026-01-31T23:30:00.000Z';

const owner = { id: 'cust-1', '@referredType': 'Customer', role: 'owner' };
const body = (overrides: Record<string, unknown> = {}) => ({ name: 'Ada travel account', relatedParty: [owner], ...overrides });

const post = (input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body: body(), headers: { 'x-correlation-id': 'corr-ba' }, ...input }));

function storeCustomer(customer: Customer) {
  documentMock.on(GetCommand, { Key: { pk: `CUSTOMER#${customer.id}`, sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customer, 2) });
}

const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(BatchGetCommand).resolves({ Responses: {} });
  storeCustomer(customerResource({ id: 'cust-1' }));
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  vi.stubEnv('BSS_DEFAULT_CURRENCY', 'EUR');
  vi.stubEnv('BSS_DEFAULT_TIME_ZONE', 'Europe/Paris');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('POST /billingAccount (create-billing-account)', () => {
  it('201: opens an additional account for an existing customer, checked and recorded in one transaction', async () => {
    const answer = await post();
    expect(answer.statusCode).toBe(201);
    const account = answer.body;
    expect(account).toMatchObject({
      name: 'Ada travel account',
      state: 'Active',
      isDefault: false,
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      billingCycleDay: 1, // 23:30 UTC on Jan 31 is Feb 1 in Paris
      createdAt: now,
      '@type': 'BillingAccount',
      // A new account's ledger is empty: served with a zero balance, stored without it.
      paymentStatus: 'paidUp',
      accountBalance: [{ balanceType: 'receivableBalance', amount: { unit: 'EUR', value: 0 }, validFor: { startDateTime: now }, '@type': 'AccountBalance' }],
    });
    const { accountBalance: _served, ...stored } = account;
    expect(account.href).toBe(`${path}/${account.id}`);
    expect(answer.headers.location).toBe(account.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf666, 'BillingAccount', account);

    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(3);
    expect(items[0]!.ConditionCheck).toEqual({
      TableName: 'bss-test',
      Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
      ConditionExpression: 'attribute_exists(pk)',
    });
    expect(items[1]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `BILLING_ACCOUNT#${account.id}`,
        sk: 'BILLING_ACCOUNT',
        gsi1pk: 'TYPE#BillingAccount',
        gsi2pk: 'CUSTOMER#cust-1',
        gsi2sk: `BillingAccount#${now}#${account.id}`,
        version: 1,
        resource: stored,
      },
    });
    expect(items[2]!.Put!.Item).toMatchObject({ source: 'bss.customers', detailType: 'BillingAccountCreated' });
    const detail = BillingAccountCreated.parseDetail(JSON.parse(items[2]!.Put!.Item!.detail as string));
    expect(detail.metadata.correlationId).toBe('corr-ba');
    expect(detail.data.billingAccount).toEqual({
      id: account.id,
      href: account.href,
      name: 'Ada travel account',
      state: 'Active',
      customerId: 'cust-1',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      billingCycleDay: 1,
      isDefault: false,
    });
  });

  it("names the owner party after the customer when the client leaves the name out (TMF666 requires it)", async () => {
    const answer = await post();
    expect(answer.body.relatedParty).toEqual([{ ...owner, name: 'Ada Lovelace' }]);
  });

  it('keeps named parties other than the owner, and the response still validates', async () => {
    const payer = { id: 'org-1', name: 'Payer Ltd', '@referredType': 'Organization', role: 'payer' };
    const answer = await post({ body: body({ relatedParty: [{ ...owner, name: 'Ada L.' }, payer] }) });
    expect(answer.body.relatedParty).toEqual([{ ...owner, name: 'Ada L.' }, payer]);
    expectValidTmf(tmf666, 'BillingAccount', answer.body);
  });

  it("uses the customer's billing preferences over the operator defaults, and the request over both", async () => {
    storeCustomer(
      customerResource({
        id: 'cust-1',
        characteristic: [
          { name: 'preferredCurrency', value: 'USD' },
          { name: 'timeZone', value: 'America/New_York' },
        ],
      }),
    );
    const fromPreferences = await post();
    expect(fromPreferences.body).toMatchObject({ currency: 'USD', timeZone: 'America/New_York', billingCycleDay: 28 }); // Jan 31 in New York
    const fromRequest = await post({ body: body({ currency: 'GBP', timeZone: 'Europe/London', billingCycleDay: 5 }) });
    expect(fromRequest.body).toMatchObject({ currency: 'GBP', timeZone: 'Europe/London', billingCycleDay: 5 });
  });

  it('409 CONCURRENT_TRANSACTION on TransactionConflictException', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionConflictException({ message: 'conflict', $metadata: {} }));
    expectTmfError(await post({ claims: agentClaims }), 409, 'CONCURRENT_TRANSACTION', tmf666);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('400 naming relatedParty when the customer does not exist', async () => {
      const answer = await post({ body: body({ relatedParty: [{ ...owner, id: 'ghost' }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(['relatedParty']);
    });

    it('409 CUSTOMER_CLOSED for a Closed customer', async () => {
      storeCustomer(customerResource({ id: 'cust-1', status: 'Closed' }));
      expectTmfError(await post(), 409, 'CUSTOMER_CLOSED', tmf666);
    });

    it('400 when neither one Customer nor, without one, one Organization owns the account', async () => {
      const org = { id: 'org-1', name: 'Payer Ltd', '@referredType': 'Organization' };
      const answer = await post({ body: body({ relatedParty: [org, { ...org, id: 'org-2' }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(['relatedParty']);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('400 for a non-owner party without a name, which TMF666 requires', async () => {
      const answer = await post({ body: body({ relatedParty: [owner, { id: 'org-1', '@referredType': 'Organization', role: 'payer' }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(['relatedParty']);
    });

    it('400 naming invalid extension attributes', async () => {
      const answer = await post({ body: body({ billingCycleDay: 30, currency: 'euro', timeZone: 'Nowhere/Land', isDefault: true }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(expect.arrayContaining(['billingCycleDay', 'currency', 'timeZone', 'isDefault']));
    });

    it('403 for a customer token, even on its own account', async () => {
      expectTmfError(await post({ claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf666);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('415 for a non-JSON body and 401 without claims', async () => {
      expectTmfError(await post({ headers: { 'content-type': 'text/csv' } }), 415, 'UNSUPPORTED_MEDIA_TYPE', tmf666);
      expectTmfError(await post({ claims: null }), 401, 'UNAUTHORIZED', tmf666);
    });
  });

  describe('organization-owned accounts (docs/api.md, "Organization-owned billing accounts")', () => {
    const organization = { '@referredType': 'Organization', id: '6838', name: 'Richard Cole' };

    it("201: the kit's sample, owned by an organization referenced as given: no customer read or checked, listed under no customer", async () => {
      const answer = await post({ body: { name: 'Home Account', relatedParty: [organization] } });
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toMatchObject({ relatedParty: [{ role: 'owner', ...organization }], currency: 'EUR', timeZone: 'Europe/Paris', state: 'Active' });
      expect(answer.body).not.toHaveProperty('testClock');
      expectValidTmf(tmf666, 'BillingAccount', answer.body);
      expect(documentMock.commandCalls(GetCommand).filter((call) => String(call.args[0].input.Key?.pk).startsWith('CUSTOMER#'))).toHaveLength(0);
      const items = writes()[0]!.args[0].input.TransactItems!;
      expect(items).toHaveLength(2);
      expect(items[0]!.Put!.Item).toMatchObject({ pk: `BILLING_ACCOUNT#${answer.body.id}`, gsi1pk: 'TYPE#BillingAccount' });
      expect(items[0]!.Put!.Item).not.toHaveProperty('gsi2pk');
      const detail = BillingAccountCreated.parseDetail(JSON.parse(items[1]!.Put!.Item!.detail as string));
      expect(detail.data.billingAccount).toMatchObject({ id: answer.body.id, organizationId: '6838' });
      expect(detail.data.billingAccount).not.toHaveProperty('customerId');
    });
  });

  describe('references (billStructure, financialAccount)', () => {
    const recordItem = (kind: string, resource: Record<string, unknown>) => ({ pk: `ACCOUNT_RECORD#${kind}#${resource.id as string}`, sk: 'ACCOUNT_RECORD', entityType: kind, version: 1, resource });
    const spec = { id: 'bcs-1', href: '/tmf-api/accountManagement/v4/billingCycleSpecification/bcs-1', name: 'Mid-month', frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 14, paymentDueDateOffset: 30, isBuiltIn: false, '@type': 'BillingCycleSpecification' };
    const financial = { id: 'fa-1', href: '/tmf-api/accountManagement/v4/financialAccount/fa-1', name: 'Group', state: 'Active', relatedParty: [], '@type': 'FinancialAccount' };

    it('201: bills on the chosen cycle, sends by the chosen media, and counts the stored records in its transaction', async () => {
      documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [recordItem('BillingCycleSpecification', spec), recordItem('FinancialAccount', financial)] } });
      const answer = await post({ body: body({ billStructure: { cycleSpecification: { id: 'bcs-1' }, format: { id: 'html' }, presentationMedia: [{ id: 'sms' }] }, financialAccount: { id: 'fa-1' } }) });
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toMatchObject({
        billingCycleDay: 15,
        paymentTermsDays: 30,
        billStructure: { cycleSpecification: { id: 'bcs-1', billingDateShift: 14 }, format: { id: 'html', documentType: 'html' }, presentationMedia: [{ id: 'sms', channel: 'sms' }] },
        financialAccount: { id: 'fa-1', name: 'Group', '@referredType': 'FinancialAccount' },
      });
      expectValidTmf(tmf666, 'BillingAccount', answer.body);
      const keys = documentMock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['bss-test']!.Keys;
      expect(keys).toEqual([
        { pk: 'ACCOUNT_RECORD#BillingCycleSpecification#bcs-1', sk: 'ACCOUNT_RECORD' },
        { pk: 'ACCOUNT_RECORD#FinancialAccount#fa-1', sk: 'ACCOUNT_RECORD' },
      ]);
      const counted = writes()[0]!.args[0].input.TransactItems!.filter((one) => one.Update).map((one) => [one.Update!.Key!.pk, one.Update!.ExpressionAttributeValues![':delta'], one.Update!.ConditionExpression]);
      expect(counted).toEqual([
        ['ACCOUNT_RECORD#BillingCycleSpecification#bcs-1', 1, 'attribute_exists(#pk)'],
        ['ACCOUNT_RECORD#FinancialAccount#fa-1', 1, 'attribute_exists(#pk)'],
      ]);
    });

    it('400 naming each reference it cannot use, and a cycle day the specification does not bill on', async () => {
      const answer = await post({ body: body({ billStructure: { cycleSpecification: { id: 'monthly-day-40' }, format: { id: 'fax' } } }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(['billStructure.cycleSpecification.id', 'billStructure.format.id']);
      const day = await post({ body: body({ billingCycleDay: 3, billStructure: { cycleSpecification: { id: 'monthly-day-5' } } }) });
      expectTmfError(day, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(day)).toEqual(['billingCycleDay']);
      expect(writes()).toHaveLength(0);
    });

    it('409 to retry when a record it names is deleted before its transaction commits', async () => {
      documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [recordItem('BillingCycleSpecification', spec)] } });
      documentMock.on(TransactWriteCommand).rejects(
        new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
      );
      expectTmfError(await post({ body: body({ billStructure: { cycleSpecification: { id: 'bcs-1' } } }) }), 409, 'CONCURRENT_TRANSACTION', tmf666);
    });
  });
});

