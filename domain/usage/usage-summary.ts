import { TZDate } from '@date-fns/tz';
import { cycleContaining, toInstant, toIso, type BillingCycle } from '../billing/billing-calendar.js';
import { termCartItem, type ChargeTerm } from '../billing/charge-term.js';
import type { ProductOfferingPrice } from '../catalog/product-offering-price.js';
import { decimal, decimalToString, maxDecimal, subtractDecimals, ZERO, type Decimal } from '../money/decimal.js';
import type { UsageToQuote } from '../pricing/cart.js';
import type { CatalogSnapshot } from '../pricing/catalog-snapshot.js';
import { chargeModelOf, countsMoney } from '../pricing/price-terms.js';
import { prepareItemQuote } from '../pricing/quote-cart.js';
import { unitScale } from '../pricing/units-of-measure.js';
import { createUsageRater } from '../pricing/usage-rating.js';
import type { RatingAttributes } from '../rating/rating-attributes.js';
import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { isChargedUsage, type UsageStatus } from './usage-status.js';

/**
 * A product's usage against its allowances, per day, for its current and previous billing
 * period (docs/usage.md, "Usage summary"): what a customer portal or a mobile app draws as a
 * chart, in one read. Everything is decided as a bill decides it, from the same sources:
 *
 * - the periods are the account's billing periods (domain/billing/billing-calendar.ts), in its
 *   time zone; the current one contains the customer's now (its test clock's when it lives on
 *   one), an off-cycle bill since its start moves its start to that bill's date;
 * - the records counted are the ones billing charges (`isChargedUsage`: rated and billed);
 * - each record counts against the usage prices a quote of its charge term selects and chooses
 *   for it (`PreparedItemQuote.usageCounting`: pinned prices, versions, zones);
 * - quantities are converted into the price's unit by the rating engine itself (a usage rater,
 *   domain/pricing/usage-rating.ts, fed the records day by day), so `used` is exactly the
 *   quantity a bill of the period rates, and the days add up to it;
 * - the allowance is the price's `includedQuantity`, per period, whole, never prorated.
 *
 * Days are the account's calendar days, every one from the period's first to the one `asOf`
 * falls in, zeros included, so a chart needs no gap-filling; a day is 23 or 25 hours long
 * across a daylight-saving change.
 */
export const usageSummaryPath = '/usage/v1/usageSummary';
/** The query parameter naming the product. */
export const usageSummaryProductParameter = 'product.id';

/**
 * At most this many records of one period are read (a product's records in a month: a data
 * session an hour and a few hundred calls are about a thousand). Beyond it the period's summary
 * stops at the start of the day the last record read falls in, says so (`truncated`) and moves
 * its `asOf` there: every figure given stays exact up to that instant.
 */
export const maxRecordsPerPeriod = 10_000;

const decimalText = /* @__PURE__ */ shapeOnFirstUse(() => z.string().check(z.regex(/^\d+(\.\d+)?$/)));
const instant = /* @__PURE__ */ shapeOnFirstUse(() => z.iso.datetime({ offset: true }));
const described = (description: string) => z.meta({ description });

const usageSummaryDaySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  date: z.iso.date().check(described("One of the account's calendar days (YYYY-MM-DD, in its time zone)")),
  quantity: decimalText().check(described("The day's usage, in the entry's unit (decimal text)")),
}));

