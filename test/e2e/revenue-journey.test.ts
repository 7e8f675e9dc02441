import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';

/**
 * Revenue recognition over HTTP against the local runtime, on a test clock (Paris, billed on the
 * 16th, so every period runs across a month end and part of it is deferred at each month's end):
 * a Mobile M ordered on 16 January, the clock advanced past three month ends (to the 2nd of each
 * next month, when a month is over in every zone), each advance's billing run followed by the
 * close of the clock's ledger; 5.00 of February's bill credited on 2 March, after February was
 * closed. For each month, recognized + deferred revenue at its end equals what the bills dated up
 * to it charged tax excluded (their carried credit aside) less what the credit notes dated up to
 * it gave back, to the cent, computed here from the bills, lines and credit notes themselves.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const lines = '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate';
const cents = (value: number) => Math.round(value * 100);
const parisMonth = (instant: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date(instant));

let admin: string;
let clockId: string;
let customerId: string;
let accountId: string;

beforeAll(async () => {
  admin = await tokenFor('admin');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'revenue journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  const person = await customerOnClock(admin, clockId, 'revenue', 'pm_card_visa', 16);
  customerId = person.customerId;
  await orderOffering(admin, person.accountId, mobileM);
  accountId = person.accountId;
  await advanceClock(admin, clockId, '2027-02-02T14:00:00+01:00');
  await advanceClock(admin, clockId, '2027-03-02T14:00:00+01:00');
  // 5.00 of the bill of 16 February credited on 2 March, after February was closed: it lands in March.
  const [february] = (await call<any[]>(`${bills}?relatedParty.id=${customerId}&runType=onCycle`, { token: admin })).body;
  const credited = await call('/collections/v1/creditNote', { method: 'POST', token: admin, body: { bill: { id: february.id }, reason: 'two days without service', amount: { unit: 'EUR', value: 5 } } });
  expect(credited.status).toBe(201);
  await advanceClock(admin, clockId, '2027-04-02T14:00:00+02:00');
}, 240_000);

/** What the customer's credit notes dated up to the end of `month` (Paris) gave back, tax excluded: cents. */
async function creditedThrough(month: string): Promise<number> {
  const notes = (await call<any[]>(`/collections/v1/creditNote?billingAccount.id=${accountId}`, { token: admin })).body;
  return notes.filter((note) => parisMonth(note.date) <= month).reduce((sum, note) => sum + cents(note.taxExcludedAmount.value), 0);
}

/** What the customer's bills dated up to the end of `month` (Paris) charged, tax excluded, without carried credit: cents. */
async function billedThrough(month: string): Promise<number> {
  const all = (await call<any[]>(`${bills}?relatedParty.id=${customerId}`, { token: admin })).body.filter((bill) => bill.billNo && parisMonth(bill.billDate) <= month);
  let total = 0;
  for (const bill of all) {
    const carried = (await call<any[]>(`${lines}?bill.id=${bill.id}`, { token: admin })).body.filter((line) => line.type === 'creditBroughtForward' || line.type === 'creditCarriedForward');
    total += cents(bill.taxExcludedAmount.value) - carried.reduce((sum, line) => sum + cents(line.taxExcludedAmount.value), 0);
  }
  return total;
}

describe('revenue on a test clock', () => {
  it('at the end of each of three closed months, recognized + deferred = what the bills charged tax excluded, to the cent', async () => {
    const months = ['2027-01', '2027-02', '2027-03'];
    const billed: number[] = [];
    for (const month of months) {
      const report = await eventually(async () => {
        const answer = await call(`/reports/v1/revenue?month=${month}&testClock.id=${clockId}`, { token: admin });
        return answer.status === 200 ? answer.body : undefined;
      }, 30_000);
      const recognized = report.revenue.reduce((sum: number, line: any) => sum + cents(line.recognized.value), 0);
      const deferred = report.revenue.reduce((sum: number, line: any) => sum + cents(line.deferred.value), 0);
      const billedInReport = report.revenue.reduce((sum: number, line: any) => sum + cents(line.billed.value), 0);
      const creditedInReport = report.revenue.reduce((sum: number, line: any) => sum + cents(line.credited.value), 0);
      const [billedByBills, creditedByNotes] = [await billedThrough(month), await creditedThrough(month)];
      expect({ month, recognizedPlusDeferred: recognized + deferred, billed: billedInReport, credited: creditedInReport }).toEqual({
        month,
        recognizedPlusDeferred: billedByBills - creditedByNotes,
        billed: billedByBills,
        credited: creditedByNotes,
      });
      billed.push(billedByBills);
    }
    // The credit note of 2 March is in March only.
    expect(await creditedThrough('2027-02')).toBe(0);
    expect(await creditedThrough('2027-03')).toBeGreaterThan(0);
    // Each month billed something more (the activation fee, then the bills of 16 February and 16 March).
    expect(billed[0]).toBeGreaterThan(0);
    expect(billed[1]).toBeGreaterThan(billed[0]!);
    expect(billed[2]).toBeGreaterThan(billed[1]!);
    // The half of March billed on 16 March in advance is still deferred at the end of March, the rest recognized.
    const march = (await call(`/reports/v1/revenue?month=2027-03&testClock.id=${clockId}`, { token: admin })).body;
    expect(march.revenue.reduce((sum: number, line: any) => sum + cents(line.deferred.value), 0)).toBeGreaterThan(0);
    expect(march.revenue.reduce((sum: number, line: any) => sum + cents(line.recognized.value), 0)).toBeGreaterThan(0);
  }, 120_000);

  it("the journal of a month, as CSV, moves each month's balance: its billed and recognized entries", async () => {
    const response = await fetch(`${apiUrl()}/reports/v1/journalEntries?month=2027-02&testClock.id=${clockId}`, { headers: { authorization: `Bearer ${admin}`, accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await response.text()).trim().split('\r\n');
    expect(header).toBe('id,month,productOfferingId,currency,kind,debitAccount,creditAccount,amount');
    expect(rows.map((row) => row.split(',')[4])).toEqual(expect.arrayContaining(['billed', 'recognized']));
    for (const row of rows) expect(row.startsWith(`test-clock-${clockId}#2027-02#`)).toBe(true);
  });

  it("the live reports leave the clock's months out; a month the clock has not passed is not closed; customers are refused", async () => {
    const open = await call(`/reports/v1/revenue?month=2027-04&testClock.id=${clockId}`, { token: admin });
    expect(open.status).toBe(409);
    const live = await call('/reports/v1/journalEntries?month=2027-02', { token: admin });
    if (live.status === 200) expect(live.body.journalEntry.every((entry: any) => entry.id.startsWith('live#'))).toBe(true);
    else expect(live.status).toBe(409);
    const customer = await call(`/reports/v1/revenue?month=2027-01&testClock.id=${clockId}`, { token: await tokenFor('customer', customerId) });
    expect(customer.status).toBe(403);
  });
});
