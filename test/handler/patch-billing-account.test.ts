import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { BillingAccountStateChanged, BillingAccountUpdated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/billing-accounts/patch-billing-account.js';
import { systemClock } from '../../functions/lib/clock.js';
import { agentClaims, resourceEvent, customerClaims, type ApiEventInput } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/accountManagement/v4/billingAccount';
const now = '2026-02-03T12:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'ba-1') =>
  invoke(
    handler,
    resourceEvent('PATCH', path, id, { body, headers: { 'x-correlation-id': 'corr-ba-patch' }, ...input }),
  );

function storeAccount(account: BillingAccount, version: number) {
  documentMock.on(GetCommand, { Key: { pk: `BILLING_ACCOUNT#${account.id}`, sk: 'BILLING_ACCOUNT' } }).resolves({ Item: billingAccountItem(account, version) });
}

const writes = () => documentMock.commandCalls(TransactWriteCommand);
const outboxEvents = () =>
  writes()[0]!
    .args[0].input.TransactItems!.filter((item) => item.Put?.Item?.entityType === 'OutboxEvent')
    .map((item) => ({ detailType: item.Put!.Item!.detailType as string, detail: JSON.parse(item.Put!.Item!.detail as string) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeAccount(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' }), 2);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

/** The balance is served beside the resource, never stored in it. */
const storedPart = ({ accountBalance: _served, ...stored }: Record<string, unknown>) => stored;

describe('PATCH /billingAccount/{id} (patch-billing-account)', () => {
  it('200: suspends the account conditional on its version, with BillingAccountUpdated and BillingAccountStateChanged', async () => {
    const answer = await patch({ state: 'Suspended' }, { claims: agentClaims });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ id: 'ba-1', state: 'Suspended', lastModified: now });
    expect(answer.headers.etag).toBe('W/"3"');
    expectValidTmf(tmf666, 'BillingAccount', answer.body);

    const [update] = writes()[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({
      Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 2, ':next': 3, ':resource': storedPart(answer.body) },
    });
    const events = outboxEvents();
    expect(events.map((e) => e.detailType)).toEqual(['BillingAccountUpdated', 'BillingAccountStateChanged']);
    expect(BillingAccountUpdated.parseDetail(events[0]!.detail).data.changedAttributes).toEqual(['state']);
    expect(BillingAccountStateChanged.parseDetail(events[1]!.detail).data).toEqual({
      billingAccountId: 'ba-1',
      customerId: 'cust-1',
      from: 'Active',
      to: 'Suspended',
    });
    expect(events[1]!.detail.metadata.correlationId).toBe('corr-ba-patch');
  });

  it('a cycle day change rewrites billStructure and records only BillingAccountUpdated', async () => {
    const answer = await patch({ billingCycleDay: 20 });
    expect(answer.body.billingCycleDay).toBe(20);
    expect(answer.body.billStructure.cycleSpecification).toMatchObject({ name: 'monthly-day-20', billingDateShift: 19 });
    expect(outboxEvents().map((e) => e.detailType)).toEqual(['BillingAccountUpdated']);
  });

  it('409 CONCURRENT_MODIFICATION when the version moved on, 412 if If-Match was sent', async () => {
    documentMock
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expectTmfError(await patch({ name: 'Renamed' }), 409, 'CONCURRENT_MODIFICATION', tmf666);
    expectTmfError(await patch({ name: 'Renamed' }, { headers: { 'If-Match': 'W/"2"' } }), 412, 'PRECONDITION_FAILED', tmf666);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('412 on a stale If-Match', async () => {
      expectTmfError(await patch({ name: 'Renamed' }, { headers: { 'If-Match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED', tmf666);
    });

    it('409 BILLING_ACCOUNT_LIFECYCLE for any change to a Closed account', async () => {
      storeAccount(billingAccountResource({ id: 'ba-1', state: 'Closed' }), 9);
      const answer = await patch({ state: 'Active' });
      expectTmfError(answer, 409, 'BILLING_ACCOUNT_LIFECYCLE', tmf666);
      expectTmfError(await patch({ name: 'x' }), 409, 'BILLING_ACCOUNT_LIFECYCLE', tmf666);
    });

    it('400 naming attributes fixed once the account is open', async () => {
      const answer = await patch({ currency: 'USD', isDefault: false });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toContain('currency, isDefault');
    });

    it('400 naming an invalid state', async () => {
      const answer = await patch({ state: 'Deleted' });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
      expect(detailFields(answer)).toEqual(['state']);
    });


    it('404 for an unknown account', async () => {
      expectTmfError(await patch({ name: 'x' }, {}, 'ba-404'), 404, 'NOT_FOUND', tmf666);
    });
  });

  describe('a staff change of the default card', () => {
    it('is counted on the customer item in the same transaction (its version and ETag untouched), conditional only on the customer existing', async () => {
      const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_amex' } }, { claims: agentClaims });
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
      // Staff set any card, one the customer record does not list included (the customer record is not read).
      expect(answer.body.defaultPaymentMethod).toEqual({ id: 'pm_card_amex' });
      expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).toEqual(['BILLING_ACCOUNT#ba-1']);
      const [, count] = writes()[0]!.args[0].input.TransactItems!;
      expect(count!.Update).toEqual({
        TableName: 'bss-test',
        Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
        UpdateExpression: 'ADD #accountDefaults :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#accountDefaults': 'accountDefaultsVersion' },
        ExpressionAttributeValues: { ':one': 1 },
      });
    });

    it('staff may still remove it (null); a patch that leaves it alone does not touch the customer', async () => {
      storeAccount(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', defaultPaymentMethod: { id: 'pm_card_visa' } }), 2);
      const removed = await patch({ defaultPaymentMethod: null }, { claims: agentClaims });
      expect(removed.statusCode).toBe(200);
      expect(removed.body.defaultPaymentMethod).toBeUndefined();
      expect(writes()[0]!.args[0].input.TransactItems!.filter((item) => item.Update?.Key?.pk === 'CUSTOMER#cust-1')).toHaveLength(1);

      documentMock.resetHistory();
      expect((await patch({ name: 'Renamed' }, { claims: agentClaims })).statusCode).toBe(200);
      expect(writes()[0]!.args[0].input.TransactItems!.filter((item) => item.Update?.Key?.pk === 'CUSTOMER#cust-1')).toHaveLength(0);
    });
  });
});

describe('PATCH /billingAccount/{id} as its customer: the default card, among its own cards', () => {
  const own = customerClaims('cust-1');
  const visa = { id: 'pm_card_visa', name: 'Visa 4242', '@referredType': 'PaymentMethod' };
  const mastercard = { id: 'pm_card_mastercard', name: 'Mastercard 4444', '@referredType': 'PaymentMethod' };

  beforeEach(() => {
    storeAccount(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', defaultPaymentMethod: visa }), 2);
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customerResource({ id: 'cust-1', paymentMethod: [visa, mastercard] }), 7) });
  });

  it('200: sets another of its cards, as its record lists it, with BillingAccountUpdated naming defaultPaymentMethod', async () => {
    const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { claims: own, headers: { 'If-Match': 'W/"2"', 'x-correlation-id': 'corr-ba-patch' } });
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.defaultPaymentMethod).toEqual(mastercard);
    expect(answer.headers.etag).toBe('W/"3"');
    expectValidTmf(tmf666, 'BillingAccount', answer.body);

    const [update, count] = writes()[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({ Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' }, ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 2 } });
    expect((update!.Update!.ExpressionAttributeValues![':resource'] as BillingAccount).defaultPaymentMethod).toEqual(mastercard);
    // Conditional on the customer record whose cards were checked: a card removed meanwhile fails the write.
    expect(count!.Update).toMatchObject({
      Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' },
      UpdateExpression: 'ADD #accountDefaults :one',
      ConditionExpression: '#version = :customerVersion',
      ExpressionAttributeValues: { ':one': 1, ':customerVersion': 7 },
    });
    const events = outboxEvents();
    expect(events.map((e) => e.detailType)).toEqual(['BillingAccountUpdated']);
    const data = BillingAccountUpdated.parseDetail(events[0]!.detail).data;
    expect(data.changedAttributes).toEqual(['defaultPaymentMethod']);
    expect(events[0]!.detail.metadata.correlationId).toBe('corr-ba-patch');
  });

  it('200 on a Suspended account too: the rules of the lifecycle are the same as for staff', async () => {
    storeAccount(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', state: 'Suspended', defaultPaymentMethod: visa }), 2);
    const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { claims: own });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ state: 'Suspended', defaultPaymentMethod: mastercard });
  });

  it('409 CONCURRENT_TRANSACTION when its cards changed between the read and the write', async () => {
    documentMock
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { claims: own, headers: { 'If-Match': 'W/"2"' } });
    expectTmfError(answer, 409, 'CONCURRENT_TRANSACTION', tmf666);
    expect(answer.body.message).toContain('customer cust-1 changed its payment methods meanwhile');
  });

  describe('refusals write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('403 naming defaultPaymentMethod.id for a card its record does not list', async () => {
      const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_amex' } }, { claims: own });
      expectTmfError(answer, 403, 'FORBIDDEN', tmf666);
      expect(answer.body.details).toEqual([{ field: 'defaultPaymentMethod.id', problem: 'not one of your payment methods: add it to your customer record first' }]);
    });

    it('403 naming defaultPaymentMethod for null: removing the default stops collection, staff only', async () => {
      const answer = await patch({ defaultPaymentMethod: null }, { claims: own });
      expectTmfError(answer, 403, 'FORBIDDEN', tmf666);
      expect(detailFields(answer)).toEqual(['defaultPaymentMethod']);
    });

    it('403 naming every other attribute, alone or beside the default card, before the customer record is read', async () => {
      const alone = await patch({ name: 'Mine' }, { claims: own });
      expectTmfError(alone, 403, 'FORBIDDEN', tmf666);
      expect(alone.body.details).toEqual([{ field: 'name', problem: 'not writable by the customer role' }]);
      const beside = await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' }, paymentCollection: 'onDueDate', creditLimit: { unit: 'EUR', value: 1 } }, { claims: own });
      expectTmfError(beside, 403, 'FORBIDDEN', tmf666);
      expect(detailFields(beside).sort()).toEqual(['creditLimit', 'paymentCollection']);
      expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).not.toContain('CUSTOMER#cust-1');
    });

    it("404 on another customer's account, as on an unknown one, whatever the body", async () => {
      const stranger = customerClaims('cust-2');
      const answer = await patch({ defaultPaymentMethod: { id: 'pm_card_visa' } }, { claims: stranger });
      expectTmfError(answer, 404, 'NOT_FOUND', tmf666);
      expect(answer.body.message).toBe('billingAccount ba-1 does not exist');
      expectTmfError(await patch({ name: 'Theirs' }, { claims: stranger }), 404, 'NOT_FOUND', tmf666);
    });

    it('409 BILLING_ACCOUNT_LIFECYCLE on a Closed account, as for staff', async () => {
      storeAccount(billingAccountResource({ id: 'ba-1', ownerId: 'cust-1', state: 'Closed', defaultPaymentMethod: visa }), 9);
      expectTmfError(await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { claims: own }), 409, 'BILLING_ACCOUNT_LIFECYCLE', tmf666);
    });

    it('412 on a stale If-Match, before its record is read', async () => {
      expectTmfError(await patch({ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { claims: own, headers: { 'If-Match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED', tmf666);
    });
  });
});