/** One usage price's figures in a period; the account overview shows them without `days` (domain/billing/account-overview.ts). */
export const usageSummaryEntrySchema = /* @__PURE__ */ shapeOnFirstUse(() => z.strictObject({
  usageType: z.string().check(described('What the price counts: data, time, SMS, MMS, call, event, unit, or money (transactions)')),
  usagePrice: z.strictObject({ id: z.string(), name: z.string() }).check(described('The usage price (TMF620 ProductOfferingPrice) the usage counts against, as a bill rates it')),
  productOffering: z.strictObject({ id: z.string(), name: z.string() }).check(described("The offering of the charge term the price belongs to: a plan change mid-period gives each term's prices their own entries")),
  validFor: z.strictObject({ startDateTime: instant(), endDateTime: instant() }).check(described('The part of the period the term covers')),
  unit: z.string().check(described("The price's unit of measure: the unit of every quantity of the entry (usage in MB counts in GB, in seconds in minutes)")),
  included: decimalText().check(described("The allowance (the price's includedQuantity): per period, whole, never prorated; 0 without one")),
  used: decimalText().check(described('The usage of the period up to asOf: the quantity a bill of the period rates')),
  remainingIncluded: decimalText().check(described('max(0, included − used)')),
  days: z.array(usageSummaryDaySchema).check(described("Every calendar day of the period up to asOf's, zeros included; they add up to used")),
}));

const usageSummaryPeriodSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  which: z.enum(['current', 'previous']).check(described("current: the billing period the customer's now falls in (its test clock's when it lives on one); previous: the one before it, absent when the product had no term then")),
  start: instant(),
  end: instant().check(described('Exclusive: the next bill is dated here')),
  asOf: instant().check(described("Usage is counted up to this instant: the customer's now in the current period, the end in the previous one")),
  truncated: z.boolean().check(described(`true when the period holds more than ${maxRecordsPerPeriod} records: it is then summarised up to asOf, the start of the day of the last record read`)),
  usage: z.array(usageSummaryEntrySchema()).check(described('One entry per usage price of the period\'s charge terms that has an allowance or counted some usage, in the order a quote lists them')),
}));

/** The answer of GET /usage/v1/usageSummary; the OpenAPI document publishes it as the route's response. */
export const usageSummarySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  product: z.strictObject({ id: z.string(), name: z.string() }),
  timeZone: z.string().check(described("The account's time zone: periods and days are its")),
  periods: z.array(usageSummaryPeriodSchema),
}));

export type UsageSummary = z.infer<typeof usageSummarySchema>;
export type UsageSummaryPeriod = z.infer<typeof usageSummaryPeriodSchema>;
export type UsageSummaryEntry = z.infer<ReturnType<typeof usageSummaryEntrySchema>>;
export type UsageSummaryDay = z.infer<typeof usageSummaryDaySchema>;

/** One billing period to summarise, in epoch milliseconds. */
export interface UsageSummaryWindow {
  which: 'current' | 'previous';
  start: number;
  /** Exclusive. */
  end: number;
  /** The last instant counted, inclusive: the customer's now in the current period, the end's previous millisecond in the previous one. */
  last: number;
  /** What the answer calls it: the customer's now, or the end of a period over. */
  asOf: number;
}

/**
 * The current period (the one `now` falls in) and, when the product had a charge term in it, the
 * previous one. A bill closes the period since the previous bill (docs/billing.md, "Periods"): an
 * off-cycle bill dated in the current cycle before now (`lastBillAt`) starts the current period,
 * and the part of the cycle before it is the previous period.
 */
export function usageSummaryWindows(input: { cycle: BillingCycle; now: string; lastBillAt?: string | undefined; terms: readonly Pick<ChargeTerm, 'from' | 'to'>[] }): UsageSummaryWindow[] {
  const now = toInstant(input.now);
  const cycle = cycleContaining(input.cycle, now);
  const lastBill = input.lastBillAt === undefined ? undefined : toInstant(input.lastBillAt);
  const start = lastBill !== undefined && lastBill > cycle.start && lastBill <= now ? lastBill : cycle.start;
  const current: UsageSummaryWindow = { which: 'current', start, end: cycle.end, last: now, asOf: now };
  const previousStart = cycleContaining(input.cycle, start - 1).start;
  const existed = input.terms.some((term) => toInstant(term.from) < start && (term.to === undefined || toInstant(term.to) > previousStart));
  return existed ? [current, { which: 'previous', start: previousStart, end: start, last: start - 1, asOf: start }] : [current];
}

