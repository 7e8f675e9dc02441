import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf621, tmf681 } from '../support/tmf-schema.js';

/**
 * Support cases (TMF621) over HTTP against the local runtime: a customer opens a case and talks
 * with the agents through notes; an agent finds it in the queue of cases nobody acknowledged,
 * works it (inProgress, pending while waiting for the customer) and resolves it; the customer
 * closes it and has been told at every step. Another customer gets 404 for it, exactly as for
 * an unknown id. A customer on a test clock gets its clock's dates on its case, on the
 * events and on the messages.
 */
const cases = '/tmf-api/troubleTicket/v4/troubleTicket';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';

let admin: string;
let agent: string;
const people: Record<'ada' | 'grace', { id: string; token: string }> = {} as never;

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata: { occurredAt: string }; data: any };
}
const busEvents = async () => (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as BusEvent[];

async function registered(): Promise<{ id: string; token: string }> {
  const created = await call('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: admin, body: newCustomerBody() });
  expect(created.status).toBe(201);
  return { id: created.body.id, token: await tokenFor('customer', created.body.id) };
}

/** The messages about support cases the customer can read, oldest first. */
async function caseMessagesOf(person: { id: string; token: string }): Promise<any[]> {
  const listed = await call<any[]>(`${messages}?receiver.id=${person.id}`, { token: person.token });
  expect(listed.status).toBe(200);
  return listed.body.filter((message) => String(message.characteristic[0].value).startsWith('supportCase'));
}

/** PATCH with the ETag just read, as a client that reads before it writes. */
async function patchCase(id: string, token: string, body: unknown) {
  const current = await call(`${cases}/${id}`, { token });
  expect(current.status).toBe(200);
  return call(`${cases}/${id}`, { method: 'PATCH', token, body, headers: { 'if-match': current.headers.get('etag')! } });
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  people.ada = await registered();
  people.grace = await registered();
});

describe('a support case, from opened to closed', () => {
  let caseId: string;

  it('the customer opens a case with a note: submitted, no TMF621 status yet, and is told it was received', async () => {
    const opened = await call(cases, {
      method: 'POST',
      token: people.ada.token,
      body: { name: 'No data since Monday', description: 'Mobile data stopped working on Monday.', ticketType: 'incident', severity: 'Major', note: [{ text: 'I restarted the phone twice.' }] },
    });
    expect(opened.status).toBe(201);
    expectValidTmf(tmf621, 'TroubleTicket', opened.body);
    expect(opened.body).not.toHaveProperty('status');
    expect(opened.body).toMatchObject({ relatedParty: [{ id: people.ada.id }], channel: { id: 'selfService' }, note: [{ authorRole: 'customer', text: 'I restarted the phone twice.' }] });
    caseId = opened.body.id;
    const [received] = await eventually(async () => {
      const found = await caseMessagesOf(people.ada);
      return found.length === 1 ? found : undefined;
    });
    expect(received).toMatchObject({ subject: `We have your support case ${caseId}`, sendTime: opened.body.creationDate });
  });

  it("another customer gets 404 for it, as for an unknown id, can neither change it nor see it in a list", async () => {
    const foreign = await call(`${cases}/${caseId}`, { token: people.grace.token });
    const unknown = await call(`${cases}/00000000-0000-4000-8000-000000000000`, { token: people.grace.token });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.body.code).toBe(unknown.body.code);
    const patched = await call(`${cases}/${caseId}`, { method: 'PATCH', token: people.grace.token, body: { status: 'cancelled' } });
    expect(patched.status).toBe(404);
    expect((await call<any[]>(cases, { token: people.grace.token })).body).toEqual([]);
    expect((await call<any[]>(`${cases}?relatedParty.id=${people.ada.id}`, { token: people.grace.token })).body).toEqual([]);
  });

  it('an agent finds it among the cases nobody acknowledged, and the customer may not acknowledge it itself', async () => {
    const queue = await call<any[]>(`${cases}?status=submitted&limit=1000`, { token: agent });
    expect(queue.status).toBe(200);
    expect(queue.body.map((each) => each.id)).toContain(caseId);
    expect(Number(queue.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    const byCustomer = await patchCase(caseId, people.ada.token, { status: 'acknowledged' });
    expect(byCustomer.status).toBe(409);
    expect(byCustomer.body.code).toBe('SUPPORT_CASE_LIFECYCLE');
  });

  it('the agent acknowledges it, works it, and asks the customer for something (pending, with a note); the customer answers with a note', async () => {
    expect((await patchCase(caseId, agent, { status: 'acknowledged' })).body.status).toBe('acknowledged');
    expect((await patchCase(caseId, agent, { status: 'inProgress' })).body.status).toBe('inProgress');
    const noReason = await patchCase(caseId, agent, { status: 'pending' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.map((detail: { field: string }) => detail.field)).toEqual(['statusChangeReason']);
    const pending = await patchCase(caseId, agent, { status: 'pending', statusChangeReason: 'Please tell us the phone model.', note: [{ text: 'Is it a Nova X?' }] });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ status: 'pending', statusChangeReason: 'Please tell us the phone model.' });
    const answered = await patchCase(caseId, people.ada.token, { note: [{ text: 'Yes, a Nova X.' }] });
    expect(answered.status).toBe(200);
    expect(answered.body.note.map((note: any) => [note.id, note.authorRole, note.text])).toEqual([
      ['1', 'customer', 'I restarted the phone twice.'],
      ['2', 'agent', 'Is it a Nova X?'],
      ['3', 'customer', 'Yes, a Nova X.'],
    ]);
    expectValidTmf(tmf621, 'TroubleTicket', answered.body);
  });

  it('the agent resolves it, the customer closes it; the history and the bus have every change', async () => {
    await patchCase(caseId, agent, { status: 'inProgress' });
    const resolved = await patchCase(caseId, agent, { status: 'resolved', statusChangeReason: 'An APN setting was reset on our side.' });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionDate: expect.any(String) });
    const closed = await patchCase(caseId, people.ada.token, { status: 'closed' });
    expect(closed.status).toBe(200);
    expect(closed.body.statusChange.map((change: any) => change.status)).toEqual(['submitted', 'acknowledged', 'inProgress', 'pending', 'inProgress', 'resolved', 'closed']);
    expect((await patchCase(caseId, people.ada.token, { note: [{ text: 'Thanks!' }] })).body.code).toBe('SUPPORT_CASE_OVER');

    const changes = await eventually(async () => {
      const found = (await busEvents()).filter((event) => event['detail-type'] === 'SupportCaseStatusChanged' && event.detail.data.supportCase.id === caseId);
      return found.length === 6 ? found : undefined;
    });
    expect(changes.map((event) => [event.source, event.detail.data.from, event.detail.data.to])).toEqual([
      ['bss.support-cases', 'submitted', 'acknowledged'],
      ['bss.support-cases', 'acknowledged', 'inProgress'],
      ['bss.support-cases', 'inProgress', 'pending'],
      ['bss.support-cases', 'pending', 'inProgress'],
      ['bss.support-cases', 'inProgress', 'resolved'],
      ['bss.support-cases', 'resolved', 'closed'],
    ]);
  });

  it('the customer was told at every step, and reads each message', async () => {
    const told = await eventually(async () => {
      const found = await caseMessagesOf(people.ada);
      return found.length === 7 ? found : undefined;
    });
    expect(told.map((message) => message.subject)).toEqual([
      `We have your support case ${caseId}`,
      ...['acknowledged', 'in progress', 'waiting for you', 'in progress', 'resolved', 'closed'].map((what) => `Support case ${caseId}: ${what}`),
    ]);
    expect(told[3].content).toContain('Please tell us the phone model.');
    expect(told[5].content).toContain('An APN setting was reset on our side.');
    for (const message of told) expectValidTmf(tmf681, 'CommunicationMessage', message);
    expect((await call(`${messages}/${told[3].id}`, { token: people.grace.token })).status).toBe(404);
  });
});

