import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { call, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf635 } from '../support/tmf-schema.js';

/**
 * Telecom rating through the HTTP API on a test clock (docs/rating.md): a Mobile S customer in
 * Paris makes calls national, international (peak and off-peak, across 20:00, midnight and the
 * spring DST change), premium, freephone, and roaming in and out of the EU; the usage API zones
 * and guides each record, and the April bill groups its call lines by zone and band. Every
 * expected amount is worked out here by hand from the demo catalog's prices, not by the engine:
 * International 0.60 a minute at peak (weekdays 08:00-20:00), 0.30 off-peak, per started minute;
 * premium 0.80 a minute after a first 30 s, by the second, plus 0.50 a call; roaming outside the
 * EU 2.00 a minute by 30 s; national calls and freephone numbers free.
 */
const usageApi = '/tmf-api/usageManagement/v4/usage';
const bills = '/tmf-api/customerBillManagement/v4';

let admin: string;
let clockId: string;
let customer: Awaited<ReturnType<typeof customerOnClock>>;
let productId: string;

const callRecord = (recordId: string, usageDate: string, seconds: number, attributes: Record<string, string>) => ({
  usageDate,
  usageType: 'voice',
  usageCharacteristic: [
    { name: 'productId', value: productId },
    { name: 'quantity', value: seconds },
    { name: 'unit', value: 'second' },
    { name: 'recordId', value: recordId },
    ...Object.entries(attributes).map(([name, value]) => ({ name, value })),
  ],
});

/** Each call, and what it must cost (EUR, tax included as the demo prices are). */
const calls = [
  { id: 'national', date: '2027-03-16T19:59:30+01:00', seconds: 90, attributes: { destination: '+33 6 12 34 56 78' }, price: 'National calls', cost: 0 },
  // Germany at 10:00 on a Tuesday: peak, 61 s is two started minutes.
  { id: 'germany', date: '2027-03-16T10:00:00+01:00', seconds: 61, attributes: { destination: '+49301234567' }, price: 'International calls', cost: 1.2 },
  // New York from 19:59 on a Wednesday for 150 s: 60 s peak, 90 s off-peak; three started minutes, the rounding-up in the last band: 0.60 + 2 × 0.30.
  { id: 'new-york', date: '2027-03-17T19:59:00+01:00', seconds: 150, attributes: { destination: '+12125550100' }, price: 'International calls', cost: 1.2 },
  // London across Friday midnight: off-peak on both sides, one minute.
  { id: 'london', date: '2027-03-19T23:59:30+01:00', seconds: 60, attributes: { destination: '+442079460000' }, price: 'International calls', cost: 0.3 },
  // Tokyo across the spring change (02:00 becomes 03:00 on Sunday 28 March): 120 s of real time, off-peak.
  { id: 'tokyo', date: '2027-03-28T01:59:00+01:00', seconds: 120, attributes: { destination: '+81312345678' }, price: 'International calls', cost: 0.6 },
  // Premium: 45 s at 0.80 a minute is 0.60, plus the 0.50 connect fee.
  { id: 'premium', date: '2027-03-16T12:00:00+01:00', seconds: 45, attributes: { destination: '+33892680000' }, price: 'Premium numbers', cost: 1.1 },
  { id: 'freephone', date: '2027-03-16T12:10:00+01:00', seconds: 300, attributes: { destination: '+33800123456' }, price: 'Freephone calls', cost: 0 },
  // Roaming in the United States, calling home: 31 s is two 30 s steps of 2.00 a minute.
  { id: 'roaming-us', date: '2027-03-18T15:00:00+01:00', seconds: 31, attributes: { destination: '+33612345678', visitedCountry: 'US' }, price: 'Calls roaming outside the EU', cost: 2 },
  // Roaming in Germany is like home: a national call.
  { id: 'roaming-de', date: '2027-03-18T16:00:00+01:00', seconds: 600, attributes: { destination: '+33612345678', visitedCountry: 'DE' }, price: 'National calls', cost: 0 },
] as const;

beforeAll(async () => {
  admin = await tokenFor('admin', 'telecom-rating-journey');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'telecom rating journey', frozenTime: '2027-03-10T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  customer = await customerOnClock(admin, clockId, 'caller');
  const placed = await orderOffering(admin, customer.accountId, await offeringNamed(admin, 'Mobile S'));
  productId = placed.productOrderItem[0].product.id;
  await advanceClock(admin, clockId, '2027-03-31T12:00:00+02:00');
}, 120_000);