/** A stored record as the summary reads it. */
export interface UsageSummaryRecord {
  id: string;
  /** ISO instant. */
  usageDate: string;
  status: UsageStatus;
  /** Decimal text, in `unit`. */
  quantity: string;
  unit: string;
  /** What prices with `rating` choose by (destination, roaming, direction, service type). */
  attributes?: RatingAttributes | undefined;
}

/** What summarising any period of a product needs: the product with its terms, the account's calendar, and what a quote of a term needs. */
export interface UsageSummarySubject {
  product: { id: string; name: string; terms: readonly ChargeTerm[] };
  cycle: BillingCycle;
  /** What a quote of a term needs: the account's currency, the customer's segment, the terms' catalog (zone tables included). */
  pricing: { currency: string; customerSegment?: string | undefined; catalog: CatalogSnapshot };
}

export interface UsageSummaryInput extends UsageSummarySubject {
  /** Each window with the product's records dated in it (from its start to its last instant) as read, and whether the read stopped at `maxRecordsPerPeriod` with more left. */
  periods: readonly { window: UsageSummaryWindow; records: readonly UsageSummaryRecord[]; more: boolean }[];
}

export function usageSummary(input: UsageSummaryInput): UsageSummary {
  return {
    product: { id: input.product.id, name: input.product.name },
    timeZone: input.cycle.timeZone,
    periods: input.periods.map(({ window, records, more }) => usageSummaryPeriod(input, window, records, more)),
  };
}

/**
 * One cart item per offering, bundle choice and pinned prices the terms were sold at: the catalog
 * a quote of each term reads (what `pricing.catalog` must hold), for one product's terms or
 * several products' (two sales of an offering may pin different versions of its prices).
 */
export function usageSummaryCatalogItems(terms: readonly ChargeTerm[]) {
  const distinct = new Map(terms.map((term) => [JSON.stringify([term.productOffering.id, term.bundledItem ?? null, term.pinnedPrice]), term]));
  return [...distinct.values()].map((term, index) => termCartItem(term, String(index + 1), 1));
}

/**
 * Whether a term of the product covering some of the window has a usage price with a unit: what
 * could count usage there. A product without one has no usage to summarise, and its records need
 * not be read.
 */
export function hasUsagePrices(subject: UsageSummarySubject, window: Pick<UsageSummaryWindow, 'start' | 'last'>): boolean {
  return termsIn(subject.product.terms, window.start, window.last).some((term) => termUsageCounting(subject, term, []).prices.some((price) => price.unitOfMeasure !== undefined));
}

/** The terms that cover some of [start, last]. */
function termsIn(terms: readonly ChargeTerm[], start: number, last: number): ChargeTerm[] {
  return terms.filter((term) => toInstant(term.from) <= last && (term.to === undefined || toInstant(term.to) > start));
}

interface DatedRecord {
  record: UsageSummaryRecord;
  at: number;
}

/** One period of the product: its records (as read, with whether the read stopped with more left) against the usage prices of its terms. */
export function usageSummaryPeriod(input: UsageSummarySubject, window: UsageSummaryWindow, records: readonly UsageSummaryRecord[], more: boolean): UsageSummaryPeriod {
  const { timeZone } = input.cycle;
  const dated = records.map((record) => ({ record, at: toInstant(record.usageDate) })).sort(byDateThenId);
  let last = window.last;
  let asOf = window.asOf;
  if (more && dated.length > 0) {
    // The read stopped inside the day of its last record: that day and after are left out whole.
    const cut = Math.max(window.start, localDayStart(dated[dated.length - 1]!.at, timeZone));
    last = cut - 1;
    asOf = cut;
  }
  const days = calendarDays(window.start, last, timeZone);
  const charged = dated.filter(({ record, at }) => at >= window.start && at <= last && isChargedUsage(record.status));
  const usage: UsageSummaryEntry[] = [];
  for (const term of termsIn(input.product.terms, window.start, last)) {
    const from = toInstant(term.from);
    const to = term.to === undefined ? Number.POSITIVE_INFINITY : toInstant(term.to);
    const ofTerm = charged.filter(({ at }) => at >= from && at < to);
    usage.push(...termEntries(input, term, { start: Math.max(window.start, from), end: Math.min(window.end, to) }, ofTerm, days));
  }
  return { which: window.which, start: toIso(window.start), end: toIso(window.end), asOf: toIso(asOf), truncated: more, usage };
}

