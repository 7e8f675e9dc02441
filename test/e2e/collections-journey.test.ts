import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf666, tmf676, tmf678 } from '../support/tmf-schema.js';

/**
 * Collections over HTTP against the local runtime, on a test clock (Paris, cycle day 1): a bill
 * collected from the card on file; a declined card leaving bills open; partial payments by bank
 * transfer, an overpayment in cash spread over two bills with the rest as credit, that credit
 * consumed by the next bill; a refund of that overpayment reopening the bill its credit paid; a
 * repeated payment recorded once; a credit note on a paid bill becoming account credit; a
 * goodwill credit paying an open bill; and at every step the account's balance equal to its ledger,
 * and to what its bills still owe minus its credit, to the cent.
 * At the end, the clock's receivables age what is still open.
 */
const accounts = '/tmf-api/accountManagement/v4/billingAccount';
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const payments = '/tmf-api/paymentManagement/v4/payment';
const refunds = '/tmf-api/paymentManagement/v4/refund';
const creditNotes = '/collections/v1/creditNote';
const goodwillCredits = '/collections/v1/goodwillCredit';

let admin: string;
let clockId: string;
let mobileM: string;
/** The cash overpayment of 1 Mar, refunded in part afterwards. */
let cashPaymentId: string;
const people: Record<'paying' | 'declined', { customerId: string; accountId: string; token: string }> = {} as never;
const cents = (value: number) => Math.round(value * 100);
const eur = (value: number) => ({ unit: 'EUR', value });

