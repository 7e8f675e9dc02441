import { beforeAll, describe, expect, it } from 'vitest';
import { demoBillingEmail } from '../../infra/seed/seed-demo-billing.js';
import { accountsPath, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * The agents' customer search over HTTP against the local runtime (docs/api.md, "Customer
 * search"): customers registered through the API are found by the beginnings of their name
 * words, with or without accents, by e-mail, by a phone number typed the national way, by their
 * id, by their billing account, an order and a bill (its id or its number). The index is kept
 * from the events, so each search waits until it answers.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const searchPath = '/customers/v1/customerSearch';

/** A word no other customer of the run has, so these customers are the only ones its searches find. */
const tag = `q${Date.now().toString(36)}${process.pid.toString(36)}`;
const digits = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10)).join('');
const pairs = digits.match(/../g)!.join(' ');

let agent: string;
let helene: { id: string; email: string; accountId: string };
let anna: { id: string };
let order: { id: string };
let bill: { id: string; billNo: string };

const search = (q: string, token = agent, more = '') => call<any[]>(`${searchPath}?q=${encodeURIComponent(q)}${more}`, { token });
/** The search's answer once it has found what `expected` says, as the index catches up with the events. */
const searchUntil = (q: string, expected: (found: any[]) => boolean) =>
  eventually(async () => {
    const answer = await search(q);
    expect(answer.status).toBe(200);
    return expected(answer.body) ? answer.body : undefined;
  }, 20_000);

async function register(body: Record<string, unknown>): Promise<string> {
  const admin = await tokenFor('admin');
  const created = await call(customers, { method: 'POST', token: admin, body: newCustomerBody(body) });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  const admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'customer search', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  const email = `helene.${tag}@example.fr`;
  const heleneId = await register({
    name: `Hélène Dürrenmatt ${tag}`,
    testClock: { id: clock.body.id },
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
      { mediumType: 'mobile', characteristic: { phoneNumber: `+33 6 ${pairs}` } },
      { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
    ],
    paymentMethod: [{ id: 'pm_card_visa', '@referredType': 'PaymentMethod' }],
    characteristic: [{ name: 'timeZone', value: 'Europe/Paris' }],
  });
  anna = { id: await register({ name: `Anna Durrenmatt ${tag}` }) };
  const accountId = await eventually(async () => (await call<any[]>(`${accountsPath}?relatedParty.id=${heleneId}`, { token: admin })).body[0]?.id as string | undefined);
  helene = { id: heleneId, email, accountId };
  // Mobile M's activation fee is billed at once, on the order's own bill, numbered in the clock's series.
  order = await orderOffering(admin, accountId, await offeringNamed(admin, 'Mobile M'));
  bill = await eventually(async () => {
    const bills = await call<any[]>(`/tmf-api/customerBillManagement/v4/customerBill?relatedParty.id=${heleneId}`, { token: admin });
    return bills.body.find((candidate) => candidate.billNo !== undefined);
  }, 30_000);
}, 120_000);

const summaries = (found: any[]) => found.map((match) => `${match.customer.id} ${match.matchedOn}`);

describe('GET /customers/v1/customerSearch', () => {
  it('finds customers by the beginnings of their name words, accents or not, sorted by name, with their e-mail and phone number', async () => {
    const found = await searchUntil(`hél dürr ${tag}`, (body) => body.length > 0);
    expect(found).toEqual([
      {
        customer: { id: helene.id, href: `${customers}/${helene.id}`, name: `Hélène Dürrenmatt ${tag}`, status: expect.any(String), email: helene.email, phoneNumber: `+33 6 ${pairs}` },
        matchedOn: 'name',
      },
    ]);
    expect(summaries(await searchUntil(`helene durrenmatt ${tag}`, (body) => body.length > 0))).toEqual([`${helene.id} name`]);
    expect(summaries(await searchUntil(`DURR ${tag}`, (body) => body.length === 2))).toEqual([`${anna.id} name`, `${helene.id} name`]);
    expect(summaries(await searchUntil(`dürr ${tag}`, (body) => body.length === 2))).toEqual([`${anna.id} name`, `${helene.id} name`]);
  });

  it('finds a customer by e-mail, whatever its case, and by its mobile number typed the national way', async () => {
    expect(summaries((await search(helene.email.toUpperCase())).body)).toEqual([`${helene.id} email`]);
    const byPhone = await searchUntil(`06 ${pairs}`, (body) => body.some((match) => match.customer.id === helene.id));
    expect(byPhone.find((match) => match.customer.id === helene.id).matchedOn).toBe('phoneNumber');
  });

  it('finds a customer by its id, and by its billing account, order and bill, saying what matched', async () => {
    expect(summaries((await search(helene.id)).body)).toEqual([`${helene.id} customerId`]);
    const byAccount = (await search(helene.accountId)).body;
    expect(byAccount).toEqual([{ customer: expect.objectContaining({ id: helene.id }), matchedOn: 'billingAccount', matched: { id: helene.accountId, '@referredType': 'BillingAccount', name: expect.any(String) } }]);
    expect((await search(order.id)).body).toEqual([{ customer: expect.objectContaining({ id: helene.id }), matchedOn: 'productOrder', matched: { id: order.id, '@referredType': 'ProductOrder', name: order.id } }]);
    expect((await search(bill.id)).body).toEqual([{ customer: expect.objectContaining({ id: helene.id }), matchedOn: 'bill', matched: { id: bill.id, '@referredType': 'CustomerBill', name: bill.billNo } }]);
  });

  it('finds the customer of a bill number, whatever its case', async () => {
    const found = await searchUntil(bill.billNo.toLowerCase(), (body) => body.length > 0);
    expect(found).toEqual([{ customer: expect.objectContaining({ id: helene.id }), matchedOn: 'billNo', matched: { id: bill.id, '@referredType': 'CustomerBill', name: bill.billNo } }]);
  });

  it('finds the demo customer the seed registered through the API', async () => {
    const found = await searchUntil('camille mart', (body) => body.some((match) => match.customer.email === demoBillingEmail));
    expect(found.find((match) => match.customer.email === demoBillingEmail)).toMatchObject({ customer: { name: 'Camille Martin' }, matchedOn: 'name' });
  });

  it('answers at most `limit`', async () => {
    await searchUntil(`dürr ${tag}`, (body) => body.length === 2);
    expect(summaries((await search(`dürr ${tag}`, agent, '&limit=1')).body)).toEqual([`${anna.id} name`]);
  });

  it('answers the longest queries in any script, their words bounded to fit the index keys', async () => {
    for (const q of ['𠀀'.repeat(256), `${'é'.repeat(128)}`, `${'9'.repeat(256)}`, `${'a@'.repeat(128)}`]) {
      const answer = await search(q);
      expect(answer.status, q.slice(0, 10)).toBe(200);
      expect(answer.body).toEqual([]);
    }
  });

  it('is for staff: a customer gets 403', async () => {
    const answer = await search(`dürr ${tag}`, await tokenFor('customer', helene.id));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'FORBIDDEN', status: '403' });
  });

  it.each([
    ['q=a', 'q'],
    ['', 'q'],
    [`q=${'x'.repeat(257)}`, 'q'],
    ['q=martin&limit=0', 'limit'],
    ['q=martin&limit=51', 'limit'],
    ['q=martin&offset=1', 'offset'],
  ])('?%s: 400 naming %s', async (query, field) => {
    const answer = await call(`${searchPath}?${query}`, { token: agent });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_REQUEST', status: '400', details: [{ field }] });
  });
});
