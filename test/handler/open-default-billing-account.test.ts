import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { customerItem, customerResource } from './../support/fixtures.js';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingAccountCreated, CustomerCreated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/billing-accounts/open-default-billing-account.js';
import { systemClock } from '../../functions/lib/clock.js';
import { lambdaContext } from '../support/lambda-context.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2026-01-31T23:30:00.000Z';
const origin = { eventId: 'evt-customer-created', occurredAt: '2026-01-31T23:29:59.000Z', correlationId: 'corr-onboarding' };

type Snapshot = Parameters<typeof CustomerCreated.create>[0]['customer'];
const snapshot = (overrides: Partial<Snapshot> = {}): Snapshot => ({
  id: 'cust-1',
  href: '/tmf-api/customerManagement/v4/customer/cust-1',
  name: 'Ada Lovelace',
  status: 'Initialized',
  email: 'ada@example.com',
  preferences: {},
  ...overrides,
});

/** The CustomerCreated EventBridge event the state machine hands to the function. */
function customerCreatedEvent(customer: Snapshot = snapshot()): EventBridgeEvent<'CustomerCreated', unknown> {
  return {
    version: '0',
    id: 'eb-event-1',
    'detail-type': 'CustomerCreated',
    source: 'bss.customers',
    account: '123456789012',
    time: origin.occurredAt,
    region: 'us-east-1',
    resources: [],
    detail: JSON.parse(JSON.stringify(CustomerCreated.create({ customer }, origin).detail)),
  };
}

const open = (event = customerCreatedEvent()) => handler(event, lambdaContext('open-default-billing-account'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(GetCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  vi.stubEnv('BSS_DEFAULT_CURRENCY', 'EUR');
  vi.stubEnv('BSS_DEFAULT_TIME_ZONE', 'Europe/Paris');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('open-default-billing-account (CustomerCreated consumer)', () => {
  it('opens the default account once: marker, account and BillingAccountCreated in one transaction', async () => {
    const outcome = await open();
    const items = writes()[0]!.args[0].input.TransactItems!;
    const account = items[1]!.Put!.Item!.resource;
    expect(outcome).toEqual({ opened: true, billingAccountId: account.id });

    expect(items).toHaveLength(3);
    expect(items[0]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'CUSTOMER#cust-1', sk: 'DEFAULT_BILLING_ACCOUNT', billingAccountId: account.id },
    });
    expect(items[1]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `BILLING_ACCOUNT#${account.id}`, gsi2pk: 'CUSTOMER#cust-1', entityType: 'BillingAccount', version: 1 },
    });
    expect(account).toMatchObject({
      name: 'Ada Lovelace - default',
      isDefault: true,
      state: 'Active',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      billingCycleDay: 1,
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', role: 'owner', '@referredType': 'Customer' }],
    });
    expectValidTmf(tmf666, 'BillingAccount', account);

    const detail = BillingAccountCreated.parseDetail(JSON.parse(items[2]!.Put!.Item!.detail as string));
    expect(detail.metadata.correlationId).toBe('corr-onboarding');
    expect(detail.metadata.eventId).not.toBe(origin.eventId);
    expect(detail.data.billingAccount).toMatchObject({ id: account.id, customerId: 'cust-1', isDefault: true });
  });

  it("opens it on the customer's preferences and first payment method, read from the customer (card tokens are not in events)", async () => {
    documentMock
      .on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } })
      .resolves({ Item: customerItem(customerResource({ id: 'cust-1', paymentMethod: [{ id: 'pm-1', name: 'Visa 4242' }, { id: 'pm-2' }] })) });
    await open(customerCreatedEvent(snapshot({ preferences: { currency: 'USD', timeZone: 'America/New_York', billingCycleDay: 3 } })));
    const account = writes()[0]!.args[0].input.TransactItems![1]!.Put!.Item!.resource;
    expect(account).toMatchObject({ currency: 'USD', timeZone: 'America/New_York', billingCycleDay: 3, defaultPaymentMethod: { id: 'pm-1', name: 'Visa 4242' } });
  });

  it('a duplicate delivery (the marker already exists) opens nothing and reports the existing account', async () => {
    documentMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );
    documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'DEFAULT_BILLING_ACCOUNT' } }).resolves({
      Item: { pk: 'CUSTOMER#cust-1', sk: 'DEFAULT_BILLING_ACCOUNT', billingAccountId: 'ba-existing' },
    });

    await expect(open()).resolves.toEqual({ opened: false, billingAccountId: 'ba-existing' });
    const markerRead = documentMock.commandCalls(GetCommand).find((call) => call.args[0].input.Key!.sk === 'DEFAULT_BILLING_ACCOUNT');
    expect(markerRead!.args[0].input).toMatchObject({ ConsistentRead: true, Key: { pk: 'CUSTOMER#cust-1', sk: 'DEFAULT_BILLING_ACCOUNT' } });
  });

  it('fails (to be retried) when another condition than the marker fails', async () => {
    documentMock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    await expect(open()).rejects.toBeInstanceOf(TransactionCanceledException);
    // Only the customer's payment methods were read, not the marker.
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.sk)).toEqual(['CUSTOMER']);
  });

  it('fails with TransientStoreError, which the state machine retries, on a transaction conflict', async () => {
    documentMock.on(TransactWriteCommand).rejects(new TransactionConflictException({ message: 'conflict', $metadata: {} }));
    await expect(open()).rejects.toMatchObject({ name: 'TransientStoreError' });
  });

  it('fails with TransientStoreError when DynamoDB keeps throttling past the SDK retries', async () => {
    const throttled = Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    documentMock.on(TransactWriteCommand).rejects(throttled);
    await expect(open()).rejects.toMatchObject({ name: 'TransientStoreError' });
  });

  it('refuses an event whose detail breaks the CustomerCreated schema, writing nothing', async () => {
    const event = customerCreatedEvent();
    (event.detail as { data: { customer: Record<string, unknown> } }).data.customer.id = 42;
    await expect(open(event)).rejects.toThrow();
    expect(documentMock.calls()).toHaveLength(0);
  });
});
