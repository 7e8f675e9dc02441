import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { BillingAccountStateChanged, BillingAccountUpdated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/billing-accounts/patch-billing-account.js';
import { systemClock } from '../../functions/lib/clock.js';
import { agentClaims, resourceEvent, customerClaims, type ApiEventInput } from '../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../support/api-answer.js';
import { billingAccountItem, billingAccountResource } from '../support/fixtures.js';
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

    it('403 for a customer on any account, its own or not: the route is not a customer\'s (route-access.ts), so the answer says nothing of the id', async () => {
      expectTmfError(await patch({ name: 'Mine' }, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf666);
      expectTmfError(await patch({ name: 'Theirs' }, { claims: customerClaims('cust-2') }), 403, 'FORBIDDEN', tmf666);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('404 for an unknown account', async () => {
      expectTmfError(await patch({ name: 'x' }, {}, 'ba-404'), 404, 'NOT_FOUND', tmf666);
    });
  });
});
