import { addDecimals, decimal, decimalToNumber, decimalToString, ZERO, type Decimal } from '../money/decimal.js';
import { isZeroMoney, subtractMoney, type Money } from '../money/money.js';
import { isKnownUnitOfMeasure } from '../pricing/units-of-measure.js';
import { countsUsageIn, createUsageRater, eventsDescription } from '../pricing/usage-rating.js';
import { toInstant, type BillingCycle } from './billing-calendar.js';
import { promotionEndsOf, promotionPeriodAt } from './promotion-periods.js';
import { coverageOf, discountNote, taxedLineAmount, type BillLine, type Interval } from './bill-line.js';
import type { ChargedProduct, ChargeTerm } from './charge-term.js';
import type { PricedLine, TermPricer } from './term-pricing.js';

/**
 * The usage charges one bill carries (docs/billing.md, "Usage"): the usage of the period the
 * bill closes, rated in arrears against each term's usage prices on the period's total
 * (allowances per period, whole, never prorated; every charge model is the pricing engine's),
 * and the late usage of periods already billed, rated as the change it makes to its period's
 * charge: an issued bill is never changed, the difference goes on this one, with the old
 * period as its coverage. Usage counted in money is rated record by record, each a transaction
 * (see usageEntries); late transactions count after the ones their period already billed.
 */
export interface UsageRecordToBill {
  id: string;
  productId: string;
  /** ISO instant. */
  usageDate: string;
  /** Decimal text, so no quantity passes through a float. */
  quantity: string;
  units: string;
}

/** What one bill rated for one term of a product in one period: the quantities, per unit. Earlier bills' add up. */
export interface BilledUsage {
  productId: string;
  termFrom: string;
  periodStart: string;
  quantities: { quantity: string; units: string }[];
}

export interface UsageChargeInput {
  cycle: BillingCycle;
  /** The period the bill closes: from the previous bill's date (or the cycle's start) to the bill date. */
  period: Interval;
  products: readonly ChargedProduct[];
  pricer: TermPricer;
  /** Unbilled records dated before the bill date. */
  records: readonly UsageRecordToBill[];
  /** The periods of earlier bills that late records fall in. */
  earlierPeriods: readonly Interval[];
  billed: readonly BilledUsage[];
}

/** A record's share of the charge, per usage price it counted against (before discounts). */
export interface RecordCharge {
  priceId: string;
  priceName: string;
  charge: Money;
  taxRate: Decimal;
  taxIncluded: boolean;
}

export interface UsageCharges {
  lines: BillLine[];
  /** Every record this bill rates, with its share. */
  recordCharges: Map<string, RecordCharge[]>;
  /** What this bill rated, per term and period (to add to what earlier bills rated). */
  billed: BilledUsage[];
  /** Records no term of their product covers, or of a period no bill had: left for a person. */
  unbillable: { id: string; reason: string }[];
}

interface UsageGroup {
  product: ChargedProduct;
  term: ChargeTerm;
  period: Interval;
  late: boolean;
  records: UsageRecordToBill[];
}

export function usageCharges(input: UsageChargeInput): UsageCharges {
  const { groups, unbillable } = groupRecords(input);
  const result: UsageCharges = { lines: [], recordCharges: new Map(), billed: [], unbillable };
  for (const group of groups) rateGroup(input, group, result);
  return result;
}

