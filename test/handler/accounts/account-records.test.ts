import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as createBillFormat } from '../../../functions/accounts/create-bill-format.js';
import { handler as createBillingCycleSpecification } from '../../../functions/accounts/create-billing-cycle-specification.js';
import { handler as createSettlementAccount } from '../../../functions/accounts/create-settlement-account.js';
import { handler as deleteBillFormat } from '../../../functions/accounts/delete-bill-format.js';
import { handler as deleteSettlementAccount } from '../../../functions/accounts/delete-settlement-account.js';
import { handler as getBillFormat } from '../../../functions/accounts/get-bill-format.js';
import { handler as getBillPresentationMedia } from '../../../functions/accounts/get-bill-presentation-media.js';
import { handler as listBillPresentationMedia } from '../../../functions/accounts/list-bill-presentation-media-list.js';
import { handler as listBillingCycleSpecifications } from '../../../functions/accounts/list-billing-cycle-specifications.js';
import { handler as listPartyAccounts } from '../../../functions/accounts/list-party-accounts.js';
import { handler as patchBillingCycleSpecification } from '../../../functions/accounts/patch-billing-cycle-specification.js';
import { handler as patchFinancialAccount } from '../../../functions/accounts/patch-financial-account.js';
import { handler as patchSettlementAccount } from '../../../functions/accounts/patch-settlement-account.js';
import * as createBillingCycleSpecificationEntry from '../../../functions/accounts/create-billing-cycle-specification.js';
import * as getBillingCycleSpecificationEntry from '../../../functions/accounts/get-billing-cycle-specification.js';
import * as patchBillingCycleSpecificationEntry from '../../../functions/accounts/patch-billing-cycle-specification.js';
import * as deleteBillingCycleSpecificationEntry from '../../../functions/accounts/delete-billing-cycle-specification.js';
import * as createBillFormatEntry from '../../../functions/accounts/create-bill-format.js';
import * as getBillFormatEntry from '../../../functions/accounts/get-bill-format.js';
import * as patchBillFormatEntry from '../../../functions/accounts/patch-bill-format.js';
import * as deleteBillFormatEntry from '../../../functions/accounts/delete-bill-format.js';
import * as createBillPresentationMediaEntry from '../../../functions/accounts/create-bill-presentation-media.js';
import * as getBillPresentationMediaEntry from '../../../functions/accounts/get-bill-presentation-media.js';
import * as patchBillPresentationMediaEntry from '../../../functions/accounts/patch-bill-presentation-media.js';
import * as deleteBillPresentationMediaEntry from '../../../functions/accounts/delete-bill-presentation-media.js';
import * as createFinancialAccountEntry from '../../../functions/accounts/create-financial-account.js';
import * as getFinancialAccountEntry from '../../../functions/accounts/get-financial-account.js';
import * as patchFinancialAccountEntry from '../../../functions/accounts/patch-financial-account.js';
import * as deleteFinancialAccountEntry from '../../../functions/accounts/delete-financial-account.js';
import * as createPartyAccountEntry from '../../../functions/accounts/create-party-account.js';
import * as getPartyAccountEntry from '../../../functions/accounts/get-party-account.js';
import * as patchPartyAccountEntry from '../../../functions/accounts/patch-party-account.js';
import * as deletePartyAccountEntry from '../../../functions/accounts/delete-party-account.js';
import * as createSettlementAccountEntry from '../../../functions/accounts/create-settlement-account.js';
import * as getSettlementAccountEntry from '../../../functions/accounts/get-settlement-account.js';
import * as patchSettlementAccountEntry from '../../../functions/accounts/patch-settlement-account.js';
import * as deleteSettlementAccountEntry from '../../../functions/accounts/delete-settlement-account.js';
import * as listBillingCycleSpecificationsEntry from '../../../functions/accounts/list-billing-cycle-specifications.js';
import * as listBillFormatsEntry from '../../../functions/accounts/list-bill-formats.js';
import * as listBillPresentationMediaListEntry from '../../../functions/accounts/list-bill-presentation-media-list.js';
import * as listFinancialAccountsEntry from '../../../functions/accounts/list-financial-accounts.js';
import * as listPartyAccountsEntry from '../../../functions/accounts/list-party-accounts.js';
import * as listSettlementAccountsEntry from '../../../functions/accounts/list-settlement-accounts.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, resourceEvent } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf666 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const base = '/tmf-api/accountManagement/v4';
const now = '2027-03-01T10:00:00.000Z';
const partner = { '@referredType': 'Organization', id: 'org-1', name: 'Partner Ltd' };