describe('PATCH /billingAccount/{id}: references and organization owners', () => {
  const recordItem = (kind: string, resource: Record<string, unknown>) => ({ pk: `ACCOUNT_RECORD#${kind}#${resource.id as string}`, sk: 'ACCOUNT_RECORD', entityType: kind, version: 1, resource });
  const media = { id: 'bpm-1', href: '/tmf-api/accountManagement/v4/billPresentationMedia/bpm-1', name: 'Texts', channel: 'sms', isBuiltIn: false, '@type': 'BillPresentationMedia' };
  const counted = () =>
    writes()[0]!.args[0].input.TransactItems!.filter((one) => String(one.Update?.Key?.pk).startsWith('ACCOUNT_RECORD#')).map((one) => [one.Update!.Key!.pk, one.Update!.ExpressionAttributeValues![':delta']]);

  beforeEach(() => {
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [recordItem('BillPresentationMedia', media)] } });
  });

  it('replaces the presentation media, counting the new stored one up and the old one down, in its transaction', async () => {
    const old = { id: 'bpm-0', href: '/x', name: 'Old', isRef: false as const, channel: 'email' as const, '@type': 'BillPresentationMedia' as const };
    const current = billingAccountResource({ id: 'ba-1', ownerId: 'cust-1' });
    storeAccount({ ...current, billStructure: { ...current.billStructure, presentationMedia: [old] } }, 2);
    const answer = await patch({ billStructure: { presentationMedia: [{ id: 'bpm-1' }, { id: 'email' }] } }, { claims: agentClaims });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.billStructure.presentationMedia.map((one: { id: string }) => one.id)).toEqual(['bpm-1', 'email']);
    expect(answer.body.billStructure.cycleSpecification).toEqual(current.billStructure.cycleSpecification);
    expectValidTmf(tmf666, 'BillingAccount', answer.body);
    expect(counted()).toEqual([
      ['ACCOUNT_RECORD#BillPresentationMedia#bpm-0', -1],
      ['ACCOUNT_RECORD#BillPresentationMedia#bpm-1', 1],
    ]);
  });

  it('a chosen cycle specification moves the cycle day; 409 once the account is billed, as a cycle day would', async () => {
    const moved = await patch({ billStructure: { cycleSpecification: { id: 'monthly-day-20' } } }, { claims: agentClaims });
    expect(moved.statusCode).toBe(200);
    expect(moved.body).toMatchObject({ billingCycleDay: 20, billStructure: { cycleSpecification: { id: 'monthly-day-20' } } });
    // A built-in cycle is not counted: it is never deleted.
    expect(counted()).toEqual([]);
    documentMock.on(GetCommand, { Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILL_SCHEDULE' } }).resolves({ Item: { billingAccountId: 'ba-1', customerId: 'cust-1', cycleDay: 10, timeZone: 'Europe/Paris', version: 1 } });
    expectTmfError(await patch({ billStructure: { cycleSpecification: { id: 'monthly-day-20' } } }, { claims: agentClaims }), 409, 'BILLING_CALENDAR_FIXED', tmf666);
  });

  it('400 naming a reference that does not exist, without writing', async () => {
    documentMock.on(BatchGetCommand).resolves({ Responses: {} });
    const answer = await patch({ financialAccount: { id: 'fa-9' } }, { claims: agentClaims });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf666);
    expect(detailFields(answer)).toEqual(['financialAccount.id']);
    expect(writes()).toHaveLength(0);
  });

  describe("an organization's account", () => {
    const organization = { id: 'org-1', name: 'Acme', role: 'owner', '@referredType': 'Organization' };
    beforeEach(() => {
      const account = billingAccountResource({ id: 'ba-9', ownerId: 'cust-1' });
      documentMock.on(GetCommand, { Key: { pk: 'BILLING_ACCOUNT#ba-9', sk: 'BILLING_ACCOUNT' } }).resolves({ Item: billingAccountItem({ ...account, relatedParty: [organization] }, 1) });
    });

    it('staff change it; its state change names no customer', async () => {
      const answer = await patch({ state: 'Suspended', defaultPaymentMethod: { id: 'pm-1' } }, { claims: agentClaims }, 'ba-9');
      expect(answer.statusCode).toBe(200);
      const events = outboxEvents();
      const changed = BillingAccountStateChanged.parseDetail(events.find((one) => one.detailType === 'BillingAccountStateChanged')!.detail);
      expect(changed.data).toEqual({ billingAccountId: 'ba-9', from: 'Active', to: 'Suspended' });
      // No customer record to count a default card on.
      expect(writes()[0]!.args[0].input.TransactItems!.some((one) => String(one.Update?.Key?.pk).startsWith('CUSTOMER#'))).toBe(false);
    });

    it('is no customer\'s: 404 for a customer token', async () => {
      expectTmfError(await patch({ defaultPaymentMethod: { id: 'pm-1' } }, { claims: customerClaims('cust-1') }, 'ba-9'), 404, 'NOT_FOUND', tmf666);
    });
  });
});

