import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';

/**
 * A customer's timeline over HTTP against the local runtime (docs/api.md, "Customer timeline"):
 * a customer on a test clock is registered and orders Mobile M on 16 January 2027 (its
 * activation fee billed and paid at once), then the clock moves to 1 February, whose billing run
 * issues the month's bill and collects it from the card. Its timeline, kept from the events,
 * tells all of it newest first at the clock's instants, a line each with a link that opens; it
 * pages; a customer's token is refused.
 */
const timelineOf = (customerId: string) => `/customers/v1/customer/${customerId}/timeline`;
const january = '2027-01-16T09:00:00.000Z';
const february = '2027-02-01T11:00:00.000Z';

interface Entry {
  eventId: string;
  occurredAt: string;
  source: string;
  detailType: string;
  summary: string;
  resource: { type: string; id: string; href?: string };
}

let admin: string;
let agent: string;
let person: { customerId: string; accountId: string; token: string };
let timeline: Entry[];

/** The whole timeline, once it tells what the journey did: February's bill and its payment. */
async function wholeTimeline(): Promise<Entry[]> {
  return eventually(
    async () => {
      const answer = await call<{ events: Entry[]; next?: string }>(`${timelineOf(person.customerId)}?limit=100`, { token: agent });
      expect(answer.status).toBe(200);
      const types = answer.body.events.filter((entry) => entry.occurredAt === february).map((entry) => entry.detailType);
      return types.includes('CustomerBillIssued') && types.includes('PaymentReceived') ? answer.body.events : undefined;
    },
    30_000,
    250,
  );
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'customer timeline', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  person = await customerOnClock(admin, clock.body.id, 'timeline');
  await orderOffering(admin, person.accountId, await offeringNamed(admin, 'Mobile M'));
  await advanceClock(admin, clock.body.id, '2027-02-01T12:00:00+01:00');
  timeline = await wholeTimeline();
}, 180_000);

describe('GET /customers/v1/customer/{id}/timeline', () => {
  it("tells the customer's life newest first, at its test clock's instants, never the system's", () => {
    const instants = timeline.map((entry) => entry.occurredAt);
    expect(instants).toEqual([...instants].sort().reverse());
    for (const at of instants) expect(at >= january && at <= february, at).toBe(true);
    const at = (detailType: string) => timeline.filter((entry) => entry.detailType === detailType).map((entry) => entry.occurredAt);
    expect(at('CustomerCreated')).toEqual([january]);
    expect(at('BillingAccountCreated')).toEqual([january]);
    expect(at('ProductOrderCreated')).toEqual([january]);
    expect(at('OrderCompleted')).toEqual([january]);
    expect(at('ProductActivated')).toEqual([january]);
    // The activation fee's bill in January, the month's in February, collected at once.
    expect(at('CustomerBillIssued')).toEqual([february, january]);
    expect(at('PaymentReceived')).toContain(february);
    // Each event once.
    expect(new Set(timeline.map((entry) => entry.eventId)).size).toBe(timeline.length);
  });

  it('gives each entry a plain line and a link to what it is about, that opens', async () => {
    const entry = (detailType: string) => timeline.find((candidate) => candidate.detailType === detailType)!;
    expect(entry('CustomerCreated')).toMatchObject({ source: 'bss.customers', summary: 'Customer timeline registered', resource: { type: 'Customer', id: person.customerId } });
    expect(entry('BillingAccountCreated')).toMatchObject({ summary: expect.stringMatching(/^Billing account .+ opened \(default\), in EUR$/), resource: { type: 'BillingAccount', id: person.accountId } });
    expect(entry('ProductActivated').summary).toBe('Product Mobile M activated');
    const bill = entry('CustomerBillIssued');
    expect(bill).toMatchObject({ source: 'bss.billing', summary: expect.stringMatching(/^Bill TEST-.+ issued, \d+\.\d{2} EUR$/), resource: { type: 'CustomerBill' } });
    const payment = timeline.find((candidate) => candidate.detailType === 'PaymentReceived' && candidate.occurredAt === february)!;
    expect(payment).toMatchObject({ source: 'bss.collections', summary: expect.stringMatching(/^Payment of \d+\.\d{2} EUR received by card$/), resource: { type: 'Payment' } });
    for (const linked of [bill, payment, entry('ProductOrderCreated'), entry('ProductActivated'), entry('CustomerCreated'), entry('BillingAccountCreated')]) {
      const opened = await call(linked.resource.href!, { token: agent });
      expect(opened.status, linked.resource.href).toBe(200);
      expect(opened.body.id).toBe(linked.resource.id);
    }
  });

  it('pages: the pages, each from the next of the one before, are the whole timeline, each entry once', async () => {
    const paged: Entry[] = [];
    let before: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const answer = await call<{ events: Entry[]; next?: string }>(`${timelineOf(person.customerId)}?limit=2${before ? `&before=${before}` : ''}`, { token: agent });
      expect(answer.status).toBe(200);
      expect(answer.body.events.length).toBeLessThanOrEqual(2);
      expect(answer.headers.get('x-result-count')).toBe(String(answer.body.events.length));
      paged.push(...answer.body.events);
      if (answer.body.next === undefined) break;
      before = answer.body.next;
    }
    expect(paged.map((entry) => entry.eventId)).toEqual(timeline.map((entry) => entry.eventId));
  });

  it('before an instant: what happened before it', async () => {
    const answer = await call<{ events: Entry[] }>(`${timelineOf(person.customerId)}?before=2027-02-01T00:00:00Z`, { token: agent });
    expect(answer.status).toBe(200);
    expect(answer.body.events.map((entry) => entry.eventId)).toEqual(timeline.filter((entry) => entry.occurredAt < '2027-02-01T00:00:00.000Z').map((entry) => entry.eventId));
    expect(answer.body.events.every((entry) => entry.occurredAt === january)).toBe(true);
  });

  it('is staff’s: an admin reads it, a customer is refused even its own (403), an unknown customer is a 404', async () => {
    expect((await call(timelineOf(person.customerId), { token: admin })).status).toBe(200);
    const refused = await call(timelineOf(person.customerId), { token: person.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', status: '403' });
    const unknown = await call(timelineOf('no-such-customer'), { token: agent });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