/**
 * The entries of one term in the period: one per usage price the term's quote selects that has
 * an allowance or counted some record, in the quote's order.
 */
function termEntries(input: UsageSummarySubject, term: ChargeTerm, covered: { start: number; end: number }, records: readonly DatedRecord[], days: readonly CalendarDay[]): UsageSummaryEntry[] {
  const counting = termUsageCounting(input, term, records);
  const entries: UsageSummaryEntry[] = [];
  for (const price of counting.prices) {
    const counted = counting.counted.get(price) ?? noPositions;
    // A usage price without a unit counts nothing (countsUsageIn) and has nothing to show.
    if (price.unitOfMeasure === undefined || (counted.length === 0 && !(price.includedQuantity !== undefined && price.includedQuantity > 0))) continue;
    entries.push(priceEntry(price, term, covered, counted.map((index) => records[index]!), days));
  }
  return entries;
}

/**
 * One price's figures: the records fed to the price's rater day by day, each day the growth of
 * the rated total, so the days add up to `used` exactly (a second is 1/60 of a minute: the rater
 * rounds its total, never the days apart).
 */
function priceEntry(price: ProductOfferingPrice, term: ChargeTerm, covered: { start: number; end: number }, records: readonly DatedRecord[], days: readonly CalendarDay[]): UsageSummaryEntry {
  const rater = createUsageRater(price);
  const quantities: UsageSummaryDay[] = [];
  let before: Decimal = ZERO;
  let next = 0;
  days.forEach((day, index) => {
    const end = days[index + 1]?.start ?? Number.POSITIVE_INFINITY;
    let rated = false;
    while (next < records.length && records[next]!.at < end) {
      rater.rate(decimal(records[next]!.record.quantity), records[next]!.record.unit);
      next += 1;
      rated = true;
    }
    const total = rated ? rater.total().quantity : before;
    quantities.push({ date: day.date, quantity: decimalToString(subtractDecimals(total, before)) });
    before = total;
  });
  const included = decimal(price.includedQuantity ?? 0);
  const units = price.unitOfMeasure!.units;
  return {
    usageType: countsMoney(chargeModelOf(price)) ? 'money' : (unitScale(units)?.dimension ?? units),
    usagePrice: { id: price.id, name: price.name },
    productOffering: { id: term.productOffering.id, name: term.productOffering.name },
    validFor: { startDateTime: toIso(covered.start), endDateTime: toIso(covered.end) },
    unit: units,
    included: decimalToString(included),
    used: decimalToString(before),
    remainingIncluded: decimalToString(maxDecimal(ZERO, subtractDecimals(included, before))),
    days: quantities,
  };
}

/** The usage prices a quote of the term selects, and which of the records each counts. */
function termUsageCounting(input: UsageSummarySubject, term: ChargeTerm, records: readonly DatedRecord[]) {
  const { pricing } = input;
  const prepared = prepareItemQuote(
    { currency: pricing.currency, at: term.from, ...(pricing.customerSegment ? { customerSegment: pricing.customerSegment } : {}), timeZone: input.cycle.timeZone },
    termCartItem(term, '1', 1),
    pricing.catalog,
    noTaxRates,
  );
  return prepared.usageCounting(records.map(({ record }) => toQuotedUsage(record)));
}

function toQuotedUsage(record: UsageSummaryRecord): UsageToQuote {
  // The quantity only tells a period marker (0 without a date) from a record here; the rater reads the decimal text.
  return { quantity: Number(record.quantity), units: record.unit, id: record.id, usageDate: record.usageDate, ...(record.attributes ? { attributes: record.attributes } : {}) };
}

