import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';
import { mailFor } from '../support/mailbox.js';

/**
 * A disputed bill on hold, and a message from customer care, over HTTP on a test clock
 * (docs/collections.md, "Bills on hold"; docs/communication.md, "Messages from staff"). Two
 * customers in Paris whose cards decline from their first regular bill (1 Feb, due 14 Feb 23:00Z).
 * An agent puts the disputed one's bill on hold: the collections run after the clock passes the
 * due date begins dunning for the other customer only. Released, the bill is open again and the
 * next run begins its dunning. An agent writes to the customer: the message is in its list and in
 * the simulated outbox; the customer deletes it from its inbox.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';
const dunningOf = (accountId: string) => `/collections/v1/dunning/${accountId}`;

let admin: string;
let agent: string;
let clockId: string;
const people: Record<'disputing' | 'other', { customerId: string; accountId: string; email: string; token: string }> = {} as never;

/** The customer's regular bill of 1 Feb (not its order's one-time charges, billed settled at once). */
const billOf = async (customerId: string) =>
  (await call<any[]>(`${bills}?relatedParty.id=${customerId}`, { token: admin })).body.find((bill) => bill.billNo !== undefined && !bill.id.startsWith('order-'));
const dunningStatus = async (accountId: string) => {
  const answer = await call(dunningOf(accountId), { token: agent });
  return answer.status === 200 ? (answer.body.status as string) : undefined;
};

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'bill on hold', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  people.disputing = await customerOnClock(admin, clockId, 'hold-disputing');
  people.other = await customerOnClock(admin, clockId, 'hold-other');
  await Promise.all([orderOffering(admin, people.disputing.accountId, mobileM), orderOffering(admin, people.other.accountId, mobileM)]);
  await setCardOnFile(admin, people.disputing.accountId, 'pm_card_declined');
  await setCardOnFile(admin, people.other.accountId, 'pm_card_declined');
  await advanceClock(admin, clockId, '2027-02-01T12:00:00+01:00');
  await eventually(async () => ((await billOf(people.disputing.customerId)) ? true : undefined), 30_000);
}, 240_000);

describe('a disputed bill on hold', () => {
  it('an agent puts it on hold; the collections run past its due date dunns the other customer, not this one; released, the next run dunns it', async () => {
    const bill = await billOf(people.disputing.customerId);
    const asCustomer = await call(`${bills}/${bill.id}`, { method: 'PATCH', token: people.disputing.token, body: { state: 'onHold' } });
    expect(asCustomer.status).toBe(403);
    // The bill's delivery and first collection attempt may still change it after it is issued:
    // as any If-Match client, the agent reads it again when it changed in between (412).
    let read = await call(`${bills}/${bill.id}`, { token: agent });
    let held = await call(`${bills}/${bill.id}`, { method: 'PATCH', token: agent, headers: { 'if-match': read.headers.get('etag')! }, body: { state: 'onHold' } });
    for (let attempt = 1; held.status === 412 && attempt < 5; attempt += 1) {
      read = await call(`${bills}/${bill.id}`, { token: agent });
      held = await call(`${bills}/${bill.id}`, { method: 'PATCH', token: agent, headers: { 'if-match': read.headers.get('etag')! }, body: { state: 'onHold' } });
    }
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ state: 'onHold', hold: { previousState: read.body.state, since: '2027-02-01T11:00:00.000Z' } });
    expect((await call(`${bills}/${bill.id}`, { token: people.disputing.token })).body.state).toBe('onHold');

    await advanceClock(admin, clockId, '2027-02-16T12:00:00+01:00');
    await eventually(async () => ((await dunningStatus(people.other.accountId)) === 'active' ? true : undefined), 30_000);
    expect(await dunningStatus(people.disputing.accountId)).toBeUndefined();
    // Still held, and delivered by now: the state its release goes back to is sent, whatever it was when held.
    const stillHeld = (await call(`${bills}/${bill.id}`, { token: agent })).body;
    expect(stillHeld).toMatchObject({ state: 'onHold', hold: { previousState: 'sent', since: held.body.hold.since } });

    const settledRefused = await call(`${bills}/${bill.id}`, { method: 'PATCH', token: agent, body: { state: 'settled' } });
    expect(settledRefused.status).toBe(409);
    const released = await call(`${bills}/${bill.id}`, { method: 'PATCH', token: agent, body: { state: stillHeld.hold.previousState } });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.state).toBe('sent');
    expect(released.body.hold).toBeUndefined();

    await advanceClock(admin, clockId, '2027-02-17T12:00:00+01:00');
    await eventually(async () => ((await dunningStatus(people.disputing.accountId)) === 'active' ? true : undefined), 30_000);
  }, 180_000);
});

describe('a message from customer care', () => {
  it('an agent writes to the customer: in its list and the simulated outbox; the customer may not write one; it deletes it from its inbox', async () => {
    const { customerId, email, token } = people.disputing;
    const refused = await call(messages, { method: 'POST', token, body: { content: 'Hello operator', messageType: 'email', receiver: [{ id: customerId }] } });
    expect(refused.status).toBe(403);

    const sent = await call(messages, {
      method: 'POST',
      token: agent,
      headers: { 'idempotency-key': `hold-message-${clockId}` },
      body: { content: 'Your bill is on hold while we look into your dispute.', messageType: 'email', subject: 'About your bill', receiver: [{ id: customerId }], sender: { name: 'Customer care' } },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    // At the customer's time: its test clock's.
    const clockNow = (await call(`/billing/v1/testClock/${clockId}`, { token: admin })).body.frozenTime as string;
    expect(sent.body).toMatchObject({ state: 'completed', messageType: 'email', sendTime: new Date(clockNow).toISOString(), receiver: [{ id: customerId, email }] });

    const own = await call<any[]>(messages, { token });
    expect(own.body.map((message) => message.id)).toContain(sent.body.id);
    expect((await mailFor(email, admin)).map((message) => message.content)).toContain('Your bill is on hold while we look into your dispute.');

    const deleted = await call(`${messages}/${sent.body.id}`, { method: 'DELETE', token });
    expect(deleted.status).toBe(204);
    expect((await call<any[]>(messages, { token })).body.map((message) => message.id)).not.toContain(sent.body.id);
    expect((await call(`${messages}/${sent.body.id}`, { token: agent })).status).toBe(404);
    expect((await call(`${messages}/${sent.body.id}`, { method: 'DELETE', token: agent })).status).toBe(404);
  }, 60_000);
});
