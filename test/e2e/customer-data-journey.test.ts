import { beforeAll, describe, expect, it } from 'vitest';
import { customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';

/**
 * A customer's own data against the local runtime: its communication preferences (read, replaced
 * with If-Match, a mandatory kind kept on, announced on the bus, and honoured by the messages the
 * BSS then sends it), and the download of everything the BSS holds about it. A customer reaches
 * its own only; another customer's answers 404 as an unknown one; staff reach any.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const cases = '/tmf-api/troubleTicket/v4/troubleTicket';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';
const preferencesOf = (id: string) => `/customers/v1/customer/${id}/communicationPreferences`;
const exportOf = (id: string) => `/customers/v1/customer/${id}/dataExport`;
const phoneNumber = '+33 6 12 34 56 78';

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata: { occurredAt: string }; data: any };
}
const busEvents = async () => (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as BusEvent[];

let admin: string;
let agent: string;
const people: Record<'ada' | 'grace', { id: string; token: string }> = {} as never;

async function registered(): Promise<{ id: string; token: string }> {
  const body = newCustomerBody();
  const created = await call(customers, { method: 'POST', token: admin, body: { ...body, contactMedium: [...body.contactMedium, { mediumType: 'mobile', characteristic: { phoneNumber } }] } });
  expect(created.status).toBe(201);
  return { id: created.body.id, token: await tokenFor('customer', created.body.id) };
}

const kindOf = (message: { characteristic: { value: string }[] }) => message.characteristic[0]!.value;

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  people.ada = await registered();
  people.grace = await registered();
});

describe('communication preferences', () => {
  it('start as every kind on both channels (ETag W/"0"); a PUT with that ETag replaces them, and CommunicationPreferencesChanged is on the bus', async () => {
    const initial = await call(preferencesOf(people.ada.id), { token: people.ada.token });
    expect(initial.status).toBe(200);
    expect(initial.headers.get('etag')).toBe('W/"0"');
    expect(initial.body.preferences.every((each: { email: boolean; sms: boolean }) => each.email && each.sms)).toBe(true);
    expect(initial.body.preferences.filter((each: { mandatory: boolean }) => each.mandatory).map((each: { kind: string }) => each.kind)).toEqual(['finalNotice', 'serviceSuspended', 'billIssued']);

    const replaced = await call(preferencesOf(people.ada.id), {
      method: 'PUT',
      token: people.ada.token,
      headers: { 'if-match': initial.headers.get('etag')! },
      body: {
        preferences: [
          { kind: 'supportCaseOpened', email: false, sms: false },
          { kind: 'supportCaseStatusChanged', email: false, sms: true },
        ],
      },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.headers.get('etag')).toBe('W/"1"');
    expect(replaced.body.preferences.find((each: { kind: string }) => each.kind === 'supportCaseStatusChanged')).toEqual({ kind: 'supportCaseStatusChanged', email: false, sms: true, mandatory: false });
    expect((await call(preferencesOf(people.ada.id), { token: agent })).body).toEqual(replaced.body);

    const announced = await eventually(async () => (await busEvents()).find((event) => event['detail-type'] === 'CommunicationPreferencesChanged' && event.detail.data.customerId === people.ada.id));
    expect(announced.source).toBe('bss.customers');
    expect(announced.detail.data).toMatchObject({ changedKinds: ['supportCaseOpened', 'supportCaseStatusChanged'], changedByRole: 'customer' });
  });

  it('refuse a stale ETag (412) and a mandatory kind switched off (400 naming it); another customer gets 404', async () => {
    const stale = await call(preferencesOf(people.ada.id), { method: 'PUT', token: people.ada.token, headers: { 'if-match': 'W/"0"' }, body: { preferences: [] } });
    expect(stale.status).toBe(412);
    const mandatory = await call(preferencesOf(people.ada.id), { method: 'PUT', token: people.ada.token, body: { preferences: [{ kind: 'serviceSuspended', email: false, sms: false }] } });
    expect(mandatory.status).toBe(400);
    expect(mandatory.body.message).toContain('serviceSuspended is mandatory');
    const foreign = await call(preferencesOf(people.ada.id), { token: people.grace.token });
    const unknown = await call(preferencesOf('00000000-0000-4000-8000-000000000000'), { token: admin });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect((await call(preferencesOf(people.ada.id), { method: 'PUT', token: people.grace.token, body: { preferences: [] } })).status).toBe(404);
  });

  it('are honoured: the case news the customer refused is not sent, the one it wants by SMS comes as an SMS', async () => {
    const opened = await call(cases, { method: 'POST', token: people.ada.token, body: { description: 'No data since Monday.', ticketType: 'incident', severity: 'Major' } });
    expect(opened.status).toBe(201);
    const current = await call(`${cases}/${opened.body.id}`, { token: agent });
    expect((await call(`${cases}/${opened.body.id}`, { method: 'PATCH', token: agent, headers: { 'if-match': current.headers.get('etag')! }, body: { status: 'acknowledged' } })).status).toBe(200);
    const [statusChanged] = await eventually(async () => {
      const listed = await call<any[]>(`${messages}?receiver.id=${people.ada.id}`, { token: people.ada.token });
      const found = listed.body.filter((message) => kindOf(message) === 'supportCaseStatusChanged');
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(statusChanged).toMatchObject({ messageType: 'SMS', receiver: [{ id: people.ada.id, phoneNumber }] });
    // Withheld, not recorded: the list shows what was sent.
    const listed = await call<any[]>(`${messages}?receiver.id=${people.ada.id}`, { token: people.ada.token });
    expect(listed.body.map(kindOf)).not.toContain('supportCaseOpened');
    expect(listed.body.filter((message) => message.messageType === 'email' && kindOf(message).startsWith('supportCase'))).toEqual([]);
  });
});

describe('the customer data export', () => {
  let clockId: string;
  let clocked: { customerId: string; accountId: string; token: string };
  let orderId: string;

  beforeAll(async () => {
    const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'customer data journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
    expect(clock.status).toBe(201);
    clockId = clock.body.id;
    clocked = await customerOnClock(admin, clockId, 'exported');
    orderId = (await orderOffering(admin, clocked.accountId, await offeringNamed(admin, 'Mobile M'))).id;
    // The order's bill is delivered by e-mail once issued: wait for it, so the export has it.
    await eventually(async () => {
      const listed = await call<any[]>(`${messages}?receiver.id=${clocked.customerId}`, { token: admin });
      return listed.body.some((message) => kindOf(message) === 'billIssued') ? true : undefined;
    }, 30_000);
  }, 120_000);

  it("downloads everything the BSS holds about the customer as one JSON file, dated by the customer's clock", async () => {
    const response = await fetch(`${apiUrl()}${exportOf(clocked.customerId)}`, { headers: { authorization: `Bearer ${clocked.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="customer-${clocked.customerId}.json"`);
    const document = (await response.json()) as Record<string, any>;
    expect(document).toMatchObject({ '@type': 'CustomerDataExport', customerId: clocked.customerId, generatedAt: '2027-01-16T09:00:00.000Z', customer: { id: clocked.customerId } });
    expect(document.communicationPreferences.preferences).toHaveLength(10);
    expect(document.billingAccounts.map((account: { id: string }) => account.id)).toEqual([clocked.accountId]);
    expect(document.productOrders.map((order: { id: string }) => order.id)).toEqual([orderId]);
    expect(document.products.length).toBeGreaterThan(0);
    expect(document.bills.length).toBeGreaterThan(0);
    for (const { bill, lines } of document.bills) {
      expect(lines.length, bill.id).toBe(bill.lineCount);
      for (const line of lines) expect(line.bill.id).toBe(bill.id);
    }
    expect(document.payments.length).toBeGreaterThan(0);
    expect(document.ledgerEntries.length).toBeGreaterThan(0);
    expect(document.communicationMessages.map(kindOf)).toContain('billIssued');
    expect(document.usage).toMatchObject({ from: '2025-12-16T09:00:00.000Z', to: '2027-01-16T09:00:00.000Z', limit: 1000, truncated: false, records: [] });
    expect(document.supportCases).toEqual([]);
  });

  it("a customer exports its own only (another's answers 404 as an unknown one); staff export anyone's", async () => {
    const foreign = await call(exportOf(clocked.customerId), { token: people.grace.token });
    const unknown = await call(exportOf('00000000-0000-4000-8000-000000000000'), { token: admin });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.body.code).toBe(unknown.body.code);
    const byAgent = await call(exportOf(people.ada.id), { token: agent });
    expect(byAgent.status).toBe(200);
    expect(byAgent.body.communicationPreferences.preferences.find((each: { kind: string }) => each.kind === 'supportCaseOpened')).toMatchObject({ email: false, sms: false });
    expect(byAgent.body.supportCases).toHaveLength(1);
    expect(byAgent.body.communicationMessages.map(kindOf)).toEqual(['supportCaseStatusChanged']);
  });
});
