import { beforeAll, describe, expect, it } from 'vitest';
import { demoBillingEmail } from '../../infra/seed/seed-demo-billing.js';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * TMF630 filtering over HTTP against the local runtime (docs/api.md, "Lists"): `id`, `href` and
 * instants (exact and `.gte`/`.lt`) on every list, and staff listing everyone's bills without
 * naming a customer, newest first, while a customer token still sees only its own.
 */
const offerings = '/tmf-api/productCatalogManagement/v4/productOffering';
const customers = '/tmf-api/customerManagement/v4/customer';
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const ids = (body: { id: string }[]) => body.map((resource) => resource.id);
const later = (instant: string) => new Date(Date.parse(instant) + 1).toISOString();
/** The same instant written in Paris time, as a client may send it. */
const inParis = (instant: string) => new Date(Date.parse(instant) + 3_600_000).toISOString().replace('Z', '+01:00');

let admin: string;
let agent: string;
beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
});

describe('TMF630 filters through the HTTP API', () => {
  it('productOffering: id, href, exact lastUpdate (in any offset) and lastUpdate bounds', async () => {
    const all = await call<any[]>(offerings, { token: admin });
    expect(all.status).toBe(200);
    const offering = all.body[0];
    expect(ids((await call<any[]>(`${offerings}?id=${offering.id}`, { token: admin })).body)).toEqual([offering.id]);
    expect(ids((await call<any[]>(`${offerings}?href=${encodeURIComponent(offering.href)}`, { token: admin })).body)).toEqual([offering.id]);
    const exact = await call<any[]>(`${offerings}?lastUpdate=${encodeURIComponent(inParis(offering.lastUpdate))}`, { token: admin });
    expect(ids(exact.body)).toContain(offering.id);
    expect(exact.body.every((one) => one.lastUpdate === offering.lastUpdate)).toBe(true);
    const after = await call<any[]>(`${offerings}?lastUpdate.gte=${later(offering.lastUpdate)}`, { token: admin });
    expect(ids(after.body)).not.toContain(offering.id);
    expect(Number(after.headers.get('x-total-count')) + Number((await call(`${offerings}?lastUpdate.lt=${later(offering.lastUpdate)}&limit=0`, { token: admin })).headers.get('x-total-count'))).toBe(
      Number(all.headers.get('x-total-count')),
    );
    const bad = await call(`${offerings}?lastUpdate.gte=yesterday`, { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/lastUpdate\.gte/);
  });

  it('customer: id, href and its creation instant', async () => {
    const created = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    expect(created.status).toBe(201);
    const customer = created.body;
    expect(ids((await call<any[]>(`${customers}?id=${customer.id}`, { token: agent })).body)).toEqual([customer.id]);
    expect(ids((await call<any[]>(`${customers}?href=${encodeURIComponent(customer.href)}`, { token: agent })).body)).toEqual([customer.id]);
    expect(ids((await call<any[]>(`${customers}?id=${customer.id}&createdAt=${encodeURIComponent(inParis(customer.createdAt))}`, { token: agent })).body)).toEqual([customer.id]);
    expect((await call<any[]>(`${customers}?id=${customer.id}&createdAt.gt=${customer.createdAt}`, { token: agent })).body).toEqual([]);
    expect((await call(`${customers}?contactMedium=x`, { token: agent })).status).toBe(400);
  });

  it("customerBill: staff list everyone's bills newest first, and filter them by id, href and lastUpdate; a customer still sees only its own", async () => {
    const [demo] = (await call<any[]>(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(demoBillingEmail)}`, { token: admin })).body;
    const own = await eventually(async () => {
      const listed = await call<any[]>(`${bills}?relatedParty.id=${demo.id}`, { token: admin });
      return listed.body.length >= 4 ? listed.body : undefined;
    }, 30_000);

    // The other tests in this run issue bills meanwhile, newer than these: a page is compared with
    // the whole list as read just before and just after it, when nothing was issued in between.
    const { everyone, page } = await eventually(async () => {
      const before = await call<any[]>(bills, { token: agent });
      const paged = await call<any[]>(`${bills}?offset=1&limit=2`, { token: agent });
      const after = await call<any[]>(bills, { token: agent });
      const unchanged = before.headers.get('x-total-count') === after.headers.get('x-total-count') && ids(before.body).join() === ids(after.body).join();
      return unchanged ? { everyone: before, page: paged } : undefined;
    }, 30_000);
    expect(everyone.status).toBe(200);
    const total = Number(everyone.headers.get('x-total-count'));
    expect(total).toBeGreaterThanOrEqual(own.length);
    const dates = everyone.body.map((bill) => `${bill.billDate}#${bill.id}`);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(ids(page.body)).toEqual(ids(everyone.body).slice(1, 3));
    expect(page.headers.get('x-total-count')).toBe(String(total));

    const bill = own[1];
    expect(ids((await call<any[]>(`${bills}?id=${bill.id}`, { token: agent })).body)).toEqual([bill.id]);
    expect(ids((await call<any[]>(`${bills}?href=${encodeURIComponent(bill.href)}`, { token: agent })).body)).toEqual([bill.id]);
    expect(ids((await call<any[]>(`${bills}?relatedParty.id=${demo.id}&lastUpdate=${encodeURIComponent(inParis(bill.lastUpdate))}`, { token: agent })).body)).toContain(bill.id);
    // Every page of it: the other tests in this run issue bills too, newer than this one.
    const since = (await call<any[]>(`${bills}?lastUpdate.gte=${bill.lastUpdate}&limit=1000`, { token: agent })).body;
    expect(ids(since)).toContain(bill.id);
    expect(since.every((one) => one.lastUpdate >= bill.lastUpdate)).toBe(true);

    const customer = await tokenFor('customer', demo.id);
    const mine = await call<any[]>(bills, { token: customer });
    expect(ids(mine.body).sort()).toEqual(ids(own).sort());
    const stranger = await tokenFor('customer', 'someone-else');
    expect((await call<any[]>(`${bills}?id=${bill.id}`, { token: stranger })).body).toEqual([]);
  });

  it('staff list every appliedCustomerBillingRate and customerBillOnDemand without naming a customer', async () => {
    for (const path of ['appliedCustomerBillingRate', 'customerBillOnDemand']) {
      const answer = await call<any[]>(`/tmf-api/customerBillManagement/v4/${path}?limit=5`, { token: agent });
      expect(answer.status).toBe(200);
      expect(Number(answer.headers.get('x-total-count'))).toBeGreaterThanOrEqual(answer.body.length);
    }
  });
});
