import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingAccountCreated, CustomerStatusChanged } from '../../../domain/events/customer-events.js';
import type { Customer } from '../../../domain/customers/customer.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/open-onboarding-account.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { expectValidTmf, tmf666 } from '../../support/tmf-schema.js';
import {
  application,
  approved,
  cancelled,
  context,
  ids,
  now,
  onboardingUpdate,
  outboxEvents,
  storeOnboarding,
  taskInput,
  transactItems,
  withAccount,
} from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const open = () => handler(taskInput(), context('open-onboarding-account'));
const storeCustomer = (customer: Partial<Customer>, version = 1) =>
  documentMock
    .on(GetCommand, { Key: { pk: `CUSTOMER#${ids.customerId}`, sk: 'CUSTOMER' } })
    .resolves({ Item: customerItem(customerResource({ id: ids.customerId, status: 'Initialized', ...customer }), version) });

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, approved(), 3);
  storeCustomer({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  vi.stubEnv('BSS_DEFAULT_CURRENCY', 'EUR');
  vi.stubEnv('BSS_DEFAULT_TIME_ZONE', 'Europe/Paris');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('open-onboarding-account (step 3, approved)', () => {
  it('validates the customer and opens its default account with the credit limit, marker and events in one transaction', async () => {
    await expect(open()).resolves.toEqual({ billingAccountId: ids.billingAccountId });

    const items = transactItems(documentMock);
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(3);
    expect(onboarding).toMatchObject({ state: 'approved', billingAccount: { id: ids.billingAccountId, '@referredType': 'BillingAccount' } });
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: `CUSTOMER#${ids.customerId}`, sk: 'CUSTOMER' },
      ExpressionAttributeValues: { ':expected': 1, ':resource': expect.objectContaining({ status: 'Validated' }) },
    });
    expect(items[2]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `CUSTOMER#${ids.customerId}`, sk: 'DEFAULT_BILLING_ACCOUNT', billingAccountId: ids.billingAccountId },
    });
    const account = items[3]!.Put!.Item!.resource;
    expect(items[3]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: `BILLING_ACCOUNT#${ids.billingAccountId}`, gsi2pk: `CUSTOMER#${ids.customerId}` } });
    expect(account).toMatchObject({
      id: ids.billingAccountId,
      name: 'Ada Lovelace - default',
      isDefault: true,
      state: 'Active',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      creditLimit: { unit: 'EUR', value: 500 },
      relatedParty: [{ id: ids.customerId, role: 'owner', '@referredType': 'Customer' }],
    });
    expectValidTmf(tmf666, 'BillingAccount', account);

    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['CustomerUpdated', 'CustomerStatusChanged', 'BillingAccountCreated']);
    expect(CustomerStatusChanged.parseDetail(events[1]!.detail).data).toMatchObject({ from: 'Initialized', to: 'Validated' });
    expect(BillingAccountCreated.parseDetail(events[2]!.detail).data.billingAccount).toMatchObject({
      id: ids.billingAccountId,
      isDefault: true,
      creditLimit: { unit: 'EUR', value: 500 },
    });
    expect(events[2]!.eventId).toBe(ids.eventId('BillingAccountCreated'));
  });

  it("opens the account on the application's terms", async () => {
    const terms = { name: 'Ada home', timeZone: 'Europe/London', billingCycleDay: 7, defaultPaymentMethod: { id: 'pm-7' } };
    storeOnboarding(documentMock, approved(), 3, application({ billingAccount: terms }));
    await open();
    expect(transactItems(documentMock)[3]!.Put!.Item!.resource).toMatchObject({ ...terms, billingCycleDay: 7, currency: 'EUR' });
  });

  it('an already Validated customer (an agent was quicker) gets its account without a status change event', async () => {
    storeCustomer({ status: 'Validated' }, 2);
    await open();
    expect(outboxEvents(documentMock).map((event) => event.detailType)).toEqual(['BillingAccountCreated']);
  });

  it('a repeat after the account is recorded writes nothing and answers the same account', async () => {
    storeOnboarding(documentMock, withAccount(), 4);
    await expect(open()).resolves.toEqual({ billingAccountId: ids.billingAccountId });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a customer that already has a default account is an error the machine does not retry', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None'));
    await expect(open()).rejects.toMatchObject({ name: 'DefaultAccountExistsError' });
  });

  it('a Closed customer cannot be validated: a rule violation, not retried', async () => {
    storeCustomer({ status: 'Closed' });
    await expect(open()).rejects.toMatchObject({ name: 'RuleViolationError' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