function groupRecords(input: UsageChargeInput): { groups: UsageGroup[]; unbillable: UsageCharges['unbillable'] } {
  const current = input.period;
  const groups = new Map<string, UsageGroup>();
  const unbillable: UsageCharges['unbillable'] = [];
  const groupFor = (product: ChargedProduct, term: ChargeTerm, period: Interval, late: boolean) => {
    const key = `${product.id}|${term.from}|${period.start}`;
    let group = groups.get(key);
    if (!group) {
      group = { product, term, period, late, records: [] };
      groups.set(key, group);
    }
    return group;
  };
  // Every term that overlaps the closing period owes that period's usage charge, minimums included, records or not.
  for (const product of input.products) {
    for (const term of product.terms) {
      const from = toInstant(term.from);
      const to = term.to === undefined ? Number.POSITIVE_INFINITY : toInstant(term.to);
      if (from < current.end && to > current.start) groupFor(product, term, current, false);
    }
  }
  const byId = new Map(input.products.map((product) => [product.id, product]));
  const dated = input.records.map((record) => ({ record, at: toInstant(record.usageDate) }));
  dated.sort((a, b) => a.at - b.at || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  for (const { record, at } of dated) {
    const product = byId.get(record.productId);
    const term = product?.terms.find((candidate) => toInstant(candidate.from) <= at && (candidate.to === undefined || at < toInstant(candidate.to)));
    if (!product || !term) {
      unbillable.push({ id: record.id, reason: `product ${record.productId} was not active at ${record.usageDate}` });
      continue;
    }
    if (at >= current.start) {
      groupFor(product, term, current, false).records.push(record);
      continue;
    }
    const period = input.earlierPeriods.find((candidate) => candidate.start <= at && at < candidate.end);
    if (!period) {
      unbillable.push({ id: record.id, reason: `no earlier bill of the account covers ${record.usageDate}` });
      continue;
    }
    groupFor(product, term, period, true).records.push(record);
  }
  return { groups: [...groups.values()], unbillable };
}

function rateGroup(input: UsageChargeInput, group: UsageGroup, result: UsageCharges): void {
  const { term, period, product } = group;
  const periodStart = new Date(period.start).toISOString();
  const billedBefore = input.billed.filter((billed) => billed.productId === product.id && billed.termFrom === term.from && billed.periodStart === periodStart).flatMap((billed) => billed.quantities);
  const before = usageEntries(billedBefore);
  const after = usageEntries([...billedBefore, ...group.records]);
  const periodNumber = promotionPeriodAt(promotionEndsOf(term, input.pricer, input.cycle.timeZone), Math.max(period.start, toInstant(term.from)));
  const usageOf = (entries: UsageEntry[]) => [...zeroUsage(input, term), ...entries.map(({ quantity, units }) => ({ quantity: decimalToNumber(quantity), units }))];
  const ratedAfter = input.pricer.usageLines(term, periodNumber, usageOf(after));
  const ratedBefore = group.late ? input.pricer.usageLines(term, periodNumber, usageOf(before)) : [];

  const coverage = coverageOf({
    start: Math.max(period.start, toInstant(term.from)),
    end: Math.min(period.end, term.to === undefined ? period.end : toInstant(term.to)),
  });
  for (const line of ratedAfter) {
    const earlier = ratedBefore.find((candidate) => candidate.priceId === line.priceId);
    const amount = earlier ? subtractMoney(line.net, earlier.net) : line.net;
    const price = input.pricer.priceTerms(line.priceId);
    const counted = price !== undefined && group.records.some((record) => countsUsageIn(price, record.units));
    // Nothing used and nothing owed (no minimum): no line. Usage within an allowance still shows.
    if (isZeroMoney(amount) && !counted) continue;
    result.lines.push({
      type: 'usage',
      name: line.name,
      description: usageDescription(line, group.late) + discountNote(line),
      product: { id: product.id, name: product.name },
      priceId: line.priceId,
      periodCoverage: coverage,
      taxCategory: line.taxCategory,
      amount: taxedLineAmount(line, amount),
    });
  }
  rateRecords(input, group, billedBefore, ratedAfter, result);
  if (group.records.length > 0) {
    result.billed.push({
      productId: product.id,
      termFrom: term.from,
      periodStart,
      quantities: usageEntries(group.records).map(({ quantity, units }) => ({ quantity: decimalToString(quantity), units })),
    });
  }
}

/**
 * Each record's share, per usage price: what it adds to the period's charge after the records
 * before it (in usage-date order), so the shares add up to the period's charge before discounts.
 */
function rateRecords(input: UsageChargeInput, group: UsageGroup, billedBefore: BilledUsage['quantities'], rated: readonly PricedLine[], result: UsageCharges): void {
  for (const line of rated) {
    const price = input.pricer.priceTerms(line.priceId);
    if (!price) continue;
    const rater = createUsageRater(price);
    for (const billed of billedBefore) if (countsUsageIn(price, billed.units)) rater.rate(decimal(billed.quantity), billed.units);
    for (const record of group.records) {
      if (!countsUsageIn(price, record.units)) continue;
      const charge = rater.rate(decimal(record.quantity), record.units);
      const shares = result.recordCharges.get(record.id) ?? [];
      shares.push({ priceId: line.priceId, priceName: line.name, charge, taxRate: line.taxRate, taxIncluded: line.taxIncluded });
      result.recordCharges.set(record.id, shares);
    }
  }
  for (const record of group.records) if (!result.recordCharges.has(record.id)) result.recordCharges.set(record.id, []);
}

interface UsageEntry {
  quantity: Decimal;
  units: string;
}

/**
 * What a period's usage is rated on: measured usage (GB, minutes, …) as one total per unit, and
 * usage counted in money one entry per record, in order: each is a transaction, an event of its
 * own for a percentage price (its fixed fee, its minimum and maximum, the period's free events).
 * Totals would merge the transactions into one.
 */
function usageEntries(quantities: readonly { quantity: string; units: string }[]): UsageEntry[] {
  const totals = new Map<string, Decimal>();
  const events: UsageEntry[] = [];
  for (const { quantity, units } of quantities) {
    if (isKnownUnitOfMeasure(units)) totals.set(units, addDecimals(totals.get(units) ?? ZERO, decimal(quantity)));
    else events.push({ quantity: decimal(quantity), units });
  }
  return [...[...totals].map(([units, quantity]) => ({ quantity, units })), ...events];
}

/** Zero of each unit the term's usage prices count in, so a period without usage still owes its minimum charge. */
function zeroUsage(input: UsageChargeInput, term: ChargeTerm): { quantity: number; units: string }[] {
  return input.pricer.usageUnits(term).map((units) => ({ quantity: 0, units }));
}


function usageDescription(line: PricedLine, late: boolean): string {
  const usage = line.usage;
  const prefix = late ? 'late usage: ' : '';
  if (!usage || !line.unitOfMeasure) return `${prefix}${line.name}`;
  if (usage.events) return `${prefix}${eventsDescription(usage.events, usage.quantity, line.unitOfMeasure)}`;
  const included = usage.includedUsed.coefficient > 0n ? `, ${decimalToString(usage.includedUsed)} ${line.unitOfMeasure} included` : '';
  return `${prefix}${decimalToString(usage.quantity)} ${line.unitOfMeasure} used${included}, ${decimalToString(usage.chargedQuantity)} ${line.unitOfMeasure} charged`;
}

