import { addDecimals, decimal, decimalToNumber, decimalToString, ZERO, type Decimal } from '../money/decimal.js';
import { allocateMoney, isZeroMoney, subtractMoney, type Money } from '../money/money.js';
import { callsDescription, clockDuration, type RatedCall } from '../pricing/call-rating.js';
import type { UsageToQuote } from '../pricing/cart.js';
import { homeRoamingZone } from '../catalog/usage-price-rating.js';
import type { RatingAttributes } from '../rating/rating-attributes.js';
import { isKnownUnitOfMeasure } from '../pricing/units-of-measure.js';
import { countsUsageIn, createUsageRater, eventsDescription } from '../pricing/usage-rating.js';
import { toInstant, toIso, type BillingCycle } from './billing-calendar.js';
import { promotionEndsOf, promotionPeriodAt } from './promotion-periods.js';
import { coverageOf, discountNote, taxedLineAmount, type BillLine, type Interval } from './bill-line.js';
import type { ChargedProduct, ChargeTerm } from './charge-term.js';
import type { PricedLine, RatedUsageLines, TermPricer } from './term-pricing.js';

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
  /** What rating reads of the record (destination, roaming, direction, service type): prices with `rating` choose by them. */
  attributes?: RatingAttributes | undefined;
}

/** What one bill rated for one term of a product in one period: the quantities, per unit. Earlier bills' add up. */
export interface BilledUsage {
  productId: string;
  termFrom: string;
  periodStart: string;
  /** Per unit; one entry per record when its term's prices rate records one by one (by zone, per call, or money). */
  quantities: BilledQuantity[];
}

export interface BilledQuantity {
  quantity: string;
  units: string;
  /** A record kept on its own: its id, date and rating attributes, so late usage is rated with it. */
  id?: string | undefined;
  usageDate?: string | undefined;
  attributes?: RatingAttributes | undefined;
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
  /** A price that rates calls: how this call was rated (zone, bands, increments, connect fee). */
  call?: RatedCall | undefined;
  /** A price that chooses by zone: the zones the record was rated in. */
  zones?: { zone?: string | undefined; roamingZone: string } | undefined;
}

