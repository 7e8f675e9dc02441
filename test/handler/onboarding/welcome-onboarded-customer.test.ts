import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerWelcomed, OnboardingCompleted } from '../../../domain/events/onboarding-events.js';
import { completeOnboarding, recordFirstOrder } from '../../../domain/onboarding/onboarding.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/welcome-onboarded-customer.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { approved, context, ids, now, onboardingId, onboardingUpdate, outboxEvents, storeOnboarding, taskInput, withAccount } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const welcome = () => handler(taskInput(), context('welcome-onboarded-customer'));
const order = { id: 'po-1', href: '/tmf-api/productOrderingManagement/v4/productOrder/po-1' };

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, recordFirstOrder(withAccount(), order, now), 5);
  const customer = customerResource({
    id: ids.customerId,
    name: 'Ada King',
    contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada.king@example.com' } }],
  });
  documentMock.on(GetCommand, { Key: { pk: `CUSTOMER#${ids.customerId}`, sk: 'CUSTOMER' } }).resolves({ Item: customerItem(customer, 3) });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('welcome-onboarded-customer (last step)', () => {
  it("completes the onboarding with CustomerWelcomed, carrying the customer's current name and email, and OnboardingCompleted", async () => {
    await expect(welcome()).resolves.toEqual({ state: 'completed' });
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(5);
    expect(onboarding.state).toBe('completed');
    expect(onboarding.step.at(-1)).toMatchObject({ name: 'welcome', state: 'done', at: now });

    const [welcomed, completed] = outboxEvents(documentMock);
    expect(CustomerWelcomed.parseDetail(welcomed!.detail).data).toEqual({
      onboardingId,
      customer: { id: ids.customerId, name: 'Ada King', email: 'ada.king@example.com' },
      billingAccount: { id: ids.billingAccountId, name: 'Ada Lovelace - default' },
      productOrder: { id: 'po-1' },
    });
    expect(OnboardingCompleted.parseDetail(completed!.detail).data).toEqual({
      onboardingId,
      customerId: ids.customerId,
      billingAccountId: ids.billingAccountId,
      creditLimit: { unit: 'EUR', value: 500 },
      productOrderId: 'po-1',
    });
    expect(welcomed!.eventId).toBe(ids.eventId('CustomerWelcomed'));
  });

  it('welcomes without an order when the first order was skipped', async () => {
    storeOnboarding(documentMock, recordFirstOrder(withAccount(), undefined, now), 5);
    await welcome();
    const data = CustomerWelcomed.parseDetail(outboxEvents(documentMock)[0]!.detail).data;
    expect(data).not.toHaveProperty('productOrder');
  });

  it('a repeat after completion writes nothing', async () => {
    storeOnboarding(documentMock, completeOnboarding(recordFirstOrder(withAccount(), order, now), now), 6);
    await expect(welcome()).resolves.toEqual({ state: 'completed' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses to welcome before the account and first order are recorded', async () => {
    storeOnboarding(documentMock, approved(), 3);
    await expect(welcome()).rejects.toMatchObject({ name: 'RuleViolationError' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
