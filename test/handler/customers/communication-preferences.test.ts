import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { notificationKinds } from '../../../domain/communication/notification-sender.js';
import { CommunicationPreferencesChanged } from '../../../domain/events/customer-events.js';
import { handler as getPreferences } from '../../../functions/customers/get-communication-preferences.js';
import { handler as replacePreferences } from '../../../functions/customers/replace-communication-preferences.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, mediationClaims, riskClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const template = '/customers/v1/customer/{id}/communicationPreferences';
const pathOf = (id: string) => `/customers/v1/customer/${id}/communicationPreferences`;
const now = '2027-03-01T09:30:00.000Z';

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  table.put(customerItem(customerResource({ id: 'cust-1' })));
  table.put(customerItem(customerResource({ id: 'cust-2' })));
  return () => vi.restoreAllMocks();
});

const get = (id: string, claims: Claims = adminClaims) => invoke(getPreferences, apiEvent({ method: 'GET', path: pathOf(id), resource: template, pathParameters: { id }, claims }));
const put = (id: string, body: unknown, options: { claims?: Claims; ifMatch?: string } = {}) =>
  invoke(
    replacePreferences,
    apiEvent({ method: 'PUT', path: pathOf(id), resource: template, pathParameters: { id }, body, claims: options.claims ?? adminClaims, ...(options.ifMatch ? { headers: { 'if-match': options.ifMatch } } : {}) }),
  );
const entryOf = (body: { preferences: { kind: string }[] }, kind: string) => body.preferences.find((each) => each.kind === kind);
const outboxEvents = () => table.itemsOf('OUTBOX#').map((item) => ({ detailType: item.detailType, detail: JSON.parse(item.detail as string) }));