const item = (kind: string, resource: { id: string } & Record<string, unknown>, version = 1, references?: number) => ({
  pk: `ACCOUNT_RECORD#${kind}#${resource.id}`,
  sk: 'ACCOUNT_RECORD',
  entityType: kind,
  version,
  resource,
  ...(references !== undefined ? { accountReferences: references } : {}),
});

function stores(kind: string, resource: { id: string } & Record<string, unknown>, version = 1, references?: number) {
  documentMock.on(GetCommand, { Key: { pk: `ACCOUNT_RECORD#${kind}#${resource.id}`, sk: 'ACCOUNT_RECORD' } }).resolves({ Item: item(kind, resource, version, references) });
}

const financial = { id: 'fa-1', href: `${base}/financialAccount/fa-1`, name: 'Group', state: 'Active', relatedParty: [partner], lastModified: now, '@type': 'FinancialAccount' };
const format = { id: 'bf-1', href: `${base}/billFormat/bf-1`, name: 'Detailed invoice', documentType: 'pdf', isBuiltIn: false, lastUpdate: now, '@type': 'BillFormat' };

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(PutCommand).resolves({});
  documentMock.on(UpdateCommand).resolves({});
  documentMock.on(DeleteCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock.on(BatchGetCommand).resolves({ Responses: {} });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST (account-record-http create)', () => {
  it('201: a bill format named by the kit alone is a PDF format, stored under its kind, valid TMF666', async () => {
    const answer = await invoke(createBillFormat, apiEvent({ method: 'POST', path: `${base}/billFormat`, body: { name: 'Detailed invoice' }, claims: agentClaims }));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ name: 'Detailed invoice', documentType: 'pdf', isBuiltIn: false, lastUpdate: now, '@type': 'BillFormat' });
    expect(answer.headers.location).toBe(`${base}/billFormat/${answer.body.id}`);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf666, 'BillFormat', answer.body);
    expect(documentMock.commandCalls(PutCommand)[0]!.args[0].input).toEqual({
      TableName: 'bss-test',
      Item: { pk: `ACCOUNT_RECORD#BillFormat#${answer.body.id}`, sk: 'ACCOUNT_RECORD', gsi1pk: 'TYPE#BillFormat', gsi1sk: `${now}#${answer.body.id}`, entityType: 'BillFormat', version: 1, resource: answer.body },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('400 naming the fields billing cannot run: another frequency, a mailing offset', async () => {
    const answer = await invoke(createBillingCycleSpecification, apiEvent({ method: 'POST', path: `${base}/billingCycleSpecification`, body: { name: 'Weekly', frequency: 'weekly', mailingDateOffset: 2 } }));
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
    expect(detailFields(answer)).toEqual(expect.arrayContaining(['frequency', 'mailingDateOffset']));
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('403 for a customer: staff keep these records', async () => {
    const answer = await invoke(createBillFormat, apiEvent({ method: 'POST', path: `${base}/billFormat`, body: { name: 'x' }, claims: customerClaims('cust-1') }));
    expectTmfError(answer, 403, 'FORBIDDEN', tmf666);
  });

  it('a settlement account is counted on the financial account it names, in one transaction', async () => {
    stores('FinancialAccount', financial);
    const answer = await invoke(createSettlementAccount, apiEvent({ method: 'POST', path: `${base}/settlementAccount`, body: { name: 'Per usage', relatedParty: [partner], financialAccount: { id: 'fa-1' } } }));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ state: 'Active', relatedParty: [partner], financialAccount: { id: 'fa-1', href: financial.href, name: 'Group', '@referredType': 'FinancialAccount' } });
    expectValidTmf(tmf666, 'SettlementAccount', answer.body);
    const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({ pk: `ACCOUNT_RECORD#SettlementAccount#${answer.body.id}` });
    expect(items[1]!.Update).toMatchObject({ Key: { pk: 'ACCOUNT_RECORD#FinancialAccount#fa-1', sk: 'ACCOUNT_RECORD' }, UpdateExpression: 'ADD #references :delta', ExpressionAttributeValues: { ':delta': 1 } });
  });

  it('400 on financialAccount.id for a financial account of other parties, or none', async () => {
    stores('FinancialAccount', { ...financial, relatedParty: [{ ...partner, id: 'org-2' }] });
    const other = await invoke(createSettlementAccount, apiEvent({ method: 'POST', path: `${base}/settlementAccount`, body: { name: 'x', relatedParty: [partner], financialAccount: { id: 'fa-1' } } }));
    expectTmfError(other, 400, 'INVALID_REQUEST', tmf666);
    expect(detailFields(other)).toEqual(['financialAccount.id']);
    const none = await invoke(createSettlementAccount, apiEvent({ method: 'POST', path: `${base}/settlementAccount`, body: { name: 'x', relatedParty: [partner], financialAccount: { id: 'fa-9' } } }));
    expectTmfError(none, 400, 'INVALID_REQUEST', tmf666);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('GET and lists', () => {
  it('serves built-in records without reading the table, ETag W/"0"', async () => {
    const answer = await invoke(getBillPresentationMedia, resourceEvent('GET', `${base}/billPresentationMedia`, 'email'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ id: 'email', channel: 'email', isBuiltIn: true });
    expect(answer.headers.etag).toBe('W/"0"');
    expect(documentMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('404 for an unknown id', async () => {
    expectTmfError(await invoke(getBillFormat, resourceEvent('GET', `${base}/billFormat`, 'nope')), 404, 'NOT_FOUND', tmf666);
  });

  it('lists the built-in ones first, then the stored ones, paged together', async () => {
    documentMock.on(QueryCommand).resolves({ Items: [item('BillPresentationMedia', { id: 'bpm-1', name: 'Portal first' } as never)] });
    const answer = await invoke(listBillPresentationMedia, apiEvent({ method: 'GET', path: `${base}/billPresentationMedia`, query: { offset: '1', limit: '2' } }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.map((one: { id: string }) => one.id)).toEqual(['sms', 'bpm-1']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(documentMock.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#BillPresentationMedia' } });
  });

  it('filters built-in ones by id and name as the stored ones', async () => {
    const answer = await invoke(listBillingCycleSpecifications, apiEvent({ method: 'GET', path: `${base}/billingCycleSpecification`, query: { id: 'monthly-day-3,monthly-day-4' } }));
    expect(answer.body.map((one: { billingDateShift: number }) => one.billingDateShift)).toEqual([2, 3]);
    const input = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1)');
  });

  it('400 on a filter the list does not take', async () => {
    const answer = await invoke(listPartyAccounts, apiEvent({ method: 'GET', path: `${base}/partyAccount`, query: { creditLimit: '3' } }));
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
  });
});

describe('PATCH', () => {
  it('409 for a built-in record: create another', async () => {
    const answer = await invoke(patchBillingCycleSpecification, apiEvent({ method: 'PATCH', path: `${base}/billingCycleSpecification/monthly-day-1`, resource: `${base}/billingCycleSpecification/{id}`, pathParameters: { id: 'monthly-day-1' }, body: { name: 'x' } }));
    expectTmfError(answer, 409, 'BUILT_IN_RECORD', tmf666);
  });

  it('400 for a cycle change: the shift is copied onto accounts, so fixed', async () => {
    const answer = await invoke(patchBillingCycleSpecification, apiEvent({ method: 'PATCH', path: `${base}/billingCycleSpecification/bcs-1`, resource: `${base}/billingCycleSpecification/{id}`, pathParameters: { id: 'bcs-1' }, body: { billingDateShift: 3 } }));
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
  });

  it('moves the lifecycle, conditional on the version read; 412 on a stale If-Match; 409 out of Closed', async () => {
    stores('FinancialAccount', financial, 3);
    const event = (body: unknown, headers: Record<string, string> = {}) =>
      apiEvent({ method: 'PATCH', path: `${base}/financialAccount/fa-1`, resource: `${base}/financialAccount/{id}`, pathParameters: { id: 'fa-1' }, body, headers });
    const answer = await invoke(patchFinancialAccount, event({ state: 'Suspended' }, { 'if-match': 'W/"3"' }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ state: 'Suspended', lastModified: now });
    expect(answer.headers.etag).toBe('W/"4"');
    expect(documentMock.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({ Key: { pk: 'ACCOUNT_RECORD#FinancialAccount#fa-1' }, ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 3 } });
    expectTmfError(await invoke(patchFinancialAccount, event({ name: 'x' }, { 'if-match': 'W/"2"' })), 412, 'PRECONDITION_FAILED', tmf666);
    stores('FinancialAccount', { ...financial, state: 'Closed' }, 3);
    expectTmfError(await invoke(patchFinancialAccount, event({ state: 'Active' })), 409, 'ACCOUNT_LIFECYCLE', tmf666);
  });

  it("409 for a financial account's new parties while accounts refer to it", async () => {
    stores('FinancialAccount', financial, 3, 2);
    const answer = await invoke(patchFinancialAccount, apiEvent({ method: 'PATCH', path: `${base}/financialAccount/fa-1`, resource: `${base}/financialAccount/{id}`, pathParameters: { id: 'fa-1' }, body: { relatedParty: [{ ...partner, id: 'org-2' }] } }));
    expectTmfError(answer, 409, 'RECORD_IN_USE', tmf666);
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('moves the count from the financial account left to the one named', async () => {
    const settlement = { id: 'sa-1', href: `${base}/settlementAccount/sa-1`, name: 'S', state: 'Active', relatedParty: [partner], financialAccount: { id: 'fa-0', href: 'x', name: 'Old', '@referredType': 'FinancialAccount' }, lastModified: now, '@type': 'SettlementAccount' };
    stores('SettlementAccount', settlement, 2);
    stores('FinancialAccount', financial);
    const answer = await invoke(patchSettlementAccount, apiEvent({ method: 'PATCH', path: `${base}/settlementAccount/sa-1`, resource: `${base}/settlementAccount/{id}`, pathParameters: { id: 'sa-1' }, body: { financialAccount: { id: 'fa-1' } } }));
    expect(answer.statusCode).toBe(200);
    const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.slice(1).map((one) => [one.Update!.Key!.pk, one.Update!.ExpressionAttributeValues![':delta']])).toEqual([
      ['ACCOUNT_RECORD#FinancialAccount#fa-0', -1],
      ['ACCOUNT_RECORD#FinancialAccount#fa-1', 1],
    ]);
  });
});

describe('DELETE', () => {
  const remove = (id: string, handler = deleteBillFormat, collection = 'billFormat') =>
    invoke(handler, apiEvent({ method: 'DELETE', path: `${base}/${collection}/${id}`, resource: `${base}/${collection}/{id}`, pathParameters: { id } }));

  it('204: removes a record nothing refers to, conditional on its version and on no reference', async () => {
    stores('BillFormat', format, 2);
    const answer = await remove('bf-1');
    expect(answer.statusCode).toBe(204);
    expect(documentMock.commandCalls(DeleteCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: 'ACCOUNT_RECORD#BillFormat#bf-1', sk: 'ACCOUNT_RECORD' },
      ConditionExpression: '#version = :expected AND (attribute_not_exists(#references) OR #references <= :zero)',
      ExpressionAttributeValues: { ':expected': 2, ':zero': 0 },
    });
  });

  it('409 RECORD_IN_USE while a billing account uses it, without writing', async () => {
    stores('BillFormat', format, 2, 3);
    const answer = await remove('bf-1');
    expectTmfError(answer, 409, 'RECORD_IN_USE', tmf666);
    expect(answer.body.message).toContain('used by 3 billing accounts');
    expect(documentMock.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('409 RECORD_IN_USE when an account came to use it between the read and the delete', async () => {
    documentMock
      .on(GetCommand, { Key: { pk: 'ACCOUNT_RECORD#BillFormat#bf-1', sk: 'ACCOUNT_RECORD' } })
      .resolvesOnce({ Item: item('BillFormat', format, 2) })
      .resolves({ Item: item('BillFormat', format, 2, 1) });
    documentMock.on(DeleteCommand).rejects(new ConditionalCheckFailedException({ message: 'condition', $metadata: {} }));
    expectTmfError(await remove('bf-1'), 409, 'RECORD_IN_USE', tmf666);
  });

  it('409 for built-in records and 404 for unknown ones', async () => {
    expectTmfError(await remove('pdf'), 409, 'BUILT_IN_RECORD', tmf666);
    expectTmfError(await remove('nope'), 404, 'NOT_FOUND', tmf666);
  });

  it('an account of a party uncounts its financial account as it goes', async () => {
    stores('SettlementAccount', { id: 'sa-1', financialAccount: { id: 'fa-1' } } as never, 1);
    const answer = await remove('sa-1', deleteSettlementAccount, 'settlementAccount');
    expect(answer.statusCode).toBe(204);
    const items = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Delete!.Key).toEqual({ pk: 'ACCOUNT_RECORD#SettlementAccount#sa-1', sk: 'ACCOUNT_RECORD' });
    expect(items[1]!.Update).toMatchObject({ Key: { pk: 'ACCOUNT_RECORD#FinancialAccount#fa-1' }, ExpressionAttributeValues: { ':delta': -1 } });
  });
});

describe('every record kind, through its own five handlers', () => {
  const entries: Record<string, { handler: Parameters<typeof invoke>[0] }> = {
    'create-billing-cycle-specification': createBillingCycleSpecificationEntry,
    'get-billing-cycle-specification': getBillingCycleSpecificationEntry,
    'patch-billing-cycle-specification': patchBillingCycleSpecificationEntry,
    'delete-billing-cycle-specification': deleteBillingCycleSpecificationEntry,
    'create-bill-format': createBillFormatEntry,
    'get-bill-format': getBillFormatEntry,
    'patch-bill-format': patchBillFormatEntry,
    'delete-bill-format': deleteBillFormatEntry,
    'create-bill-presentation-media': createBillPresentationMediaEntry,
    'get-bill-presentation-media': getBillPresentationMediaEntry,
    'patch-bill-presentation-media': patchBillPresentationMediaEntry,
    'delete-bill-presentation-media': deleteBillPresentationMediaEntry,
    'create-financial-account': createFinancialAccountEntry,
    'get-financial-account': getFinancialAccountEntry,
    'patch-financial-account': patchFinancialAccountEntry,
    'delete-financial-account': deleteFinancialAccountEntry,
    'create-party-account': createPartyAccountEntry,
    'get-party-account': getPartyAccountEntry,
    'patch-party-account': patchPartyAccountEntry,
    'delete-party-account': deletePartyAccountEntry,
    'create-settlement-account': createSettlementAccountEntry,
    'get-settlement-account': getSettlementAccountEntry,
    'patch-settlement-account': patchSettlementAccountEntry,
    'delete-settlement-account': deleteSettlementAccountEntry,
    'list-billing-cycle-specifications': listBillingCycleSpecificationsEntry,
    'list-bill-formats': listBillFormatsEntry,
    'list-bill-presentation-media-list': listBillPresentationMediaListEntry,
    'list-financial-accounts': listFinancialAccountsEntry,
    'list-party-accounts': listPartyAccountsEntry,
    'list-settlement-accounts': listSettlementAccountsEntry,
  };
  const kinds = [
    { collection: 'billingCycleSpecification', file: 'billing-cycle-specification', list: 'billing-cycle-specifications', body: { name: 'Monthly billing' }, type: 'BillingCycleSpecification', builtIn: 'monthly-day-1' },
    { collection: 'billFormat', file: 'bill-format', list: 'bill-formats', body: { name: 'Monthly billing' }, type: 'BillFormat', builtIn: 'pdf' },
    { collection: 'billPresentationMedia', file: 'bill-presentation-media', list: 'bill-presentation-media-list', body: { name: 'Portal' }, type: 'BillPresentationMedia', builtIn: 'email' },
    { collection: 'financialAccount', file: 'financial-account', list: 'financial-accounts', body: { name: 'Administration account' }, type: 'FinancialAccount' },
    { collection: 'partyAccount', file: 'party-account', list: 'party-accounts', body: { name: 'Travel account', relatedParty: [partner] }, type: 'PartyAccount' },
    { collection: 'settlementAccount', file: 'settlement-account', list: 'settlement-accounts', body: { name: 'Per Usage Account', relatedParty: [partner] }, type: 'SettlementAccount' },
  ];

  it.each(kinds.map((kind) => [kind.collection, kind] as const))('%s: the kit’s POST 201, GET 200, list 200, PATCH and DELETE of an unknown id 404', async (collection, kind) => {
    const load = async (name: string) => entries[name]!.handler;
    const path = `${base}/${collection}`;
    const created = await invoke(await load(`create-${kind.file}`), apiEvent({ method: 'POST', path, body: kind.body }));
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ ...kind.body, '@type': kind.type, href: `${path}/${created.body.id}` });
    expectValidTmf(tmf666, kind.type, created.body);

    stores(kind.type, created.body, 1);
    const read = await invoke(await load(`get-${kind.file}`), resourceEvent('GET', path, created.body.id, { query: { fields: 'name' } }));
    expect(read.statusCode).toBe(200);
    expect(read.body).toEqual({ id: created.body.id, href: created.body.href, name: kind.body.name, '@type': kind.type });

    documentMock.on(QueryCommand).resolves({ Items: [item(kind.type, created.body)] });
    const listed = await invoke(await load(`list-${kind.list}`), apiEvent({ method: 'GET', path, query: { name: kind.body.name } }));
    expect(listed.statusCode).toBe(200);
    expect(listed.body.map((one: { id: string }) => one.id)).toEqual([created.body.id]);
    if (kind.builtIn) {
      const builtIn = await invoke(await load(`get-${kind.file}`), resourceEvent('GET', path, kind.builtIn));
      expect(builtIn.body).toMatchObject({ id: kind.builtIn, isBuiltIn: true });
      expectValidTmf(tmf666, kind.type, builtIn.body);
    }

    const patched = await invoke(await load(`patch-${kind.file}`), apiEvent({ method: 'PATCH', path: `${path}/gone`, resource: `${path}/{id}`, pathParameters: { id: 'gone' }, body: { name: 'x' } }));
    expectTmfError(patched, 404, 'NOT_FOUND', tmf666);
    const removed = await invoke(await load(`delete-${kind.file}`), apiEvent({ method: 'DELETE', path: `${path}/gone`, resource: `${path}/{id}`, pathParameters: { id: 'gone' } }));
    expectTmfError(removed, 404, 'NOT_FOUND', tmf666);
  });
});
