import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';
import { testPartnerEvents } from '../support/test-partner-bus.js';

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
}
const busEvents = async () => (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as BusEvent[];
/** What the partner's bus (test/support/test-partner-bus.ts, at the endpoint the runtime was given) received. */
const partnerBusEvents = async () => (await (await fetch(`${inject('partnerBusUrl')}/_partner/events`)).json()) as (BusEvent & { account: string; region: string })[];

describe('partner events against the local runtime', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor('admin');
  });

  it('a new customer gives a bss.partner CustomerCreated with its id and status only, and partner events trigger nothing more', async () => {
    const body = newCustomerBody({ paymentMethod: [{ id: 'pm_card_visa' }] });
    const created = await call('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: admin, body, headers: { 'x-correlation-id': 'partner-journey' } });
    expect(created.status).toBe(201);
    const partner = await eventually(async () =>
      (await busEvents()).find((event) => event.source === 'bss.partner' && event['detail-type'] === 'CustomerCreated' && event.detail.data.customerId === created.body.id),
    );
    expect(partner.detail.data).toEqual({ customerId: created.body.id, status: 'Initialized' });
    expect(Object.keys(partner.detail.metadata).sort()).toEqual(['eventId', 'occurredAt', 'schemaVersion']);
    const text = JSON.stringify(partner);
    expect(text).not.toContain(body.name);
    expect(text).not.toContain('pm_card_visa');
    expect(text).not.toContain('@example.com');
    expect(text).not.toContain('partner-journey');
    // The domain event itself carries no card token either.
    const domain = (await busEvents()).find((event) => event.source === 'bss.customers' && event['detail-type'] === 'CustomerCreated' && (event.detail.data.customer as { id: string }).id === created.body.id);
    expect(JSON.stringify(domain)).not.toContain('pm_card_visa');
    // One partner event per domain event: bss.partner matches no rule, so nothing loops.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await busEvents()).filter((event) => event.source === 'bss.partner' && event.detail.data.customerId === created.body.id)).toHaveLength(1);
    // The account still starts with the customer's card, read from the customer rather than the event.
    const account = await eventually(async () => {
      const listed = await call(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${created.body.id}`, { token: admin });
      return listed.body.length > 0 ? listed.body[0] : undefined;
    });
    expect(account.defaultPaymentMethod).toMatchObject({ id: 'pm_card_visa' });
  });

  it("a partner bus configured locally receives the partner events it subscribes to, as its account would, and nothing else", async () => {
    const created = await call('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: admin, body: newCustomerBody() });
    expect(created.status).toBe(201);
    const received = await eventually(async () => (await partnerBusEvents()).find((event) => event.detail.data.customerId === created.body.id));
    const sent = (await busEvents()).find((event) => event.source === 'bss.partner' && event['detail-type'] === 'CustomerCreated' && event.detail.data.customerId === created.body.id);
    expect(received).toMatchObject({ source: 'bss.partner', 'detail-type': 'CustomerCreated', detail: sent!.detail, account: '111122223333', region: 'eu-west-1' });
    // Only what the subscription names crosses: no domain event, no other partner event (orders complete in other journeys of this run).
    for (const event of await partnerBusEvents()) {
      expect(event.source).toBe('bss.partner');
      expect(testPartnerEvents).toContain(event['detail-type']);
    }
  });
});
