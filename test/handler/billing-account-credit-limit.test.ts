import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingAccountCreated, BillingAccountUpdated } from '../../domain/events/customer-events.js';
import { handler as createBillingAccount } from '../../functions/billing-accounts/create-billing-account.js';
import { handler as getBillingAccount } from '../../functions/billing-accounts/get-billing-account.js';
import { handler as patchBillingAccount } from '../../functions/billing-accounts/patch-billing-account.js';
import { systemClock } from '../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, resourceEvent, riskClaims, warehouseClaims } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/accountManagement/v4/billingAccount';
const now = '2026-02-03T12:00:00.000Z';
const owner = { id: 'cust-1', '@referredType': 'Customer', role: 'owner' };

const writtenEvent = () => {
  const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
  const outbox = items.find((item) => item.Put?.Item?.entityType === 'OutboxEvent')!;
  return JSON.parse(outbox.Put!.Item!.detail as string);
};

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customerResource({ id: 'cust-1' })) });
  documentMock
    .on(GetCommand, { Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' } })
    .resolves({ Item: billingAccountItem(billingAccountResource({ id: 'ba-1', creditLimit: { unit: 'EUR', value: 500 } }), 2) });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  vi.stubEnv('BSS_DEFAULT_CURRENCY', 'EUR');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('TMF666 creditLimit over the API', () => {
  it('an admin opens an account with a credit limit; it is stored, answered and carried by BillingAccountCreated', async () => {
    const body = { name: 'Ada business', relatedParty: [owner], creditLimit: { unit: 'EUR', value: 1250.5 } };
    const answer = await invoke(createBillingAccount, apiEvent({ method: 'POST', path, body, claims: adminClaims }));
    expect(answer.statusCode).toBe(201);
    expect(answer.body.creditLimit).toEqual({ unit: 'EUR', value: 1250.5 });
    expectValidTmf(tmf666, 'BillingAccount', answer.body);
    expect(BillingAccountCreated.parseDetail(writtenEvent()).data.billingAccount.creditLimit).toEqual({ unit: 'EUR', value: 1250.5 });
  });

  it('400 naming creditLimit.unit when the limit is not in the account currency', async () => {
    const body = { name: 'Ada business', relatedParty: [owner], currency: 'USD', creditLimit: { unit: 'EUR', value: 100 } };
    const answer = await invoke(createBillingAccount, apiEvent({ method: 'POST', path, body }));
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['creditLimit.unit']);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('GET shows the credit limit, to staff and to the owning customer', async () => {
    for (const claims of [agentClaims, customerClaims('cust-1')]) {
      const answer = await invoke(getBillingAccount, resourceEvent('GET', path, 'ba-1', { claims }));
      expect(answer.statusCode).toBe(200);
      expect(answer.body.creditLimit).toEqual({ unit: 'EUR', value: 500 });
      expectValidTmf(tmf666, 'BillingAccount', answer.body);
    }
  });

  it('an admin changes it with a patch, recorded as a changed attribute', async () => {
    const answer = await invoke(patchBillingAccount, resourceEvent('PATCH', path, 'ba-1', { body: { creditLimit: { unit: 'EUR', value: 2000 } }, claims: adminClaims }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.creditLimit).toEqual({ unit: 'EUR', value: 2000 });
    expect(BillingAccountUpdated.parseDetail(writtenEvent()).data.changedAttributes).toEqual(['creditLimit']);
  });

  it('a credit/risk officer reads an account and changes its limit, and only its limit', async () => {
    const read = await invoke(getBillingAccount, resourceEvent('GET', path, 'ba-1', { claims: riskClaims }));
    expect(read.statusCode).toBe(200);
    const raised = await invoke(patchBillingAccount, resourceEvent('PATCH', path, 'ba-1', { body: { creditLimit: { unit: 'EUR', value: 2000 } }, claims: riskClaims }));
    expect(raised.statusCode, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body.creditLimit).toEqual({ unit: 'EUR', value: 2000 });
    documentMock.resetHistory();
    const renamed = await invoke(patchBillingAccount, resourceEvent('PATCH', path, 'ba-1', { body: { name: 'Mine now', creditLimit: { unit: 'EUR', value: 3000 } }, claims: riskClaims }));
    expectTmfError(renamed, 403, 'FORBIDDEN');
    expect(renamed.body.details).toEqual([{ field: 'name', problem: 'not writable by the risk role' }]);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('403 for a credit/risk officer opening an account (a service act), and for the warehouse on any account route', async () => {
    const opened = await invoke(createBillingAccount, apiEvent({ method: 'POST', path, body: { name: 'Ada business', relatedParty: [owner], creditLimit: { unit: 'EUR', value: 100 } }, claims: riskClaims }));
    expectTmfError(opened, 403, 'FORBIDDEN');
    expectTmfError(await invoke(getBillingAccount, resourceEvent('GET', path, 'ba-1', { claims: warehouseClaims })), 403, 'FORBIDDEN');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('403 naming creditLimit when an agent sets it, on opening or by a patch: a risk decision is an admin’s or a risk officer’s; nothing is written', async () => {
    const opened = await invoke(createBillingAccount, apiEvent({ method: 'POST', path, body: { name: 'Ada business', relatedParty: [owner], creditLimit: { unit: 'EUR', value: 1_000_000 } }, claims: agentClaims }));
    expectTmfError(opened, 403, 'FORBIDDEN');
    expect(opened.body.message).toBe('an agent may not set creditLimit of a billingAccount');
    const raised = await invoke(patchBillingAccount, resourceEvent('PATCH', path, 'ba-1', { body: { creditLimit: { unit: 'EUR', value: 1_000_000 } }, claims: agentClaims }));
    expectTmfError(raised, 403, 'FORBIDDEN');
    expect(raised.body.details).toEqual([{ field: 'creditLimit', problem: 'not writable by the agent role' }]);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('403 when the owning customer tries to raise its own limit, and nothing is written', async () => {
    const answer = await invoke(
      patchBillingAccount,
      resourceEvent('PATCH', path, 'ba-1', { body: { creditLimit: { unit: 'EUR', value: 1_000_000 } }, claims: customerClaims('cust-1') }),
    );
    expectTmfError(answer, 403, 'FORBIDDEN');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