describe('calls rated by zone, band, roaming and increments, on a test clock', () => {
  it('each record is zoned and guided to the price that applies; a repeat is stored once; a place no zone covers is rejected with the reason', async () => {
    for (const each of calls) {
      const created = await call(usageApi, { method: 'POST', token: admin, body: callRecord(each.id, each.date, each.seconds, each.attributes) });
      expect(created.status, each.id).toBe(201);
      expect(created.body.status, each.id).toBe('rated');
      expect(created.body.ratedProductUsage.map((rated: any) => rated.offerTariffType), each.id).toEqual([each.price]);
    }
    const repeat = await call(usageApi, { method: 'POST', token: admin, body: callRecord('germany', '2027-03-16T10:00:00+01:00', 61, { destination: '+49301234567' }) });
    expect(repeat.status).toBe(200);
    const antarctica = await call(usageApi, { method: 'POST', token: admin, body: callRecord('antarctica', '2027-03-20T10:00:00+01:00', 60, { destination: '+33612345678', visitedCountry: 'AQ' }) });
    expect(antarctica.status).toBe(201);
    expect(antarctica.body).toMatchObject({ status: 'rejected' });
    expect(antarctica.body.statusReason).toContain('visited country AQ has no roaming zone in zone table Demo operator zones');
    const malformed = await call(usageApi, { method: 'POST', token: admin, body: callRecord('bad', '2027-03-20T10:00:00+01:00', 60, { destination: '0612', direction: 'sideways' }) });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('usageCharacteristic[name=destination]');
    expect(malformed.body.message).toContain('usageCharacteristic[name=direction]');
  }, 60_000);

  it('the quote API rates the same calls as samples and explains each one', async () => {
    const quoted = await call('/pricing/v1/quote', {
      method: 'POST',
      token: customer.token,
      body: {
        billingAccount: { id: customer.accountId },
        item: [
          {
            id: '1',
            productOffering: { id: await offeringNamed(admin, 'Mobile S') },
            usage: calls.map((each) => ({ id: each.id, quantity: each.seconds, units: 'second', usageDate: each.date, ...each.attributes })),
          },
        ],
      },
    });
    expect(quoted.status).toBe(200);
    const lines: any[] = quoted.body.quoteItem[0].itemPrice;
    const explained = new Map<string, any>(lines.flatMap((line) => (line.ratedUsage ?? []).filter((rated: any) => rated.id).map((rated: any) => [rated.id, rated])));
    for (const each of calls.filter((candidate) => candidate.price !== 'National calls' && candidate.price !== 'Freephone calls')) {
      expect(explained.get(each.id)?.charge.value, each.id).toBe(each.cost);
    }
    expect(explained.get('new-york')).toMatchObject({ zone: 'world-1', roamingZone: 'home', durationSeconds: 150, chargedSeconds: 180, increments: { first: 60, next: 60 } });
    expect(explained.get('new-york').bands.map((band: any) => [band.band, band.seconds, band.chargedSeconds, band.charge.value])).toEqual([
      ['peak', 60, 60, 0.6],
      ['off-peak', 90, 120, 0.6],
    ]);
    expect(explained.get('premium')).toMatchObject({ zone: 'premium', connectFee: { value: 0.5 } });
  });

  it('1 Apr: the bill groups the call lines by zone and band, each the sum of its calls, computed independently', async () => {
    await advanceClock(admin, clockId, '2027-04-01T12:00:00+02:00');
    const listed = await call<any[]>(`${bills}/customerBill?relatedParty.id=${customer.customerId}&runType=onCycle`, { token: admin });
    const bill = listed.body.find((candidate) => candidate.billDate === '2027-03-31T22:00:00.000Z');
    expect(bill).toBeDefined();
    const lines = (await call<any[]>(`${bills}/appliedCustomerBillingRate?bill.id=${bill.id}`, { token: admin })).body.filter((line) => line.type === 'usage');
    const amounts = Object.fromEntries(lines.map((line) => [line.name, line.taxIncludedAmount.value]));
    expect(amounts).toMatchObject({
      'International calls, eu-eea, peak': 1.2,
      'International calls, world-1, peak': 0.6,
      // New York's off-peak part and London.
      'International calls, world-1, off-peak': 0.9,
      'International calls, world-2, off-peak': 0.6,
      'Premium numbers': 1.1,
      'Calls roaming outside the EU': 2,
    });
    const expectedCalls = calls.reduce((total, each) => total + Math.round(each.cost * 100), 0) / 100;
    const billed = lines.reduce((total, line) => total + Math.round(line.taxIncludedAmount.value * 100), 0) / 100;
    expect(billed).toBe(expectedCalls);
  }, 90_000);

  it('each billed record shows why it cost what it cost; the rejected one waits for a person', async () => {
    const billed = await call<any[]>(`${usageApi}?product.id=${productId}&status=billed&limit=100`, { token: customer.token });
    expect(billed.status).toBe(200);
    expect(billed.body).toHaveLength(calls.length);
    for (const record of billed.body) expectValidTmf(tmf635, 'Usage', record);
    const byRecord = new Map<string, any>(billed.body.map((record) => [record.usageCharacteristic.find((characteristic: any) => characteristic.name === 'recordId').value, record.ratedProductUsage[0]]));
    for (const each of calls) expect(byRecord.get(each.id)?.taxIncludedRatingAmount.value, each.id).toBe(each.cost);
    expect(byRecord.get('tokyo').ratingDetail).toMatchObject({ zone: 'world-2', durationSeconds: 120, bands: [{ band: 'off-peak', seconds: 120 }] });
    expect(byRecord.get('roaming-de').ratingDetail).toMatchObject({ zone: 'national-mobile', roamingZone: 'roam-eu-eea' });
    const rejected = await call<any[]>(`${usageApi}?product.id=${productId}&status=rejected`, { token: admin });
    expect(rejected.body).toHaveLength(1);
  });
});
