import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageToQuote } from '../../../../domain/pricing/cart.js';
import { callSeconds, clockDuration } from '../../../../domain/pricing/call-rating.js';
import type { QuoteItem, QuoteLine } from '../../../../domain/pricing/price-quote.js';
import { quoteCart } from '../../../../domain/pricing/quote-cart.js';
import { decimal } from '../../../../domain/money/decimal.js';
import { noTax } from './pricing-fixtures.js';
import { telecomCatalog } from './telecom-rating-fixtures.js';

/** Europe/Paris; 2027-03-16 is a Tuesday, 2027-03-20 a Saturday. */
const at = '2027-03-31T00:00:00Z';

function quote(usage: UsageToQuote[]): QuoteItem {
  return quoteCart({ currency: 'EUR', at, timeZone: 'Europe/Paris', items: [{ id: '1', productOffering: { id: 'mobile' }, quantity: 1, usage }] }, telecomCatalog(), noTax).items[0]!;
}

const call = (id: string, usageDate: string, seconds: number, attributes: UsageToQuote['attributes']): UsageToQuote => ({ id, quantity: seconds, units: 'second', usageDate, attributes });
const euros = (line: QuoteLine | undefined) => (line ? Number(line.amount.dutyFree.amount) / 100 : undefined);
const lineOf = (item: QuoteItem, priceId: string) => item.lines.find((line) => line.productOfferingPrice.id === priceId);
const callOf = (item: QuoteItem, id: string) => item.lines.flatMap((line) => line.ratedUsage?.calls ?? []).find((rated) => rated.id === id);

describe('usage prices that choose by zone and charge each call (docs/rating.md)', () => {
  it('a national call crossing 20:00 is split at the band boundary, each part at its band price: 0.15 + 0.10 (after the allowance)', () => {
    const usage = [
      // 120 minutes of national calls first, to use the allowance up.
      call('a', '2027-03-16T09:00:00+01:00', 7200, { destination: '+33145678901' }),
      call('b', '2027-03-16T19:59:30+01:00', 90, { destination: '+33612345678' }),
    ];
    const item = quote(usage);
    const b = callOf(item, 'b')!;
    expect(b).toMatchObject({ zone: 'national-mobile', roamingZone: 'home', durationSeconds: 90, chargedSeconds: 90, includedSeconds: 0 });
    expect(b.parts.map((part) => [part.band, part.seconds, Number(part.charge.amount)])).toEqual([
      ['peak', 30, 15],
      ['off-peak', 60, 10],
    ]);
    expect(euros(lineOf(item, 'national-calls'))).toBe(0.25);
    expect(lineOf(item, 'national-calls')!.description).toBe('2 calls, 121:30 long, 121:30 charged, 120:00 of it included');
  });

  it('the allowance counts charged seconds in usage-date order; the call that crosses its end pays for what is above it', () => {
    const item = quote([
      call('late', '2027-03-16T10:00:00+01:00', 120, { destination: '+33612345678' }),
      call('early', '2027-03-16T09:00:00+01:00', 7170, { destination: '+33612345678' }),
    ]);
    // 7,170 s inside the 7,200 s allowance; 30 s of the next call are, its other 90 s are charged at peak 0.30: 0.45.
    expect(callOf(item, 'early')).toMatchObject({ includedSeconds: 7170, charge: { amount: 0n } });
    expect(callOf(item, 'late')).toMatchObject({ includedSeconds: 30, charge: { amount: 45n } });
    expect(euros(lineOf(item, 'national-calls'))).toBe(0.45);
  });

  it('international calls are charged per started minute, at most 10.00 a call, and never draw on the national allowance', () => {
    const item = quote([call('de', '2027-03-16T10:00:00+01:00', 61, { destination: '+49301234567' }), call('long', '2027-03-16T11:00:00+01:00', 3600, { destination: '+12125550100' })]);
    expect(callOf(item, 'de')).toMatchObject({ zone: 'eu-eea', chargedSeconds: 120, charge: { amount: 240n } });
    expect(callOf(item, 'long')).toMatchObject({ zone: 'world-1', charge: { amount: 1000n } });
    expect(euros(lineOf(item, 'international-calls'))).toBe(12.4);
    expect(lineOf(item, 'national-calls')).toBeUndefined();
  });

  it('premium numbers beat the national zone by longest prefix: 61 s at 1.50 a second… a minute is 0.025 a second', () => {
    const item = quote([call('p', '2027-03-16T10:00:00+01:00', 61, { destination: '+33892680000' })]);
    // 61 × 1.50 = 91.50 at 1.50 per second, plus the 0.50 connect fee.
    expect(callOf(item, 'p')).toMatchObject({ zone: 'premium', connectFee: { amount: 50n }, charge: { amount: 9200n } });
  });

  it('roaming: in the EU it is priced (and included) like home; elsewhere the roaming price wins by its weight, 30/30', () => {
    const item = quote([
      call('eu', '2027-03-20T12:00:00+01:00', 60, { destination: '+33612345678', visitedCountry: 'DE' }),
      call('ch', '2027-03-16T12:00:00+01:00', 31, { destination: '+33612345678', visitedCountry: 'CH' }),
      call('swisscom', '2027-03-16T13:00:00+01:00', 31, { destination: '+33612345678', visitedCountry: 'CH', visitedNetwork: '228-01' }),
    ]);
    expect(callOf(item, 'eu')).toMatchObject({ zone: 'national-mobile', roamingZone: 'roam-eu-eea', includedSeconds: 60 });
    expect(callOf(item, 'ch')).toMatchObject({ roamingZone: 'roam-world', chargedSeconds: 60, charge: { amount: 250n } });
    // From 2027 the Swisscom agreement puts that network in the EU roaming zone.
    expect(callOf(item, 'swisscom')).toMatchObject({ roamingZone: 'roam-eu-eea', includedSeconds: 60 });
  });

  it('a record no price applies to, or that the table cannot zone, is unrated with the reason; data is rated as always', () => {
    const item = quote([
      call('antarctica', '2027-03-16T12:00:00+01:00', 60, { destination: '+33612345678', visitedCountry: 'AQ' }),
      call('incoming-world', '2027-03-16T12:00:00+01:00', 60, { destination: '+12125550100', visitedCountry: 'DE' }),
      { quantity: 12, units: 'GB' },
    ]);
    expect(item.unratedUsage).toEqual([
      { index: 0, id: 'antarctica', reason: 'visited country AQ has no roaming zone in zone table Demo operator zones in force at 2027-03-16T11:00:00.000Z' },
      { index: 1, id: 'incoming-world', reason: 'no usage price applies to second usage to zone world-1 roaming in roam-eu-eea' },
    ]);
    expect(euros(lineOf(item, 'data'))).toBe(4);
  });

  it('a zone table version never changes the zones of usage dated before it', () => {
    const in2026 = quote([call('swisscom', '2026-06-16T13:00:00+02:00', 31, { destination: '+33612345678', visitedNetwork: '228-01', visitedCountry: 'CH' })]);
    expect(callOf(in2026, 'swisscom')).toMatchObject({ roamingZone: 'roam-world' });
  });

  it('a freephone call costs nothing (a price that only chooses, charging no call on its own) and a call of 0 seconds still pays its connect fee', () => {
    const item = quote([call('free', '2027-03-16T10:00:00+01:00', 300, { destination: '+33800123456' }), call('zero', '2027-03-16T22:00:00+01:00', 0, { destination: '+33892680000' })]);
    expect(lineOf(item, 'freephone-calls')).toMatchObject({ amount: { dutyFree: { amount: 0n } }, ratedUsage: { indexes: [0], zones: [{ zone: 'freephone', roamingZone: 'home' }] } });
    expect(callOf(item, 'zero')).toMatchObject({ durationSeconds: 0, charge: { amount: 50n } });
  });

  it('durations round up to the whole second; clock durations read as on a phone bill', () => {
    expect(callSeconds(decimal('1.5'), 'minute')).toBe(90);
    expect(callSeconds(decimal('61.2'), 'second')).toBe(62);
    expect(clockDuration(3725)).toBe('62:05');
  });
});