export interface UsageCharges {
  lines: BillLine[];
  /** Every record this bill rates, with its share. */
  recordCharges: Map<string, RecordCharge[]>;
  /** What this bill rated, per term and period (to add to what earlier bills rated). */
  billed: BilledUsage[];
  /** Records no term of their product covers, of a period no bill had, or no price applies to: left for a person. */
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
  // A bill has a few groups (its terms, and the earlier periods late records fall in): they are found by their term, then their period, without a key to build per record.
  const groups: UsageGroup[] = [];
  const groupsOfTerm = new Map<ChargeTerm, UsageGroup[]>();
  const unbillable: UsageCharges['unbillable'] = [];
  const groupFor = (product: ChargedProduct, term: ChargeTerm, period: Interval, late: boolean) => {
    let ofTerm = groupsOfTerm.get(term);
    if (!ofTerm) groupsOfTerm.set(term, (ofTerm = []));
    for (const group of ofTerm) if (group.period.start === period.start) return group;
    const group: UsageGroup = { product, term, period, late, records: [] };
    ofTerm.push(group);
    groups.push(group);
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
  if (input.records.length === 0) return { groups, unbillable };
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
  return { groups, unbillable };
}

function rateGroup(input: UsageChargeInput, group: UsageGroup, result: UsageCharges): void {
  const { term, period, product } = group;
  const periodStart = toIso(period.start);
  // Most groups are a term's period without records or earlier bills (it still owes its minimum): nothing below is built for them that they do not need.
  const billedBefore = input.billed.length === 0 ? noQuantities : input.billed.filter((billed) => billed.productId === product.id && billed.termFrom === term.from && billed.periodStart === periodStart).flatMap((billed) => billed.quantities);
  const byRecord = (units: string) => input.pricer.ratesRecords(term, units);
  const after = usageEntries(billedBefore.length === 0 ? group.records : [...billedBefore, ...group.records], byRecord);
  const periodNumber = promotionPeriodAt(promotionEndsOf(term, input.pricer, input.cycle.timeZone), Math.max(period.start, toInstant(term.from)));
  const usageOf = (entries: UsageEntry[]): readonly UsageToQuote[] => (entries.length === 0 ? zeroUsage(input, term) : [...zeroUsage(input, term), ...entries.map(toQuotedUsage)]);
  const quotedAfter = usageOf(after);
  const ratedAfter = input.pricer.usageLines(term, periodNumber, quotedAfter);
  const ratedBefore = group.late ? input.pricer.usageLines(term, periodNumber, usageOf(usageEntries(billedBefore, byRecord))) : noRatedUsage;

  const unrated = new Set<string>();
  if (ratedAfter.unrated.length > 0) {
    const current = new Set(group.records.map((record) => record.id));
    for (const { index, reason } of ratedAfter.unrated) {
      const id = quotedAfter[index]?.id;
      if (id === undefined || !current.has(id)) continue;
      unrated.add(id);
      result.unbillable.push({ id, reason });
    }
  }
  const coverage = coverageOf({
    start: Math.max(period.start, toInstant(term.from)),
    end: Math.min(period.end, term.to === undefined ? period.end : toInstant(term.to)),
  });
  for (const line of ratedAfter.lines) {
    const earlier = ratedBefore.lines.find((candidate) => candidate.priceId === line.priceId);
    const amount = earlier ? subtractMoney(line.net, earlier.net) : line.net;
    const price = input.pricer.priceTerms(line.priceId);
    const counted = price !== undefined && group.records.some((record) => countsUsageIn(price, record.units));
    // Nothing used and nothing owed (no minimum): no line. Usage within an allowance still shows.
    if (isZeroMoney(amount) && !counted) continue;
    const billLine = (name: string, description: string, lineAmount: Money): BillLine => ({
      type: 'usage',
      name,
      description,
      product: { id: product.id, name: product.name },
      priceId: line.priceId,
      periodCoverage: coverage,
      taxCategory: line.taxCategory,
      amount: taxedLineAmount(line, lineAmount),
    });
    const groups = group.late ? [] : callGroupsOf(line, amount);
    if (groups.length > 1) {
      for (const callGroup of groups) result.lines.push(billLine(`${line.name}, ${callGroup.label}`, callGroup.description + discountNote(line), callGroup.amount));
    } else {
      result.lines.push(billLine(line.name, usageDescription(line, group.late) + discountNote(line), amount));
    }
  }
  rateRecords(input, { group, billedBefore, quoted: quotedAfter, rated: ratedAfter.lines, ratedBefore: ratedBefore.lines, unrated }, result);
  const billedRecords = unrated.size === 0 ? group.records : group.records.filter((record) => !unrated.has(record.id));
  if (billedRecords.length > 0) {
    // Without earlier bills' quantities or unrated records, what this bill rated is what the lines were rated on.
    const entries = billedBefore.length === 0 && unrated.size === 0 ? after : usageEntries(billedRecords, byRecord);
    result.billed.push({ productId: product.id, termFrom: term.from, periodStart, quantities: entries.map(({ quantity, ...rest }) => ({ quantity: decimalToString(quantity), ...rest })) });
  }
}

/**
 * A line of calls as bills show it (docs/rating.md, "Billing, bills and explanations"): one line per zone, roaming zone
 * and band, each the sum of its calls' parts, the line's amount after discounts spread over
 * them in proportion (largest remainder, so they add up to it); a period minimum or maximum is
 * a line of its own. One group, or none, leaves the line whole.
 */
function callGroupsOf(line: PricedLine, net: Money): { label: string; description: string; amount: Money }[] {
  const calls = line.ratedUsage?.calls;
  if (!calls || calls.length === 0) return [];
  const groups = new Map<string, { label: string; calls: Set<RatedCall>; seconds: number; chargedSeconds: number; gross: bigint }>();
  for (const call of calls) {
    for (const part of call.parts) {
      const label = [call.zone, call.roamingZone !== undefined && call.roamingZone !== homeRoamingZone ? `roaming ${call.roamingZone}` : undefined, part.band].filter((text) => text !== undefined).join(', ') || line.name;
      let entry = groups.get(label);
      if (!entry) groups.set(label, (entry = { label, calls: new Set(), seconds: 0, chargedSeconds: 0, gross: 0n }));
      entry.calls.add(call);
      entry.seconds += part.seconds;
      entry.chargedSeconds += part.chargedSeconds;
      entry.gross += part.charge.amount;
    }
  }
  const described = [...groups.values()].map((entry) => ({
    label: entry.label,
    description: `${entry.calls.size} ${entry.calls.size === 1 ? 'call' : 'calls'}, ${clockDuration(entry.seconds)} long, ${clockDuration(entry.chargedSeconds)} charged`,
    gross: entry.gross,
  }));
  const adjustment = line.ratedUsage?.periodAdjustment?.amount ?? 0n;
  if (adjustment !== 0n) described.push({ label: adjustment > 0n ? 'minimum charge' : 'maximum charge', description: adjustment > 0n ? 'raised to the period’s minimum charge' : 'capped at the period’s maximum charge', gross: adjustment });
  if (described.length < 2) return [];
  // Weights must not be negative: a cap is taken off the calls in proportion, rather than shown as a negative share.
  const positive = described.filter((entry) => entry.gross > 0n);
  if (adjustment < 0n || positive.length === 0) return [];
  const shares = allocateMoney(net, described.map((entry) => entry.gross));
  return described.map((entry, index) => ({ label: entry.label, description: entry.description, amount: shares[index]! }));
}

interface RecordRating {
  group: UsageGroup;
  billedBefore: readonly BilledQuantity[];
  /** The usage the lines were rated on: `ratedUsage.indexes` point into it. */
  quoted: readonly UsageToQuote[];
  rated: readonly PricedLine[];
  /** Late usage: the period's lines as its bills rated them. */
  ratedBefore: readonly PricedLine[];
  /** The group's records no price applies to. */
  unrated: ReadonlySet<string>;
}

/**
 * Each record's share, per usage price: what it adds to the period's charge after the records
 * before it (in usage-date order), so the shares add up to the period's charge before discounts.
 * A price that rates calls gives each call's own charge; a price that chooses by zone rates only
 * the records it was chosen for.
 */
function rateRecords(input: UsageChargeInput, rating: RecordRating, result: UsageCharges): void {
  const { group, billedBefore, quoted, rated, ratedBefore, unrated } = rating;
  // Only the group's records get shares, and a term often has none in a period.
  if (group.records.length === 0) return;
  let current: Set<string> | undefined;
  const share = (recordId: string, line: PricedLine, charge: Money, extra: Pick<RecordCharge, 'call' | 'zones'> = noExtra) => {
    const shares = result.recordCharges.get(recordId) ?? [];
    shares.push({ priceId: line.priceId, priceName: line.name, charge, taxRate: line.taxRate, taxIncluded: line.taxIncluded, ...extra });
    result.recordCharges.set(recordId, shares);
  };
  for (const line of rated) {
    const price = input.pricer.priceTerms(line.priceId);
    if (!price) continue;
    const calls = line.ratedUsage?.calls;
    if (calls) {
      current ??= new Set(group.records.map((record) => record.id));
      const own = calls.filter((call) => call.id !== undefined && current!.has(call.id));
      if (!group.late) {
        for (const call of own) share(call.id!, line, call.charge, { call });
        continue;
      }
      // Late calls change an issued period's charge (docs/billing.md, usage in arrears): the change is theirs, spread by their own charges.
      const before = ratedBefore.find((candidate) => candidate.priceId === line.priceId)?.usage?.charge;
      const change = before && line.usage ? subtractMoney(line.usage.charge, before) : line.usage?.charge;
      if (!change || own.length === 0) continue;
      const shares = allocateMoney(change, own.map((call) => call.charge.amount + 1n));
      own.forEach((call, index) => share(call.id!, line, shares[index]!, { call }));
      continue;
    }
    const chosen = line.ratedUsage ? new Set(line.ratedUsage.indexes.map((index) => quoted[index]?.id)) : undefined;
    const zonesOf = line.ratedUsage ? new Map(line.ratedUsage.indexes.map((index, position) => [quoted[index]?.id, line.ratedUsage?.zones?.[position]])) : undefined;
    const rater = createUsageRater(price);
    for (const billed of billedBefore) if (countsUsageIn(price, billed.units) && (!chosen || chosen.has(billed.id))) rater.rate(decimal(billed.quantity), billed.units);
    for (const record of group.records) {
      if (!countsUsageIn(price, record.units) || (chosen && !chosen.has(record.id))) continue;
      const zones = zonesOf?.get(record.id);
      share(record.id, line, rater.rate(decimal(record.quantity), record.units), zones ? { zones } : noExtra);
    }
  }
  for (const record of group.records) if (!result.recordCharges.has(record.id) && !unrated.has(record.id)) result.recordCharges.set(record.id, []);
}

interface UsageEntry {
  quantity: Decimal;
  units: string;
  id?: string | undefined;
  usageDate?: string | undefined;
  attributes?: RatingAttributes | undefined;
}

function toQuotedUsage(entry: UsageEntry): UsageToQuote {
  const quoted: UsageToQuote = { quantity: decimalToNumber(entry.quantity), units: entry.units };
  if (entry.id !== undefined) quoted.id = entry.id;
  if (entry.usageDate !== undefined) quoted.usageDate = entry.usageDate;
  if (entry.attributes !== undefined) quoted.attributes = entry.attributes;
  return quoted;
}

/**
 * What a period's usage is rated on: measured usage (GB, minutes, …) as one total per unit, and
 * usage counted in money one entry per record, in order: each is a transaction, an event of its
 * own for a percentage price (its fixed fee, its minimum and maximum, the period's free events).
 * Totals would merge the transactions into one. Usage of a unit some price of the term rates
 * record by record (`byRecord`: by zone, or per call) is an entry per record, with its id, date
 * and rating attributes.
 */
function usageEntries(quantities: readonly BilledQuantity[], byRecord: (units: string) => boolean): UsageEntry[] {
  const totals = new Map<string, Decimal>();
  const events: UsageEntry[] = [];
  for (const { quantity, units, id, usageDate, attributes } of quantities) {
    if (byRecord(units)) events.push(attributes ? { quantity: decimal(quantity), units, id, usageDate, attributes } : { quantity: decimal(quantity), units, id, usageDate });
    else if (isKnownUnitOfMeasure(units)) totals.set(units, addDecimals(totals.get(units) ?? ZERO, decimal(quantity)));
    else events.push({ quantity: decimal(quantity), units });
  }
  if (totals.size === 0) return events;
  const entries: UsageEntry[] = [];
  for (const [units, quantity] of totals) entries.push({ quantity, units });
  for (const event of events) entries.push(event);
  return entries;
}

/** Zero of each unit the term's usage prices count in, so a period without usage still owes its minimum charge; one list per list of units the pricer gives. */
function zeroUsage(input: UsageChargeInput, term: ChargeTerm): readonly UsageToQuote[] {
  const units = input.pricer.usageUnits(term);
  let zeros = zeroUsageOf.get(units);
  if (!zeros) {
    zeros = units.map((unit) => ({ quantity: 0, units: unit }));
    zeroUsageOf.set(units, zeros);
  }
  return zeros;
}

const noExtra: Pick<RecordCharge, 'call' | 'zones'> = {};
const zeroUsageOf = new WeakMap<readonly string[], readonly UsageToQuote[]>();
const noQuantities: readonly BilledQuantity[] = [];
const noRatedUsage: RatedUsageLines = { lines: [], unrated: [] };


function usageDescription(line: PricedLine, late: boolean): string {
  const usage = line.usage;
  const prefix = late ? 'late usage: ' : '';
  if (!usage || !line.unitOfMeasure) return `${prefix}${line.name}`;
  if (usage.calls) return `${prefix}${callsDescription(usage)}`;
  if (usage.events) return `${prefix}${eventsDescription(usage.events, usage.quantity, line.unitOfMeasure)}`;
  const included = usage.includedUsed.coefficient > 0n ? `, ${decimalToString(usage.includedUsed)} ${line.unitOfMeasure} included` : '';
  return `${prefix}${decimalToString(usage.quantity)} ${line.unitOfMeasure} used${included}, ${decimalToString(usage.chargedQuantity)} ${line.unitOfMeasure} charged`;
}

