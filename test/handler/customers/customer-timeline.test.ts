import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { customerTimelineSchema, timelineRetentionDays } from '../../../domain/customers/customer-timeline.js';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { PaymentFailed } from '../../../domain/events/collections-events.js';
import { CustomerCreated, CustomerErased } from '../../../domain/events/customer-events.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { OnboardingFailed } from '../../../domain/events/onboarding-events.js';
import { PaymentAuthorizationVoided } from '../../../domain/events/payment-events.js';
import { handler as getTimeline } from '../../../functions/customers/get-customer-timeline.js';
import { handler as indexTimeline, type TimelineIndexing } from '../../../functions/customers/index-customer-timeline.js';
import { customerSnapshot } from '../../../functions/customers/customer-snapshot.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { billingAccountItem, billingAccountResource, customerItem, customerResource } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { FakeBillingTable } from '../billing/billing-table.js';

/**
 * A customer's timeline (docs/api.md, "Customer timeline"): `index-customer-timeline` writes one
 * entry per domain event about a customer, once, and GET /customers/v1/customer/{id}/timeline
 * reads them newest first, a page at a time, over an in-memory table that evaluates what the
 * store sends.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
});

const eur = (value: number) => ({ unit: 'EUR', value });
const origin = (eventId: string, occurredAt: string) => ({ eventId, occurredAt, correlationId: 'corr-1' });

const index = (event: DomainEvent): Promise<TimelineIndexing> =>
  indexTimeline({ source: event.source, 'detail-type': event.detailType, detail: event.detail } as never, lambdaContext('index-customer-timeline'));

const created = (customerId: string, eventId: string, occurredAt: string) =>
  CustomerCreated.create({ customer: customerSnapshot(customerResource({ id: customerId, name: 'Ada Lovelace' })) }, origin(eventId, occurredAt));

const billIssued = (eventId: string, occurredAt: string, billNo: string) =>
  CustomerBillIssued.create(
    {
      bill: {
        id: `bill-${billNo}`,
        href: `/tmf-api/customerBillManagement/v4/customerBill/bill-${billNo}`,
        billNo,
        billDate: occurredAt,
        paymentDueDate: occurredAt,
        runType: 'onCycle',
        state: 'new',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        amountDue: eur(25),
        taxExcludedAmount: eur(20.83),
        taxIncludedAmount: eur(25),
      },
    },
    origin(eventId, occurredAt),
  );

const paymentFailed = (eventId: string, occurredAt: string, attempt: number) =>
  PaymentFailed.create(
    { billingAccountId: 'ba-1', customerId: 'cust-1', billId: 'bill-2027-000001', amount: eur(25), attempt, reason: 'card_declined', message: 'declined' },
    origin(eventId, occurredAt),
  );

const timelineItems = (customerId: string) => table.itemsOf(`CUSTOMER#${customerId}`).filter((item) => String(item.sk).startsWith('TIMELINE#'));

describe('index-customer-timeline', () => {
  it("records the event under its customer, at the event's own instant, with its line, its link and a TTL 400 days after it", async () => {
    expect(await index(billIssued('evt-bill', '2027-02-01T11:00:00.000Z', '2027-000123'))).toEqual({
      outcome: 'recorded',
      customerId: 'cust-1',
      eventId: 'evt-bill',
      detailType: 'CustomerBillIssued',
    });
    expect(timelineItems('cust-1')).toEqual([
      {
        pk: 'CUSTOMER#cust-1',
        sk: 'TIMELINE#2027-02-01T11:00:00.000Z#evt-bill',
        entityType: 'CustomerTimelineEntry',
        version: 1,
        eventId: 'evt-bill',
        occurredAt: '2027-02-01T11:00:00.000Z',
        source: 'bss.billing',
        detailType: 'CustomerBillIssued',
        summary: 'Bill 2027-000123 issued, 25.00 EUR',
        resource: { type: 'CustomerBill', id: 'bill-2027-000123', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-2027-000123' },
        expiresAt: Date.parse('2027-02-01T11:00:00.000Z') / 1000 + timelineRetentionDays * 86_400,
      },
    ]);
    const [put] = documentMock.commandCalls(PutCommand);
    expect(put!.args[0].input.ConditionExpression).toBe('attribute_not_exists(pk)');
    // The event names its customer: one key lookup only, whether the customer was erased since (then nothing is recorded).
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' }]);
  });

  it('writes nothing for a redelivered event: the same event id at the same instant', async () => {
    await index(billIssued('evt-bill', '2027-02-01T11:00:00.000Z', '2027-000123'));
    const before = timelineItems('cust-1');
    expect((await index(billIssued('evt-bill', '2027-02-01T11:00:00.000Z', '2027-000123'))).outcome).toBe('alreadyRecorded');
    expect(timelineItems('cust-1')).toEqual(before);
  });

  it('keeps an instant written without milliseconds as the event wrote it, placed by its instant', async () => {
    await index(created('cust-1', 'evt-created', '2027-01-16T09:00:00Z'));
    expect(timelineItems('cust-1')).toEqual([expect.objectContaining({ sk: 'TIMELINE#2027-01-16T09:00:00.000Z#evt-created', occurredAt: '2027-01-16T09:00:00Z' })]);
  });

  it('finds the customer of an event that names only its billing account through the account, one key lookup', async () => {
    table.put(billingAccountItem(billingAccountResource({ id: 'ba-7', ownerId: 'cust-7' })));
    const voided = PaymentAuthorizationVoided.create({ orderId: 'order-1', authorizationId: 'auth-1', amount: eur(15), billingAccountId: 'ba-7' }, origin('evt-void', '2027-01-16T09:00:00.000Z'));
    expect(await index(voided)).toMatchObject({ outcome: 'recorded', customerId: 'cust-7' });
    expect(timelineItems('cust-7')).toEqual([expect.objectContaining({ summary: 'Card authorization of 15.00 EUR released', resource: expect.objectContaining({ type: 'ProductOrder', id: 'order-1' }) })]);
    const gets = documentMock.commandCalls(GetCommand);
    // The account, then whether its customer was erased.
    expect(gets.map((call) => call.args[0].input.Key)).toEqual([
      { pk: 'BILLING_ACCOUNT#ba-7', sk: 'BILLING_ACCOUNT' },
      { pk: 'CUSTOMER#cust-7', sk: 'CUSTOMER' },
    ]);
  });

  it("CustomerErased removes the customer's earlier entries, which may name it, and keeps its own; a late event about it is not recorded", async () => {
    await index(created('cust-1', 'evt-created', '2027-01-16T09:00:00.000Z'));
    await index(billIssued('evt-bill', '2027-02-01T11:00:00.000Z', '2027-000123'));
    expect(timelineItems('cust-1')).toHaveLength(2);
    const erased = CustomerErased.create(
      { customerId: 'cust-1', erasedAt: '2027-03-01T10:00:00.000Z', closedBillingAccountIds: ['ba-1'], erasedByRole: 'customer', auditEntryId: 'audit-1' },
      origin('evt-erased', '2027-03-01T10:00:00.000Z'),
    );
    expect(await index(erased)).toEqual({ outcome: 'erased', customerId: 'cust-1', eventId: 'evt-erased', detailType: 'CustomerErased', removed: 2 });
    expect(timelineItems('cust-1')).toEqual([
      expect.objectContaining({ eventId: 'evt-erased', summary: 'Customer closed and personal data erased at the request of the customer; 1 billing account closed' }),
    ]);
    // Redelivered: the same single entry.
    expect(await index(erased)).toMatchObject({ outcome: 'erased', removed: 0 });

    table.put(customerItem(customerResource({ id: 'cust-1', status: 'Closed', erasedAt: '2027-03-01T10:00:00.000Z' })));
    expect(await index(created('cust-1', 'evt-late', '2027-01-16T09:00:00.000Z'))).toEqual({ outcome: 'customerErased', customerId: 'cust-1', eventId: 'evt-late', detailType: 'CustomerCreated' });
    expect(timelineItems('cust-1')).toHaveLength(1);
  });

  it('writes nothing for an event about no customer: an unknown account, an onboarding failed before its customer', async () => {
    const voided = PaymentAuthorizationVoided.create({ orderId: 'order-1', authorizationId: 'auth-1', amount: eur(15), billingAccountId: 'ba-gone' }, origin('evt-void', '2027-01-16T09:00:00.000Z'));
    expect(await index(voided)).toEqual({ outcome: 'noCustomer', eventId: 'evt-void', detailType: 'PaymentAuthorizationVoided' });
    const failed = OnboardingFailed.create({ onboardingId: 'onb-1', failedStep: 'registerCustomer', reason: 'email taken' }, origin('evt-onb', '2027-01-16T09:00:00.000Z'));
    expect(await index(failed)).toEqual({ outcome: 'noCustomer', eventId: 'evt-onb', detailType: 'OnboardingFailed' });
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('tells an event of a type the list does not have by its detail type, on the timeline of the customer it names', async () => {
    const event = { source: 'bss.loyalty', 'detail-type': 'LoyaltyPointsGranted', detail: { metadata: { ...origin('evt-loyal', '2027-03-01T10:00:00.000Z'), schemaVersion: '1.0' }, data: { customerId: 'cust-1', points: 100 } } };
    expect(await indexTimeline(event as never, lambdaContext('index-customer-timeline'))).toMatchObject({ outcome: 'recorded', customerId: 'cust-1' });
    expect(timelineItems('cust-1')).toEqual([
      expect.objectContaining({ summary: 'Loyalty points granted', source: 'bss.loyalty', detailType: 'LoyaltyPointsGranted', resource: { type: 'Customer', id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1' } }),
    ]);
  });

  it('refuses an event that breaks its published schema, writing nothing (the rule retries it, then its dead-letter queue keeps it)', async () => {
    const event = { source: 'bss.billing', 'detail-type': 'CustomerBillIssued', detail: { metadata: { ...origin('evt-x', '2027-03-01T10:00:00.000Z'), schemaVersion: '1.0' }, data: { bill: { id: 'b' } } } };
    await expect(indexTimeline(event as never, lambdaContext('index-customer-timeline'))).rejects.toThrow();
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('GET /customers/v1/customer/{id}/timeline', () => {
  const resource = '/customers/v1/customer/{id}/timeline';
  const read = (customerId: string, query?: Record<string, string>, claims: Claims = agentClaims) =>
    invoke(getTimeline, apiEvent({ method: 'GET', path: `/customers/v1/customer/${customerId}/timeline`, resource, pathParameters: { id: customerId }, ...(query ? { query } : {}), claims }));
  const queries = (): QueryCommandInput[] => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);

  /** Ada's life on a test clock: registered, a bill, two failed collections; and another customer's bill, which is not hers. */
  async function recordAdasTimeline() {
    table.put(customerItem(customerResource({ id: 'cust-1' })));
    table.put(customerItem(customerResource({ id: 'cust-2' })));
    await index(created('cust-1', 'evt-1', '2027-01-16T09:00:00.000Z'));
    await index(billIssued('evt-2', '2027-02-01T11:00:00.000Z', '2027-000001'));
    await index(paymentFailed('evt-3', '2027-02-01T11:00:00.000Z', 1));
    await index(paymentFailed('evt-4', '2027-02-04T11:00:00.000Z', 2));
    await index(created('cust-2', 'evt-5', '2027-03-01T09:00:00.000Z'));
    documentMock.resetHistory();
  }

  it('answers the newest first, each with its line and link, in one Query of the customer’s timeline', async () => {
    await recordAdasTimeline();
    const answer = await read('cust-1');
    expect(answer.statusCode).toBe(200);
    expect(customerTimelineSchema.safeParse(answer.body).success).toBe(true);
    expect(answer.body.events.map((event: { eventId: string }) => event.eventId)).toEqual(['evt-4', 'evt-3', 'evt-2', 'evt-1']);
    expect(answer.body.next).toBeUndefined();
    expect(answer.headers['x-result-count']).toBe('4');
    expect(answer.body.events[0]).toEqual({
      eventId: 'evt-4',
      occurredAt: '2027-02-04T11:00:00.000Z',
      source: 'bss.collections',
      detailType: 'PaymentFailed',
      summary: 'Payment of 25.00 EUR failed (attempt 2): card declined',
      resource: { type: 'CustomerBill', id: 'bill-2027-000001', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-2027-000001' },
    });
    expect(queries()).toEqual([
      expect.objectContaining({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'TIMELINE#' },
        ScanIndexForward: false,
        Limit: 51,
      }),
    ]);
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('pages with limit and next, and the pages together are the whole timeline, each entry once', async () => {
    await recordAdasTimeline();
    const first = await read('cust-1', { limit: '3' });
    expect(first.body.events.map((event: { eventId: string }) => event.eventId)).toEqual(['evt-4', 'evt-3', 'evt-2']);
    expect(first.body.next).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]+$/));
    const second = await read('cust-1', { limit: '3', before: first.body.next });
    expect(second.body.events.map((event: { eventId: string }) => event.eventId)).toEqual(['evt-1']);
    expect(second.body.next).toBeUndefined();
    expect(queries().map((query) => query.Limit)).toEqual([4, 4]);
    expect(queries()[1]!.ExclusiveStartKey).toEqual({ pk: 'CUSTOMER#cust-1', sk: 'TIMELINE#2027-02-01T11:00:00.000Z#evt-2' });
  });

  it('a page that ends where the timeline does has no next', async () => {
    await recordAdasTimeline();
    const answer = await read('cust-1', { limit: '4' });
    expect(answer.body.events).toHaveLength(4);
    expect(answer.body.next).toBeUndefined();
  });

  it('before an instant: the entries strictly before it, whatever offset it is written with', async () => {
    await recordAdasTimeline();
    const answer = await read('cust-1', { before: '2027-02-01T12:00:00+01:00' });
    expect(answer.body.events.map((event: { eventId: string }) => event.eventId)).toEqual(['evt-1']);
  });

  it('an existing customer with nothing on its timeline yet: no entries', async () => {
    table.put(customerItem(customerResource({ id: 'cust-new' })));
    expect((await read('cust-new')).body).toEqual({ events: [] });
  });

  it('admins read it too', async () => {
    await recordAdasTimeline();
    expect((await read('cust-1', undefined, adminClaims)).statusCode).toBe(200);
  });

  describe('refuses', () => {
    it('a customer, even its own timeline: 403, nothing read', async () => {
      await recordAdasTimeline();
      expectTmfError(await read('cust-1', undefined, customerClaims('cust-1')), 403, 'FORBIDDEN');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('an unknown customer: 404', async () => {
      expectTmfError(await read('cust-unknown'), 404, 'NOT_FOUND');
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '101' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ before: 'yesterday' }, 'before'],
      [{ before: '2027-13-01T00:00:00Z' }, 'before'],
      [{ before: 'bm90IGEgcG9zaXRpb24' }, 'before'],
      [{ offset: '10' }, 'offset'],
    ])('%j: 400 naming %s, nothing read', async (query, field) => {
      const answer = await read('cust-1', query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(detailFields(answer)).toEqual([field]);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });
});