describe('properties', () => {
  const destinations = ['+33145678901', '+33612345678', '+33892680000', '+49301234567', '+12125550100', '+33800123456'];
  const visits = [{}, { visitedCountry: 'DE' }, { visitedCountry: 'CH' }, { visitedCountry: 'CH', visitedNetwork: '228-01' }];
  const calls = fc.array(
    fc.record({
      destination: fc.constantFrom(...destinations),
      visit: fc.constantFrom(...visits),
      start: fc.integer({ min: Date.parse('2027-03-01T00:00:00Z'), max: Date.parse('2027-03-30T23:00:00Z') }),
      seconds: fc.integer({ min: 0, max: 4000 }),
    }),
    { maxLength: 40 },
  );
  const usageOf = (generated: { destination: string; visit: object; start: number; seconds: number }[]): UsageToQuote[] =>
    generated.map((each, index) => call(`c${index}`, new Date(each.start).toISOString(), each.seconds, { destination: each.destination, ...each.visit }));

  it('per-record charges add up to their line to the cent, period adjustments included', () => {
    fc.assert(
      fc.property(calls, (generated) => {
        const item = quote(usageOf(generated));
        for (const line of item.lines) {
          if (!line.ratedUsage?.calls) continue;
          const sum = line.ratedUsage.calls.reduce((total, rated) => total + rated.charge.amount, 0n) + (line.ratedUsage.periodAdjustment?.amount ?? 0n);
          expect(sum).toBe(line.amount.dutyFree.amount);
          for (const rated of line.ratedUsage.calls) expect(rated.parts.reduce((total, part) => total + part.charge.amount, 0n)).toBe(rated.charge.amount);
        }
      }),
    );
  });

  it('the same records in any order give the same lines', () => {
    fc.assert(
      fc.property(calls.chain((generated) => fc.tuple(fc.constant(generated), fc.shuffledSubarray(usageOf(generated), { minLength: generated.length }))), ([generated, shuffled]) => {
        const amounts = (item: QuoteItem) => item.lines.map((line) => [line.productOfferingPrice.id, line.amount.dutyFree.amount]);
        expect(amounts(quote(shuffled))).toEqual(amounts(quote(usageOf(generated))));
      }),
    );
  });
});
