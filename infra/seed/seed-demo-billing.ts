import { seedRequests, type SeedSend } from './seed-request.js';

/**
 * A demo customer with a few months of bills (README, "Billing with a test clock"), made through
 * the API as anyone would: a test clock from mid-September 2026, a customer in Paris on it
 * (billed on the 1st), an order of Mobile M and Home Broadband, some data usage, and the clock
 * advanced to early December, so October's, November's and December's bills are there, with the
 * order's bill of its one-time charges.
 *
 * Idempotent: the customer's e-mail marks a run; when a customer has it, nothing is done.
 * Needs the demo catalog (seed it first).
 */
export const demoBillingEmail = 'camille.martin.demo@example.com';

export interface BillingSeedResult {
  skipped: boolean;
  customerId?: string;
  bills?: number;
}

const clockStart = '2026-09-15T10:00:00+02:00';
/** Usage is posted with the clock in the middle of October, then the clock goes on to December. */
const usageAt = '2026-10-20T12:00:00+02:00';
const clockEnd = '2026-12-03T12:00:00+01:00';

export async function seedDemoBilling(options: { apiUrl: string; token: string }): Promise<BillingSeedResult> {
  const send = seedRequests(options, 'demo billing');
  const existing = await send<{ id: string }[]>('GET', `/tmf-api/customerManagement/v4/customer?contactMedium.characteristic.emailAddress=${encodeURIComponent(demoBillingEmail)}&fields=id`);
  if (existing.length > 0) return { skipped: true, customerId: existing[0]!.id };

  const clock = await send<{ id: string }>('POST', '/billing/v1/testClock', { name: 'Demo billing (Paris)', frozenTime: clockStart }, { 'idempotency-key': 'demo-billing-clock' });
  const customer = await send<{ id: string }>(
    'POST',
    '/tmf-api/customerManagement/v4/customer',
    {
      name: 'Camille Martin',
      testClock: { id: clock.id },
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: demoBillingEmail } },
        { mediumType: 'postalAddress', characteristic: { street1: '12 rue de la Paix', postCode: '75002', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [{ id: 'pm_card_visa', '@referredType': 'PaymentMethod' }],
      characteristic: [
        { name: 'timeZone', value: 'Europe/Paris' },
        { name: 'billingCycleDay', value: 1 },
      ],
    },
    { 'idempotency-key': 'demo-billing-customer' },
  );
  const accountId = await waitFor(async () => (await send<{ id: string }[]>('GET', `/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${customer.id}&fields=id`))[0]?.id);
  const offerings = await send<{ id: string; name: string }[]>('GET', '/tmf-api/productCatalogManagement/v4/productOffering?fields=name&limit=1000');
  const offering = (name: string) => {
    const found = offerings.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`the demo catalog has no ${name}: seed it first`);
    return found.id;
  };
  const order = await send<{ id: string }>('POST', '/tmf-api/productOrderingManagement/v4/productOrder', {
    billingAccount: { id: accountId },
    productOrderItem: [
      { id: '1', action: 'add', productOffering: { id: offering('Mobile M') }, product: { productCharacteristic: [{ name: 'phoneNumber', value: '+33600000042' }] } },
      { id: '2', action: 'add', productOffering: { id: offering('Home Broadband') } },
    ],
  }, { 'idempotency-key': 'demo-billing-order' });
  const state = await waitFor(async () => {
    const placed = await send<{ state: string }>('GET', `/tmf-api/productOrderingManagement/v4/productOrder/${order.id}?fields=state`);
    return ['completed', 'partial', 'failed', 'cancelled'].includes(placed.state) ? placed.state : undefined;
  }, 60_000);
  if (state !== 'completed') throw new Error(`the demo order ${order.id} ended ${state}`);

  await advance(send, clock.id, usageAt);
  await send('POST', '/usage/v1/usageBatch', {
    usage: [
      ['2026-10-02T08:30:00+02:00', 8.5],
      ['2026-10-09T19:10:00+02:00', 11.2],
      ['2026-10-16T21:45:00+02:00', 6.75],
    ].map(([usageDate, gigabytes], index) => ({
      usageDate,
      usageType: 'data',
      usageCharacteristic: [
        { name: 'phoneNumber', value: '+33600000042' },
        { name: 'quantity', value: gigabytes },
        { name: 'unit', value: 'GB' },
        { name: 'recordId', value: `demo-cdr-${index + 1}` },
      ],
    })),
  }, {}, { repeatable: true });
  await advance(send, clock.id, clockEnd);
  const bills = await send<unknown[]>('GET', `/tmf-api/customerBillManagement/v4/customerBill?relatedParty.id=${customer.id}&fields=billNo`);
  return { skipped: false, customerId: customer.id, bills: bills.length };
}

/** Advances the clock and waits for its billing run to end. */
async function advance(send: SeedSend, clockId: string, frozenTime: string): Promise<void> {
  await send('POST', `/billing/v1/testClock/${clockId}/advance`, { frozenTime }, {}, { repeatable: true });
  await waitFor(async () => ((await send<{ status: string }>('GET', `/billing/v1/testClock/${clockId}`)).status === 'ready' ? true : undefined), 60_000);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`demo billing: gave up waiting after ${timeoutMs / 1000} s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

/** One line for the start-up log. */
export function describeBillingSeed(result: BillingSeedResult): string {
  return result.skipped ? 'already present' : `customer ${result.customerId} on a test clock with ${result.bills} bills`;
}