const byDateThenId = (a: DatedRecord, b: DatedRecord) => a.at - b.at || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0);
/** Counting prices taxes nothing: no quote line is priced. */
const noTaxRates: ReadonlyMap<string, Decimal> = new Map();
const noPositions: readonly number[] = [];

export interface CalendarDay {
  /** YYYY-MM-DD in the time zone. */
  date: string;
  /** Epoch ms of its local midnight (the first instant after it where midnight does not exist). */
  start: number;
}

/** The local days from the one `first` falls in to the one `last` falls in, both included; none when `last` is before `first`. */
export function calendarDays(first: number, last: number, timeZone: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  if (last < first) return days;
  const local = new TZDate(first, timeZone);
  let [year, month, day] = [local.getFullYear(), local.getMonth(), local.getDate()];
  for (;;) {
    const start = new TZDate(year, month, day, timeZone);
    if (start.getTime() > last) return days;
    [year, month, day] = [start.getFullYear(), start.getMonth(), start.getDate()];
    days.push({ date: `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`, start: start.getTime() });
    day += 1;
  }
}

/** The start of the local day `instant` falls in. */
function localDayStart(instant: number, timeZone: string): number {
  const local = new TZDate(instant, timeZone);
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), timeZone).getTime();
}

/** January 2027 in Paris, day by day: 0 but the days given. */
const januaryDays = (used: Readonly<Record<string, string>>): UsageSummaryDay[] =>
  Array.from({ length: 31 }, (_, index) => {
    const date = `2027-01-${String(index + 1).padStart(2, '0')}`;
    return { date, quantity: used[date] ?? '0' };
  });

/**
 * The API reference's example of the answer, as the local runtime gave it in
 * test/e2e/usage-summary-journey.test.ts: Mobile M sold on 16 January 2027 in Paris, 5.25 GB
 * used in January (billed on 1 February), 0.75 GB on 2 February, asked on 3 February at noon.
 */
export const usageSummaryExample: UsageSummary = {
  product: { id: '294b5c84-2b17-43d0-a3ff-666ed4f8ddf9-1', name: 'Mobile M' },
  timeZone: 'Europe/Paris',
  periods: [
    {
      which: 'current',
      start: '2027-01-31T23:00:00.000Z',
      end: '2027-02-28T23:00:00.000Z',
      asOf: '2027-02-03T11:00:00.000Z',
      truncated: false,
      usage: [
        {
          usageType: 'data',
          usagePrice: { id: '48ca8cb2-6a20-4e5e-a0bd-9b03fd22636f', name: 'Mobile M data overage' },
          productOffering: { id: '39b4dae0-688b-4815-931b-4929c00c6d27', name: 'Mobile M' },
          validFor: { startDateTime: '2027-01-31T23:00:00.000Z', endDateTime: '2027-02-28T23:00:00.000Z' },
          unit: 'GB',
          included: '20',
          used: '0.75',
          remainingIncluded: '19.25',
          days: [
            { date: '2027-02-01', quantity: '0' },
            { date: '2027-02-02', quantity: '0.75' },
            { date: '2027-02-03', quantity: '0' },
          ],
        },
      ],
    },
    {
      which: 'previous',
      start: '2026-12-31T23:00:00.000Z',
      end: '2027-01-31T23:00:00.000Z',
      asOf: '2027-01-31T23:00:00.000Z',
      truncated: false,
      usage: [
        {
          usageType: 'data',
          usagePrice: { id: '48ca8cb2-6a20-4e5e-a0bd-9b03fd22636f', name: 'Mobile M data overage' },
          productOffering: { id: '39b4dae0-688b-4815-931b-4929c00c6d27', name: 'Mobile M' },
          validFor: { startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: '2027-01-31T23:00:00.000Z' },
          unit: 'GB',
          included: '20',
          used: '5.25',
          remainingIncluded: '14.75',
          days: januaryDays({ '2027-01-20': '2', '2027-01-22': '3.25' }),
        },
      ],
    },
  ],
};