async function fetchCsv(path: string): Promise<string> {
  const response = await fetch(`${apiUrl()}${path}`, { headers: { authorization: `Bearer ${admin}`, accept: 'text/csv' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  return response.text();
}

async function billsOf(customerId: string) {
  return (await call<any[]>(`${bills}?relatedParty.id=${customerId}&runType=onCycle`, { token: admin })).body.sort((a, b) => a.billDate.localeCompare(b.billDate));
}

/**
 * The account's balance, checked three ways: as the account shows it, as the sum of its ledger,
 * and as what its bills still owe minus its credit (`creditCents`). Returns it in cents.
 */
async function expectBalanced(person: { customerId: string; accountId: string }, creditCents: number): Promise<number> {
  const account = await call(`${accounts}/${person.accountId}`, { token: admin });
  expectValidTmf(tmf666, 'BillingAccount', account.body);
  const balance = cents(account.body.accountBalance[0].amount.value);
  const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${person.accountId}`, { token: admin });
  expect(ledger.status).toBe(200);
  expect(ledger.body.reduce((sum, entry) => sum + cents(entry.amount.value), 0)).toBe(balance);
  const all = await call<any[]>(`${bills}?relatedParty.id=${person.customerId}`, { token: admin });
  const owed = all.body.filter((bill) => bill.billNo).reduce((sum, bill) => sum + cents(bill.remainingAmount.value), 0);
  expect(balance).toBe(owed - creditCents);
  expect(account.body.paymentStatus).toBe(balance > 0 ? 'due' : 'paidUp');
  return balance;
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'collections journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  people.paying = await customerOnClock(admin, clockId, 'paying');
  people.declined = await customerOnClock(admin, clockId, 'declined');
  await Promise.all([orderOffering(admin, people.paying.accountId, mobileM), orderOffering(admin, people.declined.accountId, mobileM)]);
  // The second customer's card on file starts declining after the order was paid.
  await setCardOnFile(admin, people.declined.accountId, 'pm_card_declined');
}, 120_000);

describe('collections on a test clock', () => {
  it("the order's activation fee is in the ledger with the payment that settled it: balance 0, paidUp", async () => {
    expect(await expectBalanced(people.paying, 0)).toBe(0);
    const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.paying.accountId}`, { token: admin });
    expect(ledger.body.map((entry) => [entry.kind, entry.amount.value])).toEqual([
      ['bill', 15],
      ['payment', -15],
    ]);
  });

  it('1 Feb: the bill is collected from the card on file at once, settled, paid by a TMF676 payment naming it', async () => {
    await advanceClock(admin, clockId, '2027-02-01T12:00:00+01:00');
    const [bill] = await eventually(async () => {
      const found = await billsOf(people.paying.customerId);
      return found[0]?.state === 'settled' ? found : undefined;
    }, 20_000);
    expectValidTmf(tmf678, 'CustomerBill', bill);
    expect(bill.remainingAmount.value).toBe(0);
    const payment = await call(`${payments}/${bill.appliedPayment[0].payment.id}`, { token: people.paying.token });
    expect(payment.status).toBe(200);
    expectValidTmf(tmf676, 'Payment', payment.body);
    expect(payment.body).toMatchObject({
      correlatorId: bill.id,
      paymentDate: '2027-02-01T11:00:00.000Z',
      totalAmount: bill.amountDue,
      paymentMethod: { id: 'pm_card_visa', name: 'card' },
      paymentItem: [{ item: { id: bill.id, '@referredType': 'CustomerBill' }, totalAmount: bill.amountDue }],
    });
    expect(await expectBalanced(people.paying, 0)).toBe(0);
    // The customer is sent its receipt, dated at the payment, and can read it.
    const receipt = await eventually(async () =>
      (await call<any[]>(`/tmf-api/communicationManagement/v4/communicationMessage?receiver.id=${people.paying.customerId}`, { token: people.paying.token })).body.find((message) =>
        message.characteristic.some((each: any) => each.value === 'paymentReceipt'),
      ),
    );
    expect(receipt).toMatchObject({ subject: `Payment received: ${bill.amountDue.value.toFixed(2)} EUR`, sendTime: '2027-02-01T11:00:00.000Z' });
  }, 90_000);

  it('a declined card leaves the bill open: the account owes it, due', async () => {
    // Delivered to the customer (docs/bill-documents.md), the bill is `sent`, still unpaid.
    const bill = await eventually(async () => {
      const [found] = await billsOf(people.declined.customerId);
      return found?.state === 'sent' ? found : undefined;
    }, 20_000);
    expect(bill.delivery).toMatchObject({ channel: 'email', status: 'sent', attempts: 1 });
    expect(bill.remainingAmount).toEqual(bill.amountDue);
    expect(await expectBalanced(people.declined, 0)).toBe(cents(bill.amountDue.value));
  });

  it('a partial bank transfer leaves it partiallyPaid; the same transfer sent twice at once is recorded once', async () => {
    const [bill] = await billsOf(people.declined.customerId);
    const body = { account: { id: people.declined.accountId }, totalAmount: eur(10), paymentMethod: { id: 'TRF-0001', name: 'bankTransfer' }, paymentItem: [{ item: { id: bill.id } }] };
    const sent = await Promise.all([1, 2].map(() => call(payments, { method: 'POST', token: admin, body, headers: { 'idempotency-key': `transfer-${bill.id}` } })));
    const created = sent.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    // The loser of the race, if any, is told the first is still in progress.
    for (const answer of sent) expect([201, 409]).toContain(answer.status);
    const replay = await call(payments, { method: 'POST', token: admin, body, headers: { 'idempotency-key': `transfer-${bill.id}` } });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(created[0]!.body.id);
    const listed = await call<any[]>(`${payments}?payer.id=${people.declined.customerId}`, { token: admin });
    expect(listed.body.filter((payment) => payment.paymentMethod.name === 'bankTransfer')).toHaveLength(1);

    const after = (await billsOf(people.declined.customerId))[0];
    expect(after).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur((cents(bill.amountDue.value) - 1000) / 100) });
    await expectBalanced(people.declined, 0);
  });

  it('1 Mar: a cash overpayment without items pays the two open bills oldest first and leaves the rest as credit; the April bill consumes it', async () => {
    await advanceClock(admin, clockId, '2027-03-01T12:00:00+01:00');
    const [february, march] = await eventually(async () => {
      const found = await billsOf(people.declined.customerId);
      return found.length === 2 ? found : undefined;
    }, 20_000);
    expect(['validated', 'sent']).toContain(march.state);
    const owed = cents(february.remainingAmount.value) + cents(march.remainingAmount.value);
    const paid = await call(payments, { method: 'POST', token: admin, body: { account: { id: people.declined.accountId }, totalAmount: eur((owed + 500) / 100), paymentMethod: { id: 'receipt-12', name: 'cash' } } });
    expect(paid.status).toBe(201);
    cashPaymentId = paid.body.id;
    expect(paid.body.paymentItem.map((item: any) => [item.item.id, cents(item.totalAmount.value)])).toEqual([
      [february.id, cents(february.remainingAmount.value)],
      [march.id, cents(march.remainingAmount.value)],
      [people.declined.accountId, 500],
    ]);
    expect((await billsOf(people.declined.customerId)).map((bill) => bill.state)).toEqual(['settled', 'settled']);
    expect(await expectBalanced(people.declined, 500)).toBe(-500);

    await advanceClock(admin, clockId, '2027-04-01T12:00:00+02:00');
    const april = await eventually(async () => {
      const found = (await billsOf(people.declined.customerId))[2];
      return found?.appliedPayment.length > 0 ? found : undefined;
    }, 20_000);
    // The credit pays 5.00 of it, named by the cash payment it came from; the declined card pays nothing.
    expect(april).toMatchObject({ state: 'partiallyPaid', appliedPayment: [{ appliedAmount: eur(5), payment: { id: paid.body.id } }] });
    expect(cents(april.remainingAmount.value)).toBe(cents(april.amountDue.value) - 500);
    await expectBalanced(people.declined, 0);
  }, 120_000);

  it('a partial refund of the cash overpayment takes it back from the April bill its credit paid, which owes it again', async () => {
    const before = await expectBalanced(people.declined, 0);
    const aprilBefore = (await billsOf(people.declined.customerId))[2];
    const refunded = await call(refunds, {
      method: 'POST',
      token: admin,
      headers: { 'idempotency-key': `overpayment-${cashPaymentId}` },
      body: { payment: { id: cashPaymentId }, totalAmount: eur(5), description: 'cash overpayment paid back at the counter' },
    });
    expect(refunded.status).toBe(201);
    expectValidTmf(tmf676, 'Refund', refunded.body);
    expect(refunded.body).toMatchObject({ status: 'done', payment: { id: cashPaymentId }, paymentMethod: { name: 'cash' }, totalAmount: eur(5) });
    expect((await call(`${refunds}/${refunded.body.id}`, { token: admin })).body.totalAmount).toEqual(eur(5));

    const april = (await billsOf(people.declined.customerId))[2];
    expect(april).toMatchObject({ id: aprilBefore.id, state: expect.stringMatching(/^(validated|sent)$/), remainingAmount: april.amountDue, appliedPayment: [] });
    const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.declined.accountId}&kind=refund`, { token: admin });
    expect(ledger.body.map((entry) => [entry.reference.id, cents(entry.amount.value)])).toEqual([[refunded.body.id, 500]]);
    expect(await expectBalanced(people.declined, 0)).toBe(before + 500);

    // What is left of the payment paid the February and March bills: no more than that goes back.
    const tooMuch = await call(refunds, { method: 'POST', token: admin, body: { payment: { id: cashPaymentId }, totalAmount: eur(10_000), description: 'too much' } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.details.map((detail: { field: string }) => detail.field)).toEqual(['totalAmount.value']);
    const byCustomer = await call(refunds, { method: 'POST', token: people.declined.token, body: { payment: { id: cashPaymentId }, totalAmount: eur(1), description: 'mine' } });
    expect(byCustomer.status).toBe(403);
    expect(await expectBalanced(people.declined, 0)).toBe(before + 500);
  });

  it('bad payments are refused with the field named, and nothing is written', async () => {
    const [paidBill] = await billsOf(people.paying.customerId);
    const open = (await billsOf(people.declined.customerId)).at(-1);
    const before = await expectBalanced(people.declined, 0);
    const cases: [unknown, string][] = [
      // Another customer's bill (and a settled one, at that).
      [{ account: { id: people.declined.accountId }, totalAmount: eur(1), paymentMethod: { id: 'x', name: 'cash' }, paymentItem: [{ item: { id: paidBill.id } }] }, 'paymentItem[0].item.id'],
      [{ account: { id: people.declined.accountId }, totalAmount: eur(1), paymentMethod: { id: 'x', name: 'cash' }, paymentItem: [{ item: { id: open.id }, totalAmount: eur(2) }] }, 'paymentItem'],
      [{ account: { id: people.declined.accountId }, totalAmount: eur(1000), paymentMethod: { id: 'x', name: 'cash' }, paymentItem: [{ item: { id: open.id }, totalAmount: eur(999) }] }, 'paymentItem[0].totalAmount.value'],
      [{ account: { id: people.declined.accountId }, totalAmount: { unit: 'USD', value: 1 }, paymentMethod: { id: 'x', name: 'cash' } }, 'totalAmount.unit'],
    ];
    for (const [body, field] of cases) {
      const refused = await call(payments, { method: 'POST', token: admin, body });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
    }
    expect(await expectBalanced(people.declined, 0)).toBe(before);
  });

  it('customers see their own ledger and payments only, and cannot record cash or transfers (they pay by card only)', async () => {
    const own = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.declined.accountId}`, { token: people.declined.token });
    expect(own.status).toBe(200);
    const foreign = await call(`/collections/v1/ledgerEntry?billingAccount.id=${people.paying.accountId}`, { token: people.declined.token });
    expect(foreign.status).toBe(404);
    const [paidBill] = await billsOf(people.paying.customerId);
    expect((await call(`${payments}/${paidBill.appliedPayment[0].payment.id}`, { token: people.declined.token })).status).toBe(404);
    const recorded = await call(payments, { method: 'POST', token: people.declined.token, body: { account: { id: people.declined.accountId }, totalAmount: eur(1), paymentMethod: { id: 'x', name: 'cash' } } });
    expect(recorded.status).toBe(403);
  });

  it("the clock's receivables show the declined customer's open April bill, current at the clock's time and 31-60 forty days after it was due", async () => {
    const april = (await billsOf(people.declined.customerId))[2];
    const owed = april.remainingAmount;
    // The paying customer's April bill may still be being collected from its card: wait until it is.
    const aged = await eventually(async () => {
      const answer = await call(`/collections/v1/receivables?testClock.id=${clockId}`, { token: admin });
      expect(answer.status).toBe(200);
      return answer.body.accounts.length === 1 ? answer : undefined;
    }, 20_000);
    expect(aged.headers.get('x-total-count')).toBe('1');
    const zero = eur(0);
    expect(aged.body).toEqual({
      asOf: '2027-04-01T10:00:00.000Z',
      testClock: { id: clockId },
      totals: [{ currency: 'EUR', open: owed, buckets: { current: owed, '1-30': zero, '31-60': zero, '61-90': zero, over90: zero } }],
      accounts: [
        {
          billingAccount: { id: people.declined.accountId, href: april.billingAccount.href, name: april.billingAccount.name },
          customer: { id: people.declined.customerId },
          currency: 'EUR',
          open: owed,
          buckets: { current: owed, '1-30': zero, '31-60': zero, '61-90': zero, over90: zero },
          oldestDueDate: april.paymentDueDate,
          bills: 1,
        },
      ],
    });

    const later = new Date(Date.parse(april.paymentDueDate) + 40 * 86_400_000).toISOString();
    const overdue = await call(`/collections/v1/receivables?testClock.id=${clockId}&asOf=${later}`, { token: admin });
    expect(overdue.body.asOf).toBe(later);
    expect(overdue.body.totals).toEqual([{ currency: 'EUR', open: owed, buckets: { current: zero, '1-30': zero, '31-60': owed, '61-90': zero, over90: zero } }]);

    expect((await call(`/collections/v1/receivables?testClock.id=${clockId}`, { token: people.declined.token })).status).toBe(403);
    const refused = await call(`/collections/v1/receivables?testClock.id=${clockId}&asOf=tomorrow`, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { field: string }) => detail.field)).toEqual(['asOf']);
  });

  it('a credit note on the paid February bill: numbered in the clock series at its time, taxes reversed, the money account credit; recorded once', async () => {
    const [february] = await billsOf(people.paying.customerId);
    expect(february.state).toBe('settled');
    const before = await expectBalanced(people.paying, 0);
    const body = { bill: { id: february.id }, reason: 'two days without service', amount: eur(5) };
    const issued = await call(creditNotes, { method: 'POST', token: admin, headers: { 'idempotency-key': `outage-${february.id}` }, body });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ bill: { id: february.id }, date: '2027-04-01T10:00:00.000Z', taxIncludedAmount: eur(5), appliedToBill: eur(0), toAccountCredit: eur(5) });
    expect(issued.body.creditNoteNo).toMatch(new RegExp(`^CN-TEST-${clockId.slice(0, 8)}-2027-000001$`));
    for (const line of issued.body.lines) {
      expect(cents(line.taxExcludedAmount.value) + line.appliedTax.reduce((sum: number, tax: { taxAmount: { value: number } }) => sum + cents(tax.taxAmount.value), 0)).toBe(cents(line.taxIncludedAmount.value));
    }
    const again = await call(creditNotes, { method: 'POST', token: admin, headers: { 'idempotency-key': `outage-${february.id}` }, body });
    expect(again.body.id).toBe(issued.body.id);
    expect(await expectBalanced(people.paying, 500)).toBe(before - 500);
    const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.paying.accountId}&kind=creditNote`, { token: admin });
    expect(ledger.body.map((entry) => [entry.reference.id, cents(entry.amount.value)])).toEqual([[issued.body.id, -500]]);

    expect((await call(`${creditNotes}/${issued.body.id}`, { token: people.paying.token })).status).toBe(200);
    expect((await call(`${creditNotes}/${issued.body.id}`, { token: people.declined.token })).status).toBe(404);
    const listed = await call<any[]>(`${creditNotes}?billingAccount.id=${people.paying.accountId}`, { token: people.paying.token });
    expect(listed.body.map((note) => note.id)).toEqual([issued.body.id]);
    expect((await call(creditNotes, { method: 'POST', token: people.paying.token, body })).status).toBe(403);
    const tooMuch = await call(creditNotes, { method: 'POST', token: admin, body: { ...body, amount: eur(10_000) } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.details.map((detail: { field: string }) => detail.field)).toEqual(['amount.value']);
    expect(await expectBalanced(people.paying, 500)).toBe(before - 500);
  });

  it("a goodwill credit without a bill pays the declined customer's open April bill at once; recorded once; an adjustment in the ledger", async () => {
    const before = await expectBalanced(people.declined, 0);
    const aprilBefore = (await billsOf(people.declined.customerId))[2];
    const body = { billingAccount: { id: people.declined.accountId }, amount: eur(3), reason: 'sorry for the declined-card trouble' };
    const given = await call(goodwillCredits, { method: 'POST', token: admin, headers: { 'idempotency-key': `goodwill-${people.declined.accountId}` }, body });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ '@type': 'GoodwillCredit', billingAccount: { id: people.declined.accountId }, amount: eur(3), date: '2027-04-01T10:00:00.000Z', testClock: { id: clockId } });
    const again = await call(goodwillCredits, { method: 'POST', token: admin, headers: { 'idempotency-key': `goodwill-${people.declined.accountId}` }, body });
    expect(again.body.id).toBe(given.body.id);

    const april = (await billsOf(people.declined.customerId))[2];
    expect(april).toMatchObject({ id: aprilBefore.id, state: 'partiallyPaid', appliedGoodwillCredit: [{ goodwillCredit: { id: given.body.id }, appliedAmount: eur(3) }] });
    expect(cents(april.remainingAmount.value)).toBe(cents(aprilBefore.remainingAmount.value) - 300);
    expect(await expectBalanced(people.declined, 0)).toBe(before - 300);
    const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.declined.accountId}&kind=adjustment`, { token: admin });
    expect(ledger.body.map((entry) => [entry.reference.id, entry.reference['@referredType'], cents(entry.amount.value)])).toEqual([[given.body.id, 'GoodwillCredit', -300]]);

    expect((await call(`${goodwillCredits}/${given.body.id}`, { token: people.declined.token })).status).toBe(200);
    expect((await call(`${goodwillCredits}/${given.body.id}`, { token: people.paying.token })).status).toBe(404);
    expect((await call(goodwillCredits, { method: 'POST', token: people.declined.token, body })).status).toBe(403);
    const unknown = await call(goodwillCredits, { method: 'POST', token: admin, body: { ...body, billingAccount: { id: 'no-such-account' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.map((detail: { field: string }) => detail.field)).toEqual(['billingAccount.id']);
    expect(await expectBalanced(people.declined, 0)).toBe(before - 300);
  });

  it('the receivables report, kept from the events, ages the clock\'s bills as GET /collections/v1/receivables does; its billing-run history has the three advances', async () => {
    const asOf = '2027-06-15T00:00:00.000Z';
    const operational = await call(`/collections/v1/receivables?testClock.id=${clockId}&asOf=${asOf}`, { token: admin });
    expect(operational.status).toBe(200);
    const withoutName = (account: { billingAccount: { id: string; href: string } }) => ({ ...account, billingAccount: { id: account.billingAccount.id, href: account.billingAccount.href } });
    // The consumers are asynchronous: wait until the report has caught up with the last goodwill credit.
    const report = await eventually(async () => {
      const answer = await call(`/reports/v1/receivables?testClock.id=${clockId}&asOf=${asOf}`, { token: admin });
      expect(answer.status).toBe(200);
      return JSON.stringify(answer.body.totals) === JSON.stringify(operational.body.totals) ? answer : undefined;
    }, 20_000);
    expect(report.body).toEqual({ asOf, testClock: { id: clockId }, totals: operational.body.totals, accounts: operational.body.accounts.map(withoutName) });
    expect(report.body.totals[0].open.value).toBeGreaterThan(0);

    const csv = await fetchCsv(`/reports/v1/receivables?testClock.id=${clockId}&asOf=${asOf}`);
    expect(csv.split('\r\n')[0]).toBe('asOf,billingAccountId,customerId,currency,open,current,1-30,31-60,61-90,over90,oldestDueDate,bills');
    const live = await call(`/reports/v1/receivables?asOf=${asOf}`, { token: admin });
    expect(live.body.accounts.map((account: { billingAccount: { id: string } }) => account.billingAccount.id)).not.toContain(people.declined.accountId);

    const runs = await eventually(async () => {
      const answer = await call(`/reports/v1/billRuns?testClock.id=${clockId}&from=2027-01-01T00:00:00Z&to=2027-12-31T00:00:00Z`, { token: admin });
      expect(answer.status).toBe(200);
      return answer.body.billRun.length === 3 && answer.body.billRun.every((run: { state: string }) => run.state !== 'inProgress') ? answer : undefined;
    }, 20_000);
    expect(runs.body.billRun.map((run: { trigger: string; asOf: string; state: string }) => [run.trigger, run.asOf, run.state])).toEqual([
      ['testClock', '2027-02-01T11:00:00.000Z', 'completed'],
      ['testClock', '2027-03-01T11:00:00.000Z', 'completed'],
      ['testClock', '2027-04-01T10:00:00.000Z', 'completed'],
    ]);
    expect(runs.body.billRun.every((run: { requestedAt?: string; completedAt?: string; counts?: { bills: number } }) => run.requestedAt && run.completedAt && run.counts!.bills >= 1)).toBe(true);
    expect((await call(`/reports/v1/billRuns?testClock.id=${clockId}`, { token: people.declined.token })).status).toBe(403);
    expect((await call(`/reports/v1/receivables?testClock.id=${clockId}&asOf=tomorrow`, { token: admin })).status).toBe(400);
    const unknownReport = await call('/reports/v1/agedDebt', { token: admin });
    expect(unknownReport.status).toBe(404);
    expect(unknownReport.body).toMatchObject({ code: expect.any(String), reason: expect.any(String) });
  });
});
