import { describe, expect, it } from 'vitest';
import { usageSummary, usageSummarySchema, usageSummaryWindows, type UsageSummaryRecord, type UsageSummaryWindow } from '../../../../domain/usage/usage-summary.js';
import { catalog, paris, pricing, record, term } from './usage-summary-fixtures.js';

const iso = (instant: number) => new Date(instant).toISOString();
const windowsOf = (windows: UsageSummaryWindow[]) => windows.map((window) => ({ which: window.which, start: iso(window.start), end: iso(window.end), last: iso(window.last), asOf: iso(window.asOf) }));

/** Mobile M sold on 16 January 2027 at 10:00 in Paris, billed on the 1st. */
const soldAt = '2027-01-16T09:00:00.000Z';
const mobileM = { id: 'prod-1', name: 'Mobile M', terms: [term('mobile-m', soldAt)] };

function summarise(now: string, records: readonly UsageSummaryRecord[], options: { more?: boolean; terms?: typeof mobileM.terms; lastBillAt?: string } = {}) {
  const terms = options.terms ?? mobileM.terms;
  const windows = usageSummaryWindows({ cycle: paris, now, lastBillAt: options.lastBillAt, terms });
  const summary = usageSummary({
    product: { ...mobileM, terms },
    cycle: paris,
    periods: windows.map((window) => ({ window, records: records.filter((each) => Date.parse(each.usageDate) >= window.start && Date.parse(each.usageDate) <= window.last), more: options.more ?? false })),
    pricing,
  });
  expect(usageSummarySchema.safeParse(summary).error?.issues).toBeUndefined();
  return summary;
}

describe('the periods of a usage summary: the billing period of the customer’s now, and the one before', () => {
  it('the current period contains now, the previous one ends where it starts, both local midnights of the cycle day', () => {
    expect(windowsOf(usageSummaryWindows({ cycle: paris, now: '2027-02-10T12:00:00.000Z', terms: mobileM.terms }))).toEqual([
      { which: 'current', start: '2027-01-31T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z', last: '2027-02-10T12:00:00.000Z', asOf: '2027-02-10T12:00:00.000Z' },
      { which: 'previous', start: '2026-12-31T23:00:00.000Z', end: '2027-01-31T23:00:00.000Z', last: '2027-01-31T22:59:59.999Z', asOf: '2027-01-31T23:00:00.000Z' },
    ]);
  });

  it('no previous period when the product did not exist in it: sold in the current one, or ended before the previous one', () => {
    expect(usageSummaryWindows({ cycle: paris, now: '2027-01-20T12:00:00.000Z', terms: mobileM.terms }).map((window) => window.which)).toEqual(['current']);
    const ended = [term('mobile-m', soldAt, '2027-01-20T09:00:00.000Z')];
    expect(usageSummaryWindows({ cycle: paris, now: '2027-03-10T12:00:00.000Z', terms: ended }).map((window) => window.which)).toEqual(['current']);
    expect(usageSummaryWindows({ cycle: paris, now: '2027-02-10T12:00:00.000Z', terms: ended }).map((window) => window.which)).toEqual(['current', 'previous']);
    expect(usageSummaryWindows({ cycle: paris, now: '2027-02-10T12:00:00.000Z', terms: [] }).map((window) => window.which)).toEqual(['current']);
  });

  it('an off-cycle bill dated in the current cycle starts the current period; the cycle before it is the previous one', () => {
    const windows = usageSummaryWindows({ cycle: paris, now: '2027-02-20T12:00:00.000Z', lastBillAt: '2027-02-10T15:00:00.000Z', terms: mobileM.terms });
    expect(windowsOf(windows).map(({ which, start, end }) => ({ which, start, end }))).toEqual([
      { which: 'current', start: '2027-02-10T15:00:00.000Z', end: '2027-02-28T23:00:00.000Z' },
      { which: 'previous', start: '2027-01-31T23:00:00.000Z', end: '2027-02-10T15:00:00.000Z' },
    ]);
    // The regular bill of the cycle's start changes nothing.
    expect(iso(usageSummaryWindows({ cycle: paris, now: '2027-02-20T12:00:00.000Z', lastBillAt: '2027-01-31T23:00:00.000Z', terms: mobileM.terms })[0]!.start)).toBe('2027-01-31T23:00:00.000Z');
  });
});

