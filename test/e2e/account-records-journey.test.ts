import { beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf666 } from '../support/tmf-schema.js';

/**
 * The TMF666 records beside billingAccount over HTTP against the local runtime (docs/api.md,
 * "Account management"): staff create a cycle, a format and a financial account, a customer's
 * account bills on them, none can be deleted while the account uses it, each goes once it no
 * longer does; an organization's account opens without any customer, and customers see none
 * of these records nor the organization's account.
 */
const base = '/tmf-api/accountManagement/v4';
const accounts = `${base}/billingAccount`;

let agent: string;
let customerToken: string;
let customerId: string;
let accountId: string;

async function patchWithEtag(path: string, body: unknown) {
  const current = await call(path, { token: agent });
  return call(path, { method: 'PATCH', token: agent, headers: { 'if-match': current.headers.get('etag')! }, body });
}

beforeAll(async () => {
  agent = await tokenFor('agent');
  const created = await call(`/tmf-api/customerManagement/v4/customer`, { method: 'POST', token: agent, body: newCustomerBody() });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  customerId = created.body.id;
  customerToken = await tokenFor('customer', customerId);
  accountId = await eventually(async () => (await call<any[]>(`${accounts}?relatedParty.id=${customerId}`, { token: agent })).body[0]?.id as string | undefined);
});

describe('account management records', () => {
  it("a customer's account bills on a staff-made cycle and format, which cannot go while it does", async () => {
    const cycle = await call(`${base}/billingCycleSpecification`, { method: 'POST', token: agent, body: { name: `Mid-month ${Date.now()}`, billingDateShift: 14, paymentDueDateOffset: 21 } });
    expect(cycle.status, JSON.stringify(cycle.body)).toBe(201);
    expectValidTmf(tmf666, 'BillingCycleSpecification', cycle.body);
    const format = await call(`${base}/billFormat`, { method: 'POST', token: agent, body: { name: 'Detailed invoice', documentType: 'html' } });
    expect(format.status).toBe(201);
    const financial = await call(`${base}/financialAccount`, { method: 'POST', token: agent, body: { name: 'Household', relatedParty: [{ id: customerId, name: 'Owner', '@referredType': 'Customer' }] } });
    expect(financial.status).toBe(201);

    const chosen = await patchWithEtag(`${accounts}/${accountId}`, {
      billStructure: { cycleSpecification: { id: cycle.body.id }, format: { id: format.body.id }, presentationMedia: [{ id: 'email' }] },
      financialAccount: { id: financial.body.id },
    });
    expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
    expect(chosen.body).toMatchObject({
      billingCycleDay: 15,
      paymentTermsDays: 21,
      billStructure: { cycleSpecification: { id: cycle.body.id }, format: { id: format.body.id, documentType: 'html' }, presentationMedia: [{ id: 'email', channel: 'email' }] },
      financialAccount: { id: financial.body.id },
    });
    expectValidTmf(tmf666, 'BillingAccount', chosen.body);

    for (const [collection, id] of [['billingCycleSpecification', cycle.body.id], ['billFormat', format.body.id], ['financialAccount', financial.body.id]] as const) {
      const refused = await call(`${base}/${collection}/${id}`, { method: 'DELETE', token: agent });
      expect(refused.status, `${collection} ${JSON.stringify(refused.body)}`).toBe(409);
      expect(refused.body.code).toBe('RECORD_IN_USE');
    }

    // Back to a built-in cycle and the default format: they are free to go.
    const released = await patchWithEtag(`${accounts}/${accountId}`, { billStructure: { cycleSpecification: { id: 'monthly-day-15' }, format: null }, financialAccount: null });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.billStructure).not.toHaveProperty('format');
    for (const [collection, id] of [['billingCycleSpecification', cycle.body.id], ['billFormat', format.body.id], ['financialAccount', financial.body.id]] as const) {
      expect((await call(`${base}/${collection}/${id}`, { method: 'DELETE', token: agent })).status).toBe(204);
      expect((await call(`${base}/${collection}/${id}`, { token: agent })).status).toBe(404);
    }
  });

  it('serves the built-in cycles, formats and media, which cannot be changed', async () => {
    const cycles = await call<any[]>(`${base}/billingCycleSpecification?id=monthly-day-1,monthly-day-28`, { token: agent });
    expect(cycles.body.map((one) => one.billingDateShift)).toEqual([0, 27]);
    const media = await call<any[]>(`${base}/billPresentationMedia?name=SMS`, { token: agent });
    expect(media.body).toEqual([expect.objectContaining({ id: 'sms', channel: 'sms', isBuiltIn: true })]);
    const refused = await call(`${base}/billFormat/pdf`, { method: 'PATCH', token: agent, body: { name: 'Mine' } });
    expect(refused.status).toBe(409);
  });

  it("a partner's settlement account lives through its lifecycle", async () => {
    const partner = { '@referredType': 'Organization', id: `org-${Date.now()}`, name: 'Partner Ltd' };
    const created = await call(`${base}/settlementAccount`, { method: 'POST', token: agent, body: { name: 'Per usage', relatedParty: [partner], creditLimit: { unit: 'EUR', value: 500 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectValidTmf(tmf666, 'SettlementAccount', created.body);
    const suspended = await patchWithEtag(`${base}/settlementAccount/${created.body.id}`, { state: 'Suspended' });
    expect(suspended.body.state).toBe('Suspended');
    const closed = await patchWithEtag(`${base}/settlementAccount/${created.body.id}`, { state: 'Closed' });
    expect(closed.body.state).toBe('Closed');
    expect((await patchWithEtag(`${base}/settlementAccount/${created.body.id}`, { state: 'Active' })).status).toBe(409);
    const listed = await call<any[]>(`${base}/settlementAccount?state=Closed&name=Per%20usage`, { token: agent });
    expect(listed.body.map((one) => one.id)).toContain(created.body.id);
  });

  it("an organization's billing account opens without a customer; customers see neither it nor these records", async () => {
    const organization = { '@referredType': 'Organization', id: `org-${Date.now()}`, name: 'Richard Cole' };
    const opened = await call(accounts, { method: 'POST', token: agent, body: { name: 'Home Account', relatedParty: [organization] } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.relatedParty).toEqual([{ role: 'owner', ...organization }]);
    expect((await call(`${accounts}/${opened.body.id}`, { token: agent })).status).toBe(200);
    expect((await call(`${accounts}/${opened.body.id}`, { token: customerToken })).status).toBe(404);
    const own = await call<any[]>(accounts, { token: customerToken });
    expect(own.body.map((one) => one.id)).not.toContain(opened.body.id);
    // What only a customer's account can do is refused by name, not failed.
    const payment = await call('/tmf-api/paymentManagement/v4/payment', {
      method: 'POST',
      token: agent,
      body: { account: { id: opened.body.id }, paymentMethod: { id: 'bank-transfer-1', name: 'bankTransfer', '@referredType': 'PaymentMethod' }, totalAmount: { unit: 'EUR', value: 10 } },
    });
    expect(payment.status, JSON.stringify(payment.body)).toBeGreaterThanOrEqual(400);
    expect(payment.status).toBeLessThan(500);
    expect((await call(`${base}/billFormat`, { token: customerToken })).status).toBe(403);
  });
});