describe('GET /customers/v1/customer/{id}/communicationPreferences', () => {
  it('answers the defaults of a customer that never chose: every kind on both channels, mandatory ones marked, ETag W/"0"', async () => {
    const answer = await get('cust-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers.etag).toBe('W/"0"');
    expect(answer.body).toMatchObject({ customerId: 'cust-1', href: pathOf('cust-1'), '@type': 'CommunicationPreferences' });
    expect(answer.body.lastUpdate).toBeUndefined();
    expect(answer.body.preferences.map((each: { kind: string }) => each.kind)).toEqual([...notificationKinds]);
    expect(answer.body.preferences.filter((each: { mandatory: boolean }) => each.mandatory).map((each: { kind: string }) => each.kind)).toEqual(['finalNotice', 'serviceSuspended', 'billIssued']);
    expect(answer.body.preferences.every((each: { email: boolean; sms: boolean }) => each.email && each.sms)).toBe(true);
    // Two key lookups: the customer and its preferences.
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual(
      expect.arrayContaining([
        { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
        { pk: 'CUSTOMER#cust-1', sk: 'COMMUNICATION_PREFERENCES' },
      ]),
    );
  });

  it('a customer reads its own; another customer’s answers 404 without reading anything; staff read any', async () => {
    expect((await get('cust-1', customerClaims('cust-1'))).statusCode).toBe(200);
    documentMock.resetHistory();
    expectTmfError(await get('cust-1', customerClaims('cust-2')), 404, 'NOT_FOUND');
    expect(documentMock.calls()).toHaveLength(0);
    expect((await get('cust-2', agentClaims)).statusCode).toBe(200);
  });

  it('404 for an unknown customer; 403 for a machine client or a risk officer', async () => {
    expectTmfError(await get('nobody'), 404, 'NOT_FOUND');
    expectTmfError(await get('cust-1', mediationClaims), 403, 'FORBIDDEN');
    expectTmfError(await get('cust-1', riskClaims), 403, 'FORBIDDEN');
  });
});

describe('PUT /customers/v1/customer/{id}/communicationPreferences', () => {
  it('saves the choices whole (a kind not named keeps its default), with CommunicationPreferencesChanged in the same transaction; GET reads them back', async () => {
    const answer = await put('cust-1', { preferences: [{ kind: 'paymentReminder', email: false, sms: true }, { kind: 'supportCaseOpened', email: false, sms: false }] }, { claims: customerClaims('cust-1'), ifMatch: 'W/"0"' });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers.etag).toBe('W/"1"');
    expect(answer.body.lastUpdate).toBe(now);
    expect(entryOf(answer.body, 'paymentReminder')).toEqual({ kind: 'paymentReminder', email: false, sms: true, mandatory: false });
    expect(entryOf(answer.body, 'billIssued')).toEqual({ kind: 'billIssued', email: true, sms: true, mandatory: true });

    const [transaction] = documentMock.commandCalls(TransactWriteCommand);
    const actions = transaction!.args[0].input.TransactItems!;
    expect(actions).toHaveLength(2);
    expect(actions[0]!.Put).toMatchObject({ Item: { pk: 'CUSTOMER#cust-1', sk: 'COMMUNICATION_PREFERENCES', entityType: 'CommunicationPreferences', version: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    const [event] = outboxEvents();
    expect(event!.detailType).toBe('CommunicationPreferencesChanged');
    expect(CommunicationPreferencesChanged.parseDetail(event!.detail).data).toEqual({
      customerId: 'cust-1',
      preferences: notificationKinds.map((kind) => ({ kind, email: kind !== 'paymentReminder' && kind !== 'supportCaseOpened', sms: kind !== 'supportCaseOpened' })),
      changedKinds: ['paymentReminder', 'supportCaseOpened'],
      changedByRole: 'customer',
    });
    expect(event!.detail.metadata.occurredAt).toBe(now);

    const read = await get('cust-1', customerClaims('cust-1'));
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.body).toEqual(answer.body);
  });

  it('400 naming the kind when every channel of a mandatory kind is off, nothing written', async () => {
    const answer = await put('cust-1', { preferences: [{ kind: 'finalNotice', email: false, sms: false }] });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['preferences[0]']);
    expect(answer.body.message).toContain('finalNotice is mandatory');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('400 for an unknown kind, a kind named twice, or a read-only attribute', async () => {
    expect(detailFields(await put('cust-1', { preferences: [{ kind: 'newsletter', email: true, sms: true }] }))).toEqual(['preferences.0.kind']);
    expect(detailFields(await put('cust-1', { preferences: [{ kind: 'billIssued', email: true, sms: true }, { kind: 'billIssued', email: true, sms: false }] }))).toEqual(['preferences[1].kind']);
    expectTmfError(await put('cust-1', { preferences: [], lastUpdate: now }), 400, 'INVALID_REQUEST');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('412 for a stale If-Match; without If-Match a concurrent change is a 409, never a lost update', async () => {
    expect((await put('cust-1', { preferences: [{ kind: 'paymentReceipt', email: false, sms: false }] })).statusCode).toBe(200);
    expectTmfError(await put('cust-1', { preferences: [] }, { ifMatch: 'W/"0"' }), 412, 'PRECONDITION_FAILED');
    table.beforeTransaction = () => {
      table.put({ ...table.get({ pk: 'CUSTOMER#cust-1', sk: 'COMMUNICATION_PREFERENCES' })!, version: 2 });
      table.beforeTransaction = undefined;
    };
    expectTmfError(await put('cust-1', { preferences: [] }), 409, 'CONCURRENT_MODIFICATION');
  });

  it('a PUT that changes nothing writes nothing and keeps the ETag', async () => {
    const body = { preferences: [{ kind: 'paymentReceipt', email: false, sms: true }] };
    expect((await put('cust-1', body)).headers.etag).toBe('W/"1"');
    const again = await put('cust-1', body, { ifMatch: 'W/"1"' });
    expect(again.statusCode).toBe(200);
    expect(again.headers.etag).toBe('W/"1"');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(outboxEvents()).toHaveLength(1);
  });

  it("a customer on a test clock: lastUpdate and the event are the clock's instants", async () => {
    table.put(testClockItem(testClock('clock-1', '2027-06-15T08:00:00.000Z')));
    table.put(customerItem(customerResource({ id: 'cust-3', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } })));
    const answer = await put('cust-3', { preferences: [{ kind: 'serviceRestored', email: false, sms: false }] }, { claims: agentClaims });
    expect(answer.body.lastUpdate).toBe('2027-06-15T08:00:00.000Z');
    const [event] = outboxEvents();
    expect(event!.detail.metadata.occurredAt).toBe('2027-06-15T08:00:00.000Z');
    expect(event!.detail.data).toMatchObject({ testClockId: 'clock-1', changedByRole: 'agent' });
  });

  it("a customer writes its own only: another's answers 404 without reading anything; staff write any; machine clients 403", async () => {
    expectTmfError(await put('cust-1', { preferences: [] }, { claims: customerClaims('cust-2') }), 404, 'NOT_FOUND');
    expect(documentMock.calls()).toHaveLength(0);
    expect((await put('cust-2', { preferences: [{ kind: 'paymentReceipt', email: false, sms: false }] }, { claims: agentClaims })).statusCode).toBe(200);
    expectTmfError(await put('cust-1', { preferences: [] }, { claims: mediationClaims }), 403, 'FORBIDDEN');
    expectTmfError(await put('nobody', { preferences: [] }), 404, 'NOT_FOUND');
  });
});
