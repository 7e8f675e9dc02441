import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { Customer, CustomerStatus } from '../../domain/customers/customer.js';
import { CustomerStatusChanged, CustomerUpdated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/customers/patch-customer.js';
import { systemClock } from '../../functions/lib/clock.js';
import { agentClaims, resourceEvent, customerClaims, type ApiEventInput } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf629 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/customerManagement/v4/customer';
const now = '2026-02-01T08:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'cust-1') =>
  invoke(
    handler,
    resourceEvent('PATCH', path, id, { body, headers: { 'x-correlation-id': 'corr-patch' }, ...input }),
  );

function storeCustomer(customer: Customer, version: number) {
  documentMock.on(GetCommand, { Key: { pk: `CUSTOMER#${customer.id}`, sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customer, version) });
}

const inStatus = (status: CustomerStatus) => customerResource({ id: 'cust-1', status });

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

const writes = () => documentMock.commandCalls(TransactWriteCommand);
const outboxEvents = () =>
  writes()[0]!
    .args[0].input.TransactItems!.filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeCustomer(inStatus('Initialized'), 3);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('PATCH /customer/{id} (patch-customer)', () => {
  it('200: writes the change conditional on the version read, with CustomerUpdated, and answers the next ETag', async () => {
    const answer = await patch({ name: 'Ada King' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ ...inStatus('Initialized'), name: 'Ada King', lastModified: now });
    expect(answer.headers.etag).toBe('W/"4"');
    expectValidTmf(tmf629, 'Customer', answer.body);

    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[0]!.Update).toMatchObject({
      TableName: 'bss-test',
      Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 3, ':next': 4, ':resource': answer.body },
    });
    const [updated] = outboxEvents();
    expect(updated!.detailType).toBe('CustomerUpdated');
    const detail = CustomerUpdated.parseDetail(updated!.detail);
    expect(detail.data.changedAttributes).toEqual(['name']);
    expect(detail.data.customer).toMatchObject({ id: 'cust-1', name: 'Ada King', email: 'cust-1@example.com' });
    expect(detail.metadata.correlationId).toBe('corr-patch');
  });

  it('a status change also records CustomerStatusChanged with the reason', async () => {
    const answer = await patch({ status: 'Validated', statusReason: 'identity checked' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.status).toBe('Validated');
    const events = outboxEvents();
    expect(events.map((e) => e.detailType)).toEqual(['CustomerUpdated', 'CustomerStatusChanged']);
    expect(CustomerStatusChanged.parseDetail(events[1]!.detail).data).toEqual({
      customerId: 'cust-1',
      from: 'Initialized',
      to: 'Validated',
      reason: 'identity checked',
    });
    expect(events[0]!.detail.metadata.eventId).not.toBe(events[1]!.detail.metadata.eventId);
  });

  it('moves the email guard when the email changes: Put the new one, Delete the old one owned by this customer', async () => {
    const answer = await patch({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'Countess@Example.com' } }] });
    expect(answer.statusCode).toBe(200);
    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items[1]!.Put).toMatchObject({
      Item: { pk: 'CUSTOMER_EMAIL#countess@example.com', sk: 'CUSTOMER_EMAIL', customerId: 'cust-1' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items[2]!.Delete).toMatchObject({
      Key: { pk: 'CUSTOMER_EMAIL#cust-1@example.com', sk: 'CUSTOMER_EMAIL' },
      ConditionExpression: 'customerId = :customerId',
      ExpressionAttributeValues: { ':customerId': 'cust-1' },
    });
  });

  it('409 DUPLICATE_EMAIL when the new email belongs to someone else', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None'));
    const answer = await patch({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'taken@example.com' } }] });
    expectTmfError(answer, 409, 'DUPLICATE_EMAIL');
  });

  it('If-Match with the current version (or *) lets the patch through', async () => {
    expect((await patch({ name: 'A' }, { headers: { 'If-Match': 'W/"3"' } })).statusCode).toBe(200);
    expect((await patch({ name: 'B' }, { headers: { 'if-match': '"3"' } })).statusCode).toBe(200);
    expect((await patch({ name: 'C' }, { headers: { 'If-Match': '*' } })).statusCode).toBe(200);
  });

  it('409 CONCURRENT_MODIFICATION when the version moved on between read and write (no If-Match)', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expectTmfError(await patch({ name: 'Ada King' }), 409, 'CONCURRENT_MODIFICATION');
  });

  it('412 when the version moved on after a matching If-Match was checked', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expectTmfError(await patch({ name: 'Ada King' }, { headers: { 'If-Match': 'W/"3"' } }), 412, 'PRECONDITION_FAILED');
  });

  it('409 CONCURRENT_TRANSACTION on TransactionConflictException', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionConflictException({ message: 'conflict', $metadata: {} }));
    expectTmfError(await patch({ name: 'Ada King' }), 409, 'CONCURRENT_TRANSACTION');
  });

  it('a customer may change its own contact data', async () => {
    const answer = await patch({ name: 'Ada K.' }, { claims: customerClaims('cust-1') });
    expect(answer.statusCode).toBe(200);
    expect(writes()).toHaveLength(1);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('412 PRECONDITION_FAILED on a stale If-Match', async () => {
      const answer = await patch({ name: 'Ada King' }, { headers: { 'If-Match': 'W/"2"' } });
      expectTmfError(answer, 412, 'PRECONDITION_FAILED');
      expect(answer.body.message).toContain('version 3');
    });

    it('400 on a malformed If-Match', async () => {
      const answer = await patch({ name: 'Ada King' }, { headers: { 'If-Match': 'version-3' } });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['If-Match']);
    });

    it.each([
      ['Validated', 'Initialized'],
      ['Initialized', 'Suspended'],
      ['Closed', 'Validated'],
    ] as const)('409 CUSTOMER_LIFECYCLE for %s -> %s', async (from, to) => {
      storeCustomer(inStatus(from), 5);
      const answer = await patch({ status: to });
      expectTmfError(answer, 409, 'CUSTOMER_LIFECYCLE');
      expect(answer.body.message).toContain(`from ${from} to ${to}`);
    });

    it('409 CUSTOMER_LIFECYCLE for any change to a Closed customer', async () => {
      storeCustomer(inStatus('Closed'), 5);
      expectTmfError(await patch({ name: 'Reopened?' }), 409, 'CUSTOMER_LIFECYCLE');
    });

    it('403 when a customer changes an attribute reserved to agents (its status), before any read', async () => {
      const answer = await patch({ status: 'Closed', name: 'x' }, { claims: customerClaims('cust-1') });
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(answer.body.message).toContain('status');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it("404 for another customer's id with a customer token", async () => {
      expectTmfError(await patch({ name: 'x' }, { claims: customerClaims('cust-2') }), 404, 'NOT_FOUND');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('404 for an unknown customer', async () => {
      expectTmfError(await patch({ name: 'x' }, {}, 'nobody'), 404, 'NOT_FOUND');
    });

    it('400 naming read-only attributes', async () => {
      const answer = await patch({ id: 'other', href: '/x', createdAt: now });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toContain('id, href, createdAt');
    });

    it('400 on an empty patch', async () => {
      expectTmfError(await patch({}), 400, 'INVALID_REQUEST');
    });

    it('400 when the patch removes the last email', async () => {
      const answer = await patch({ contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+1 555 0100' } }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual(['contactMedium']);
    });

    it('415 on a media type other than merge-patch or JSON', async () => {
      expectTmfError(await patch({ name: 'x' }, { headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('401 without claims', async () => {
      expectTmfError(await patch({ name: 'x' }, { claims: null }), 401, 'UNAUTHORIZED');
    });
  });
});

describe('PATCH /customer/{id}: an address change that moves the tax jurisdiction is audited', () => {
  const inParis = customerResource({
    id: 'cust-1',
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'cust-1@example.com' } },
      { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', city: 'Paris', country: 'FR' } },
    ],
  });
  const moveTo = (postal: Record<string, string>) => ({ contactMedium: [inParis.contactMedium[0], { mediumType: 'postalAddress', characteristic: postal }] });
  const auditPuts = () => writes()[0]!.args[0].input.TransactItems!.filter((item) => item.Put?.Item?.entityType === 'AuditEntry').map((item) => item.Put!);

  beforeEach(() => storeCustomer(inParis, 3));

  it("a customer's move to another country: the audit entry (who, before, after) and CustomerTaxJurisdictionChanged in the same transaction", async () => {
    const answer = await patch(moveTo({ street1: '1 Unter den Linden', city: 'Berlin', country: 'DE' }), { claims: customerClaims('cust-1', 'user-ada') });
    expect(answer.statusCode).toBe(200);
    const [put] = auditPuts();
    expect(put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: 'CUSTOMER#cust-1', sk: expect.stringMatching(/^AUDIT#2026-02-01T08:00:00.000Z#/) } });
    expect(put!.Item!.resource).toMatchObject({
      action: 'taxJurisdictionChanged',
      actor: { subject: 'user-ada', role: 'customer' },
      correlationId: 'corr-patch',
      before: { country: 'FR' },
      after: { country: 'DE' },
    });
    const moved = outboxEvents().find((event) => event.detailType === 'CustomerTaxJurisdictionChanged')!;
    expect(moved.detail.data).toEqual({ customerId: 'cust-1', from: { country: 'FR' }, to: { country: 'DE' }, changedByRole: 'customer', auditEntryId: put!.Item!.resource.id });
  });

  it('a move within the same country records nothing more', async () => {
    const answer = await patch(moveTo({ street1: '2 place Bellecour', city: 'Lyon', country: 'FR' }), { claims: customerClaims('cust-1') });
    expect(answer.statusCode).toBe(200);
    expect(auditPuts()).toEqual([]);
    expect(outboxEvents().map((event) => event.detailType)).toEqual(['CustomerUpdated']);
  });

  it("staff moving it are recorded as staff", async () => {
    await patch(moveTo({ city: 'Madrid', country: 'ES' }), { claims: agentClaims });
    expect(auditPuts()[0]!.Item!.resource).toMatchObject({ actor: { subject: 'agent-user', role: 'agent' }, after: { country: 'ES' } });
  });
});

describe("PATCH /customer/{id}: a card that pays an open billing account's bills stays on the record", () => {
  const visa = { id: 'pm_card_visa', '@referredType': 'PaymentMethod' };
  const mastercard = { id: 'pm_card_mastercard', '@referredType': 'PaymentMethod' };
  const withCards = customerResource({ id: 'cust-1', paymentMethod: [visa, mastercard] });
  const queries = () => documentMock.commandCalls(QueryCommand);
  /** The customer's accounts as gsi2 answers the Query (the filter on the default's id is DynamoDB's; the domain checks again). */
  const accountsDefaultingTo = (...accounts: BillingAccount[]) => documentMock.on(QueryCommand).resolves({ Items: accounts.map((account) => billingAccountItem(account)) });

  beforeEach(() => {
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: { ...customerItem(withCards, 3), accountDefaultsVersion: 4 } });
    documentMock.on(QueryCommand).resolves({ Items: [] });
  });

  it("409 DEFAULT_PAYMENT_METHOD_IN_USE naming the accounts whose default it is, for the customer and for staff; nothing written", async () => {
    accountsDefaultingTo(
      billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', defaultPaymentMethod: visa }),
      billingAccountResource({ id: 'ba-2', ownerId: 'cust-1', state: 'Suspended', defaultPaymentMethod: visa }),
    );
    for (const claims of [customerClaims('cust-1'), agentClaims]) {
      const answer = await patch({ paymentMethod: [mastercard] }, { claims });
      expectTmfError(answer, 409, 'DEFAULT_PAYMENT_METHOD_IN_USE');
      expect(answer.body.message).toContain('billing accounts ba-1, ba-2; choose another default first');
      expect(answer.body.details).toEqual([
        { field: 'paymentMethod', problem: 'pm_card_visa is the default payment method of billing account ba-1: choose another default first' },
        { field: 'paymentMethod', problem: 'pm_card_visa is the default payment method of billing account ba-2: choose another default first' },
      ]);
    }
    expectTmfError(await patch({ paymentMethod: null }, { claims: agentClaims }), 409, 'DEFAULT_PAYMENT_METHOD_IN_USE');
    expect(writes()).toHaveLength(0);
  });

  it("reads the accounts with one bounded Query of the customer's range of gsi2, filtered on the removed cards and the open states", async () => {
    await patch({ paymentMethod: [mastercard] }, { claims: customerClaims('cust-1') });
    expect(queries()).toHaveLength(1);
    const input = queries()[0]!.args[0].input;
    expect(input).toMatchObject({
      IndexName: 'gsi2',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'BillingAccount#' },
    });
    expect(Object.values(input.ExpressionAttributeNames!)).toEqual(expect.arrayContaining(['defaultPaymentMethod', 'id', 'state']));
    expect(Object.values(input.ExpressionAttributeValues!)).toEqual(expect.arrayContaining(['pm_card_visa', 'Active', 'Suspended']));
    expect(Object.values(input.ExpressionAttributeValues!)).not.toContain('pm_card_mastercard');
  });

  it('200 removing a card no open account pays with; written only if no default changed since (the count read with the customer)', async () => {
    accountsDefaultingTo(billingAccountResource({ id: 'ba-9', ownerId: 'cust-1', state: 'Closed', defaultPaymentMethod: visa }));
    const answer = await patch({ paymentMethod: [mastercard] }, { claims: customerClaims('cust-1') });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.paymentMethod).toEqual([mastercard]);
    const [update] = writes()[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({
      Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
      ConditionExpression: '#version = :expected AND #accountDefaults = :accountDefaults',
      ExpressionAttributeNames: { '#accountDefaults': 'accountDefaultsVersion' },
      ExpressionAttributeValues: { ':expected': 3, ':accountDefaults': 4 },
    });
  });

  it('a customer never counted yet is written conditional on the count still being absent', async () => {
    storeCustomer(withCards, 3);
    expect((await patch({ paymentMethod: [visa] }, { claims: customerClaims('cust-1') })).statusCode).toBe(200);
    expect(writes()[0]!.args[0].input.TransactItems![0]!.Update!.ConditionExpression).toBe('#version = :expected AND attribute_not_exists(#accountDefaults)');
  });

  it('409 CONCURRENT_MODIFICATION (412 with If-Match) when a default changed between the check and the write', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const answer = await patch({ paymentMethod: [mastercard] }, { claims: customerClaims('cust-1') });
    expectTmfError(answer, 409, 'CONCURRENT_MODIFICATION');
    expect(answer.body.message).toContain('or the default payment method of one of its billing accounts');
    expectTmfError(await patch({ paymentMethod: [mastercard] }, { claims: customerClaims('cust-1'), headers: { 'If-Match': 'W/"3"' } }), 412, 'PRECONDITION_FAILED');
  });

  it('adding, renaming or keeping cards reads no account and adds no condition', async () => {
    const answer = await patch({ paymentMethod: [{ ...visa, name: 'My Visa' }, mastercard, { id: 'pm_card_amex' }] }, { claims: customerClaims('cust-1') });
    expect(answer.statusCode).toBe(200);
    expect(queries()).toHaveLength(0);
    expect(writes()[0]!.args[0].input.TransactItems![0]!.Update!.ConditionExpression).toBe('#version = :expected');
    expect((await patch({ name: 'Ada K.' }, { claims: customerClaims('cust-1') })).statusCode).toBe(200);
    expect(queries()).toHaveLength(0);
  });
});
