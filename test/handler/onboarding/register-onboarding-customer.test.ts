import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerCreated } from '../../../domain/events/customer-events.js';
import { OnboardingFailed } from '../../../domain/events/onboarding-events.js';
import { failOnboarding } from '../../../domain/onboarding/onboarding.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { handler } from '../../../functions/onboarding/register-onboarding-customer.js';
import { expectValidTmf, tmf629 } from '../../support/tmf-schema.js';
import {
  acknowledged,
  cancelled,
  context,
  correlationId,
  ids,
  now,
  onboardingId,
  onboardingUpdate,
  outboxEvents,
  registered,
  storeOnboarding,
  taskInput,
  transactItems,
} from './onboarding-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const register = (input: unknown = taskInput()) => handler(input, context('register-onboarding-customer'));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, acknowledged(), 1);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('register-onboarding-customer (step 1)', () => {
  it('registers the Initialized customer with its email guard, the step and CustomerCreated in one transaction', async () => {
    await expect(register()).resolves.toEqual({ outcome: 'registered', customerId: ids.customerId });

    const [read] = documentMock.commandCalls(GetCommand);
    expect(read!.args[0].input).toMatchObject({ Key: { pk: `ONBOARDING#${onboardingId}`, sk: 'ONBOARDING' }, ConsistentRead: true });
    const items = transactItems(documentMock);
    expect(items).toHaveLength(4);
    const { key, expected, onboarding } = onboardingUpdate(documentMock);
    expect({ key, expected }).toEqual({ key: { pk: `ONBOARDING#${onboardingId}`, sk: 'ONBOARDING' }, expected: 1 });
    expect(onboarding).toMatchObject({
      state: 'inProgress',
      customer: { id: ids.customerId, name: 'Ada Lovelace', '@referredType': 'Customer' },
      step: [{ name: 'registerCustomer', state: 'done', at: now }],
    });

    const customer = items[1]!.Put!.Item!.resource;
    expect(items[1]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: `CUSTOMER#${ids.customerId}`, entityType: 'Customer', version: 1 } });
    expect(customer).toMatchObject({ id: ids.customerId, status: 'Initialized', name: 'Ada Lovelace', engagedParty: { id: ids.partyId } });
    expectValidTmf(tmf629, 'Customer', customer);
    expect(items[2]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'CUSTOMER_EMAIL#ada@example.com', customerId: ids.customerId },
    });

    const [created] = outboxEvents(documentMock);
    expect(created!.detailType).toBe('CustomerCreated');
    expect(created!.eventId).toBe(ids.eventId('CustomerCreated'));
    const detail = CustomerCreated.parseDetail(created!.detail);
    expect(detail.data).toMatchObject({ onboardingId, customer: { id: ids.customerId, status: 'Initialized', email: 'ada@example.com' } });
    expect(detail.metadata).toMatchObject({ correlationId, occurredAt: now });
  });

  it('a repeat after the step is recorded writes nothing and answers the same', async () => {
    storeOnboarding(documentMock, registered(), 2);
    await expect(register()).resolves.toEqual({ outcome: 'registered', customerId: ids.customerId });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('derives every id from the onboarding: two runs write the same customer and event', async () => {
    await register();
    await register();
    const [first, second] = [0, 1].map((call) => transactItems(documentMock, call).map((item) => item.Put?.Item?.pk ?? item.Update?.Key?.pk));
    expect(second).toEqual(first);
  });

  it('an email taken since the application fails the onboarding at this step with OnboardingFailed', async () => {
    documentMock.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed', 'None')).resolves({});
    await expect(register()).resolves.toEqual({ outcome: 'failed', reason: 'a customer with email ada@example.com already exists' });

    const { expected, onboarding } = onboardingUpdate(documentMock, 1);
    expect(expected).toBe(1);
    expect(onboarding).toMatchObject({
      state: 'failed',
      failureReason: 'a customer with email ada@example.com already exists',
      step: [{ name: 'registerCustomer', state: 'failed' }],
    });
    expect(onboarding.customer).toBeUndefined();
    const [failed] = outboxEvents(documentMock, 1);
    expect(OnboardingFailed.parseDetail(failed!.detail).data).toEqual({
      onboardingId,
      failedStep: 'registerCustomer',
      reason: 'a customer with email ada@example.com already exists',
    });
  });

  it('a lost race on the onboarding is TransientStoreError, which the machine retries', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None'));
    await expect(register()).rejects.toMatchObject({ name: 'TransientStoreError' });
  });

  it('refuses to go on with an onboarding that already failed', async () => {
    storeOnboarding(documentMock, failOnboarding(acknowledged(), 'earlier', now), 2);
    await expect(register()).rejects.toMatchObject({ name: 'OnboardingAlreadyFailed' });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('fails with OnboardingNotFound for an unknown onboarding, and on a malformed input before any read', async () => {
    await expect(register(taskInput({ onboardingId: 'nope' }))).rejects.toMatchObject({ name: 'OnboardingNotFound' });
    documentMock.resetHistory();
    await expect(register({ onboardingId: 42 })).rejects.toThrow();
    expect(documentMock.calls()).toHaveLength(0);
  });
});
