import { beforeAll, describe, expect, it } from 'vitest';
import { accountsPath, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * TMF629 DELETE /customer/{id} against the local runtime (docs/api.md, "Closing a customer and
 * erasing its data"): refused while the customer has an active product; otherwise it is Closed
 * and its personal data erased at its test clock's instant, its billing account closed, its bill
 * kept as issued, and it can no longer be found by name, e-mail or phone, its e-mail free to
 * register again. A second DELETE answers 204 too.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const orders = '/tmf-api/productOrderingManagement/v4/productOrder';
const searchPath = '/customers/v1/customerSearch';
const clockTime = '2027-01-16T10:00:00+01:00';

const tag = `e${Date.now().toString(36)}${process.pid.toString(36)}`;
const digits = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)).join('');
const phoneNumber = `+33 6 ${digits.match(/../g)!.join(' ')}`;

let admin: string;
let agent: string;
let clockId: string;

/** A customer in Paris on the journey's clock, paying by card, with the given e-mail (and phone). */
async function registerOnClock(name: string, email: string, phone?: string) {
  const { customerId, ...rest } = await customerOnClock(admin, clockId, name, 'pm_card_visa', 1, { email, ...(phone ? { phone } : {}) });
  return { id: customerId, ...rest };
}

const search = async (q: string) => {
  const answer = await call<any[]>(`${searchPath}?q=${encodeURIComponent(q)}`, { token: agent });
  expect(answer.status).toBe(200);
  return answer.body;
};
const finds = (found: any[], id: string) => found.some((match) => match.customer.id === id);

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'customer erasure journey', frozenTime: clockTime } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
}, 60_000);

describe('DELETE /customer/{id}', () => {
  it('409 while the customer has an active product (naming it); agents 403; then, the product gone, 204: erased at its clock, its bill kept as issued', async () => {
    const kept = await registerOnClock(`Grace Hopper ${tag}`, `grace.${tag}@example.fr`);
    const placed = await orderOffering(admin, kept.accountId, await offeringNamed(admin, 'Mobile M'));
    const productId = placed.productOrderItem[0].product.id as string;

    const refused = await call(`${customers}/${kept.id}`, { method: 'DELETE', token: kept.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CUSTOMER_NOT_CLOSABLE');
    expect(refused.body.message).toContain('active products');
    expect(JSON.stringify(refused.body)).toContain(productId);
    expect((await call(`${customers}/${kept.id}`, { method: 'DELETE', token: agent })).status).toBe(403);
    expect((await call(`${customers}/${kept.id}`, { token: admin })).body.status).not.toBe('Closed');

    // Its activation fee's bill, issued and settled by the order's payment, and delivered (its delivery changes it once more).
    const issued = await eventually(async () =>
      (await call<any[]>(`${bills}?relatedParty.id=${kept.id}`, { token: admin })).body.find((bill) => bill.billNo !== undefined && bill.delivery?.status === 'sent'),
    );
    const before = (await call(`${bills}/${issued.id}`, { token: admin })).body;

    // The product leaves (an order deleting it); then nothing blocks.
    const leaving = await call(orders, { method: 'POST', token: admin, body: { billingAccount: { id: kept.accountId }, productOrderItem: [{ id: '1', action: 'delete', product: { id: productId } }] } });
    expect(leaving.status).toBe(201);
    await eventually(async () => ((await call(`${orders}/${leaving.body.id}`, { token: admin })).body.state === 'completed' ? true : undefined), 30_000);
    const erased = await eventually(async () => {
      const answer = await call(`${customers}/${kept.id}`, { method: 'DELETE', token: admin });
      return answer.status === 204 ? answer : undefined;
    }, 20_000);
    expect(erased.status).toBe(204);

    const customer = (await call(`${customers}/${kept.id}`, { token: admin })).body;
    expect(customer).toMatchObject({ status: 'Closed', contactMedium: [], name: `Erased customer ${kept.id.slice(0, 8)}` });
    expect(Date.parse(customer.erasedAt)).toBe(Date.parse(clockTime));
    expect((await call(`${accountsPath}/${kept.accountId}`, { token: admin })).body.state).toBe('Closed');
    // The bill is a legal document: readable, exactly as issued.
    const after = await call(`${bills}/${issued.id}`, { token: admin });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
  }, 120_000);

  it('204: the customer itself asks; Closed, nothing personal left, found by nothing, its e-mail free again; a second DELETE 204', async () => {
    const email = `ada.${tag}@example.fr`;
    const ada = await registerOnClock(`Ada Byron ${tag}`, email, phoneNumber);
    await eventually(async () => (finds(await search(`ada byron ${tag}`), ada.id) ? true : undefined), 20_000);

    const answer = await call(`${customers}/${ada.id}`, { method: 'DELETE', token: ada.token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(204);

    const customer = (await call(`${customers}/${ada.id}`, { token: admin })).body;
    expect(customer.status).toBe('Closed');
    expect(Date.parse(customer.erasedAt)).toBe(Date.parse(clockTime));
    const text = JSON.stringify(customer);
    for (const personal of ['Ada', 'Byron', email, digits.slice(-6), 'Rivoli', 'pm_card_visa']) expect(text).not.toContain(personal);
    expect((await call(`${accountsPath}/${ada.accountId}`, { token: admin })).body.state).toBe('Closed');

    // The search's index forgets it as the erasure reaches it; the e-mail guard went with the erasure.
    await eventually(async () => (finds(await search(`ada byron ${tag}`), ada.id) ? undefined : true), 20_000);
    expect(finds(await search(email), ada.id)).toBe(false);
    expect(finds(await search(`06 ${digits.match(/../g)!.join(' ')}`), ada.id)).toBe(false);
    // Its timeline keeps the erasure alone.
    const timeline = await eventually(async () => {
      const events = (await call(`/customers/v1/customer/${ada.id}/timeline`, { token: agent })).body.events as { detailType: string; summary: string }[];
      return events.length === 1 && events[0]!.detailType === 'CustomerErased' ? events : undefined;
    }, 20_000);
    expect(JSON.stringify(timeline)).not.toContain('Byron');

    const again = await call(customers, { method: 'POST', token: admin, body: newCustomerBody({ contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: email } }] }) });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect((await call(`${customers}/${ada.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
  }, 120_000);
});
