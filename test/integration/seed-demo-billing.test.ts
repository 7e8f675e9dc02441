import { beforeAll, describe, expect, it } from 'vitest';
import { demoBillingEmail, seedDemoBilling } from '../../infra/seed/seed-demo-billing.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf678 } from '../support/tmf-schema.js';

/**
 * The demo billing customer `npm start` seeds through the API (infra/seed/seed-demo-billing.ts):
 * Mobile M and Home Broadband from 15 September 2026, 10:00 in Paris, 26.45 GB of October data
 * sent as a usage batch, the clock advanced to December. Its bills, worked out by hand (prices
 * include 20 % VAT; September has 2 592 000 s, 1 346 400 of them from the 15th at 10:00):
 * - the order's: Mobile M's activation fee, 15.00, settled;
 * - 1 October: September pro rata, 20.00 → 10.39 and 30.00 → 15.58, and October 20.00 + 30.00: 75.97;
 * - 1 November: November 50.00, and October's data, 6.45 GB over 20 at 2.00 = 12.90: 62.90;
 * - 1 December: December, 50.00.
 */
let admin: string;
beforeAll(async () => {
  admin = await tokenFor('admin');
});

describe('the demo billing customer (infra/seed/seed-demo-billing.ts)', () => {
  it('is there once npm start is ready, with its months of bills', async () => {
    expect((await call('/health')).body).toEqual({ status: 'ok' });
    const customers = await call<any[]>(`/tmf-api/customerManagement/v4/customer?contactMedium.characteristic.emailAddress=${encodeURIComponent(demoBillingEmail)}`, { token: admin });
    expect(customers.body).toHaveLength(1);
    const customer = customers.body[0];
    expect(customer.testClock.id).toEqual(expect.any(String));
    // Each bill is collected from the customer's card as it is issued (docs/collections.md).
    const bills = await eventually(async () => {
      const listed = await call<any[]>(`/tmf-api/customerBillManagement/v4/customerBill?relatedParty.id=${customer.id}`, { token: admin });
      return listed.body.length === 4 && listed.body.every((bill) => bill.state === 'settled') ? listed : undefined;
    }, 30_000);
    for (const bill of bills.body) expectValidTmf(tmf678, 'CustomerBill', bill);
    expect(bills.body.map((bill) => [bill.runType, bill.billDate, bill.amountDue.value, bill.state])).toEqual([
      ['offCycle', '2026-09-15T08:00:00.000Z', 15, 'settled'],
      ['onCycle', '2026-09-30T22:00:00.000Z', 75.97, 'settled'],
      ['onCycle', '2026-10-31T23:00:00.000Z', 62.9, 'settled'],
      ['onCycle', '2026-11-30T23:00:00.000Z', 50, 'settled'],
    ]);
    const november = await call<any[]>(`/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate?bill.id=${bills.body[2].id}&type=usage`, { token: admin });
    expect(november.body.map((line) => [line.description, line.taxIncludedAmount.value])).toEqual([['26.45 GB used, 20 GB included, 6.45 GB charged', 12.9]]);
  });

  it('seeding again changes nothing', async () => {
    const result = await seedDemoBilling({ apiUrl: apiUrl(), token: admin });
    expect(result.skipped).toBe(true);
  });
});
