import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerStatusChanged, CustomerUpdated } from '../../../domain/events/customer-events.js';
import { OnboardingRejected } from '../../../domain/events/onboarding-events.js';
import { recordRejection } from '../../../domain/onboarding/onboarding.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/reject-onboarding.js';
import { customerItem, customerResource } from '../../support/fixtures.js';
import { cancelled, context, declined, ids, now, onboardingId, onboardingUpdate, outboxEvents, storeOnboarding, taskInput, transactItems } from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const reject = () => handler(taskInput(), context('reject-onboarding'));
const reason = 'credit score 420 is below the minimum of 500';

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, declined(), 3);
  documentMock
    .on(GetCommand, { Key: { pk: `CUSTOMER#${ids.customerId}`, sk: 'CUSTOMER' } })
    .resolves({ Item: customerItem(customerResource({ id: ids.customerId, status: 'Initialized' }), 1) });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('reject-onboarding (step 3, declined)', () => {
  it('closes the customer with the reason, rejects the onboarding and records the events, opening no account', async () => {
    await expect(reject()).resolves.toEqual({ state: 'rejected' });

    const items = transactItems(documentMock);
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(3);
    expect(onboarding.state).toBe('rejected');
    expect(onboarding.step.slice(2).map((step) => step.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(items[1]!.Update).toMatchObject({
      Key: { pk: `CUSTOMER#${ids.customerId}`, sk: 'CUSTOMER' },
      ExpressionAttributeValues: { ':expected': 1, ':next': 2, ':resource': expect.objectContaining({ status: 'Closed', statusReason: reason, lastModified: now }) },
    });
    expect(items.some((item) => JSON.stringify(item).includes('BILLING_ACCOUNT'))).toBe(false);

    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['CustomerUpdated', 'CustomerStatusChanged', 'OnboardingRejected']);
    expect(CustomerUpdated.parseDetail(events[0]!.detail).data.changedAttributes).toEqual(['status', 'statusReason']);
    // The score is in the decision's reason: it stays on the customer, never in an event.
    const published = 'the credit check declined the application';
    expect(CustomerStatusChanged.parseDetail(events[1]!.detail).data).toEqual({ customerId: ids.customerId, from: 'Initialized', to: 'Closed', reason: published });
    expect(OnboardingRejected.parseDetail(events[2]!.detail).data).toEqual({ onboardingId, customerId: ids.customerId, reason: published });
    for (const event of events) expect(JSON.stringify(event.detail)).not.toMatch(/score|420/);
  });

  it('a repeat after the rejection is recorded writes nothing', async () => {
    storeOnboarding(documentMock, recordRejection(declined(), now), 4);
    await expect(reject()).resolves.toEqual({ state: 'rejected' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a customer changed since it was read is TransientStoreError: the retry reads it again', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None', 'None', 'None'));
    await expect(reject()).rejects.toMatchObject({ name: 'TransientStoreError' });
  });
});
