import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerCreated } from '../../../domain/events/customer-events.js';
import { OrderCompleted } from '../../../domain/events/order-events.js';
import { handler } from '../../../functions/platform/publish-partner-events.js';
import { idFrom } from '../../../functions/lib/ids.js';
import { lambdaContext } from '../../support/lambda-context.js';

const eventBridgeMock = mockClient(EventBridgeClient);
afterAll(() => eventBridgeMock.restore());

const origin = { eventId: 'evt-1', occurredAt: '2026-02-01T08:00:00.000Z', correlationId: 'client-chosen-id' };
const onBus = (event: { source: string; detailType: string; detail: unknown }) => ({ source: event.source, 'detail-type': event.detailType, detail: event.detail as never });
const publish = (event: ReturnType<typeof onBus>) => handler(event, lambdaContext('publish-partner-events'));
const published = () => eventBridgeMock.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries!);

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).resolves({ Entries: [{ EventId: 'x' }], FailedEntryCount: 0 });
});

describe('publish-partner-events (rule domain-events-to-partner-events)', () => {
  it('publishes the partner shape as bss.partner, with an id derived from the domain event and no correlation id', async () => {
    const customer = { id: 'cust-1', href: '/c/cust-1', name: 'Ada Lovelace', status: 'Initialized', email: 'ada@example.com', preferences: { currency: 'EUR' } };
    await expect(publish(onBus(CustomerCreated.create({ customer }, origin)))).resolves.toEqual({ published: true });
    const [entry] = published();
    expect(entry).toMatchObject({ EventBusName: 'bss-events-test', Source: 'bss.partner', DetailType: 'CustomerCreated' });
    expect(JSON.parse(entry!.Detail!)).toEqual({
      metadata: { eventId: idFrom('partner:evt-1'), occurredAt: origin.occurredAt, schemaVersion: '1.0' },
      data: { customerId: 'cust-1', status: 'Initialized' },
    });
    expect(entry!.Detail).not.toMatch(/Ada|ada@example\.com|client-chosen-id/);
  });

  it('publishes nothing for a customer on a test clock', async () => {
    const customer = { id: 'cust-2', href: '/c/cust-2', name: 'Test', status: 'Initialized', email: 't@example.com', preferences: {}, testClockId: 'clock-1' };
    await expect(publish(onBus(CustomerCreated.create({ customer }, origin)))).resolves.toEqual({ published: false });
    expect(published()).toEqual([]);
  });

  it('puts the entry again when the bus refused it for a failure on its side', async () => {
    eventBridgeMock.on(PutEventsCommand).resolvesOnce({ Entries: [{ ErrorCode: 'InternalFailure' }], FailedEntryCount: 1 }).resolves({ Entries: [{ EventId: 'x' }], FailedEntryCount: 0 });
    const order = OrderCompleted.create({ orderId: 'o-1', customerId: 'c-1', billingAccountId: 'ba-1', completedItems: ['1'], failedItems: [] }, origin);
    await expect(publish(onBus(order))).resolves.toEqual({ published: true });
    const [first, second] = published();
    expect(second).toEqual(first);
  });

  it('throws, for the rule to retry, when the bus still refuses the entry after putting it again', async () => {
    eventBridgeMock.on(PutEventsCommand).resolves({ Entries: [{ ErrorCode: 'InternalFailure' }], FailedEntryCount: 1 });
    const order = OrderCompleted.create({ orderId: 'o-1', customerId: 'c-1', billingAccountId: 'ba-1', completedItems: ['1'], failedItems: [] }, origin);
    await expect(publish(onBus(order))).rejects.toThrow(/InternalFailure/);
  });

  it('refuses an event that has no partner shape', async () => {
    await expect(publish({ source: 'bss.onboarding', 'detail-type': 'OnboardingRejected', detail: {} as never })).rejects.toThrow(/no partner shape/);
    expect(published()).toEqual([]);
  });
});