describe('a support case of a customer on a test clock', () => {
  let clockId: string;
  let camille: { customerId: string; accountId: string; token: string };
  let productId: string;

  beforeAll(async () => {
    const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'support case journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
    expect(clock.status).toBe(201);
    clockId = clock.body.id;
    camille = await customerOnClock(admin, clockId, 'camille');
    await orderOffering(admin, camille.accountId, await offeringNamed(admin, 'Mobile M'));
    const products = await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${camille.customerId}`, { token: camille.token });
    productId = products.body[0].id;
  }, 120_000);

  it("takes every instant from the customer's clock: opening, the agent's changes after the clock moved, and the messages", async () => {
    const opened = await call(cases, {
      method: 'POST',
      token: camille.token,
      body: { description: 'No 5G in Lyon.', ticketType: 'incident', severity: 'Minor', relatedEntity: [{ id: productId, '@referredType': 'Product' }] },
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ creationDate: '2027-01-16T09:00:00.000Z', relatedEntity: [{ id: productId, name: 'Mobile M', '@referredType': 'Product' }] });

    await advanceClock(admin, clockId, '2027-01-18T14:00:00+01:00');
    const acknowledged = await patchCase(opened.body.id, agent, { status: 'acknowledged' });
    expect(acknowledged.body).toMatchObject({ creationDate: '2027-01-16T09:00:00.000Z', statusChangeDate: '2027-01-18T13:00:00.000Z', lastUpdate: '2027-01-18T13:00:00.000Z' });

    const told = await eventually(async () => {
      const found = await caseMessagesOf({ id: camille.customerId, token: camille.token });
      return found.length === 2 ? found : undefined;
    });
    expect(told.map((message) => message.sendTime)).toEqual(['2027-01-16T09:00:00.000Z', '2027-01-18T13:00:00.000Z']);
    const change = (await busEvents()).find((event) => event['detail-type'] === 'SupportCaseStatusChanged' && event.detail.data.supportCase.id === opened.body.id)!;
    expect(change.detail.data).toMatchObject({ changedAt: '2027-01-18T13:00:00.000Z', supportCase: { testClockId: clockId } });
    expect(change.detail.metadata.occurredAt).toBe('2027-01-18T13:00:00.000Z');

    // Agents find it by its age on the clock's calendar.
    const byAge = await call<any[]>(`${cases}?relatedParty.id=${camille.customerId}&creationDate.gte=2027-01-16T00:00:00Z&creationDate.lt=2027-01-17T00:00:00Z`, { token: agent });
    expect(byAge.body.map((each) => each.id)).toEqual([opened.body.id]);
    expect((await call<any[]>(`${cases}?relatedParty.id=${camille.customerId}&creationDate.gte=2027-01-17T00:00:00Z`, { token: agent })).body).toEqual([]);
  }, 120_000);
});