describe('a usage summary: per usage price, the allowance, what was used and left, per calendar day', () => {
  const records = [
    record('2027-02-02T10:00:00+01:00', '1.5', 'GB'),
    // 23:30 in Paris is still 2 February there, though 3 February has begun nowhere in UTC either: 22:30Z.
    record('2027-02-02T23:30:00+01:00', '500', 'MB'),
    record('2027-02-05T08:00:00+01:00', '12.345', 'GB'),
    record('2027-02-03T08:00:00+01:00', '100', 'GB', { status: 'rejected' }),
    record('2027-02-03T09:00:00+01:00', '100', 'GB', { status: 'recycled' }),
    record('2027-02-04T09:00:00+01:00', '3', 'SMS', { status: 'billed' }),
    record('2027-02-04T10:00:00+01:00', '90', 'second', { direction: 'outgoing' }),
    record('2027-02-04T11:00:00+01:00', '1', 'minute', { direction: 'incoming' }),
  ];
  const now = '2027-02-06T11:00:00.000Z';

  it('counts the rated and billed records in the price’s unit, the day of each in the account’s zone, zeros on the other days', () => {
    const summary = summarise(now, records);
    expect(summary.product).toEqual({ id: 'prod-1', name: 'Mobile M' });
    expect(summary.timeZone).toBe('Europe/Paris');
    const current = summary.periods[0]!;
    expect(current).toMatchObject({ which: 'current', start: '2027-01-31T23:00:00.000Z', end: '2027-02-28T23:00:00.000Z', asOf: now, truncated: false });
    expect(current.usage.map((entry) => entry.usagePrice.name)).toEqual(['Mobile M data overage', 'SMS', 'Outgoing calls', 'Incoming calls']);
    const [data, sms, outgoing, incoming] = current.usage;
    expect(data).toEqual({
      usageType: 'data',
      usagePrice: { id: 'mobile-m-data', name: 'Mobile M data overage' },
      productOffering: { id: 'mobile-m', name: 'Mobile M' },
      validFor: { startDateTime: '2027-01-31T23:00:00.000Z', endDateTime: '2027-02-28T23:00:00.000Z' },
      unit: 'GB',
      included: '20',
      used: '14.345',
      remainingIncluded: '5.655',
      days: [
        { date: '2027-02-01', quantity: '0' },
        { date: '2027-02-02', quantity: '2' },
        { date: '2027-02-03', quantity: '0' },
        { date: '2027-02-04', quantity: '0' },
        { date: '2027-02-05', quantity: '12.345' },
        { date: '2027-02-06', quantity: '0' },
      ],
    });
    expect(sms).toMatchObject({ usageType: 'SMS', unit: 'SMS', included: '0', used: '3', remainingIncluded: '0' });
    expect(sms!.days.find((day) => day.date === '2027-02-04')!.quantity).toBe('3');
    // Prices that choose by the record's attributes get the records the quote gives them: 90 s outgoing is 1.5 of the 100 minutes included.
    expect(outgoing).toMatchObject({ usageType: 'time', unit: 'minute', included: '100', used: '1.5', remainingIncluded: '98.5' });
    expect(incoming).toMatchObject({ unit: 'minute', included: '0', used: '1', remainingIncluded: '0' });
  });

  it('the previous period is whole, every day of it, asOf its end; the product’s days before its sale are zeros', () => {
    const january = [record('2027-01-20T12:00:00+01:00', '25', 'GB'), record('2027-01-31T23:59:00+01:00', '1', 'GB'), record('2027-02-01T00:00:00+01:00', '2', 'GB')];
    const previous = summarise(now, january).periods[1]!;
    expect(previous).toMatchObject({ which: 'previous', start: '2026-12-31T23:00:00.000Z', end: '2027-01-31T23:00:00.000Z', asOf: '2027-01-31T23:00:00.000Z', truncated: false });
    const [data] = previous.usage;
    expect(data).toMatchObject({ used: '26', included: '20', remainingIncluded: '0', validFor: { startDateTime: soldAt, endDateTime: '2027-01-31T23:00:00.000Z' } });
    expect(data!.days).toHaveLength(31);
    expect(data!.days[0]).toEqual({ date: '2027-01-01', quantity: '0' });
    expect(data!.days.filter((day) => day.quantity !== '0')).toEqual([
      { date: '2027-01-20', quantity: '25' },
      { date: '2027-01-31', quantity: '1' },
    ]);
    // Only the prices with an allowance show in a period without their usage.
    expect(previous.usage.map((entry) => entry.usagePrice.id)).toEqual(['mobile-m-data', 'outgoing-calls']);
    expect(previous.usage[1]).toMatchObject({ used: '0', included: '100', remainingIncluded: '100' });
  });

  it('a price with an allowance and no usage appears, used 0, every day 0', () => {
    const summary = summarise('2027-02-03T08:00:00.000Z', []);
    const current = summary.periods[0]!;
    expect(current.usage.map((entry) => [entry.usagePrice.id, entry.used, entry.remainingIncluded])).toEqual([
      ['mobile-m-data', '0', '20'],
      ['outgoing-calls', '0', '100'],
    ]);
    expect(current.usage[0]!.days).toEqual([
      { date: '2027-02-01', quantity: '0' },
      { date: '2027-02-02', quantity: '0' },
      { date: '2027-02-03', quantity: '0' },
    ]);
  });

  it('seconds against a per-minute price: the days are the growth of the rated total, so they add up to it exactly', () => {
    const calls = ['2027-02-01', '2027-02-02', '2027-02-03'].map((day) => record(`${day}T10:00:00+01:00`, '10', 'second', { direction: 'outgoing' }));
    const outgoing = summarise('2027-02-03T12:00:00.000Z', calls).periods[0]!.usage.find((entry) => entry.usagePrice.id === 'outgoing-calls')!;
    expect(outgoing.used).toBe('0.5');
    expect(outgoing.days.map((day) => day.quantity)).toEqual(['0.166666666667', '0.166666666666', '0.166666666667']);
  });

  it('a plan change mid-period: each term its own entries, allowances whole, records by the term they fall in', () => {
    const change = '2027-02-10T12:00:00.000Z';
    const terms = [term('mobile-m', soldAt, change), term('mobile-l', change)];
    const summary = summarise('2027-02-12T12:00:00.000Z', [record('2027-02-09T10:00:00+01:00', '18', 'GB'), record('2027-02-11T10:00:00+01:00', '30', 'GB')], { terms });
    const current = summary.periods[0]!;
    expect(current.usage.map((entry) => [entry.productOffering.name, entry.usagePrice.id, entry.included, entry.used, entry.remainingIncluded, entry.validFor])).toEqual([
      ['Mobile M', 'mobile-m-data', '20', '18', '2', { startDateTime: '2027-01-31T23:00:00.000Z', endDateTime: change }],
      ['Mobile M', 'outgoing-calls', '100', '0', '100', { startDateTime: '2027-01-31T23:00:00.000Z', endDateTime: change }],
      ['Mobile L', 'mobile-l-data', '50', '30', '20', { startDateTime: change, endDateTime: '2027-02-28T23:00:00.000Z' }],
    ]);
    expect(current.usage[2]!.days.find((day) => day.date === '2027-02-11')!.quantity).toBe('30');
    expect(current.usage[2]!.days.find((day) => day.date === '2027-02-09')!.quantity).toBe('0');
  });

  it('a period read only in part (more records than the bound) stops at the start of the last day read, and says so', () => {
    const read = [record('2027-02-02T10:00:00+01:00', '1', 'GB'), record('2027-02-05T08:00:00+01:00', '2', 'GB'), record('2027-02-05T09:00:00+01:00', '3', 'GB')];
    const current = summarise(now, read, { more: true }).periods[0]!;
    expect(current).toMatchObject({ truncated: true, asOf: '2027-02-04T23:00:00.000Z' });
    expect(current.usage[0]).toMatchObject({ used: '1' });
    expect(current.usage[0]!.days.map((day) => day.date)).toEqual(['2027-02-01', '2027-02-02', '2027-02-03', '2027-02-04']);
  });

  it('days across the spring change are the zone’s: 31 of them in March, 28 March 23 hours long', () => {
    const march = [record('2027-03-28T01:30:00+01:00', '1', 'GB'), record('2027-03-28T23:30:00+02:00', '2', 'GB'), record('2027-03-29T00:30:00+02:00', '4', 'GB')];
    const current = summarise('2027-03-31T21:59:59.000Z', march).periods[0]!;
    expect(current).toMatchObject({ start: '2027-02-28T23:00:00.000Z', end: '2027-03-31T22:00:00.000Z' });
    const days = current.usage[0]!.days;
    expect(days).toHaveLength(31);
    expect(days.slice(26, 29)).toEqual([
      { date: '2027-03-27', quantity: '0' },
      { date: '2027-03-28', quantity: '3' },
      { date: '2027-03-29', quantity: '4' },
    ]);
  });

  it('shows usage prices only: the offering’s recurring price is no entry', () => {
    expect(catalog.offerings.get('mobile-m')!.productOfferingPrice!.map((each) => each.id)).toContain('mobile-m-monthly');
    const current = summarise(now, records).periods[0]!;
    expect(current.usage.some((entry) => entry.usagePrice.id === 'mobile-m-monthly')).toBe(false);
  });
});
