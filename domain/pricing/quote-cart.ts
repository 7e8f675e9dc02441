import type { ProductOfferingPrice } from '../catalog/product-offering-price.js';
import { decimal, decimalToString, type Decimal } from '../money/decimal.js';
import { isKnownCurrency, moneyFromTmf, negateMoney, type Money } from '../money/money.js';
import { InvalidInputError, RuleViolationError, type FieldProblem } from '../shared/domain-errors.js';
import type { Cart, CartItem } from './cart.js';
import type { CatalogSnapshot } from './catalog-snapshot.js';
import { discountParts } from './discount-allocation.js';
import { taxLine } from './line-tax.js';
import { offeringTree, type OfferingNode } from './offering-tree.js';
import type { ChargedPriceType, ChargePeriod, PriceQuote, PriceRef, QuoteItem, QuoteLine, QuotePriceAlteration, QuoteTotal, TaxedAmount } from './price-quote.js';
import { isInCurrency, selectPrices, type PriceSelection } from './price-selection.js';
import { discountsRelationship, priceCurrency, taxCategoryOf } from './price-terms.js';
import { isSeatTiered, seatCharge } from './seat-pricing.js';
import { isKnownUnitOfMeasure } from './units-of-measure.js';
import { countsUsageIn, createUsageRater, eventsDescription, type UsageCharge } from './usage-rating.js';
import { callsDescription, isCallRated, rateCalls, type RatedCalls } from './call-rating.js';
import { chooseUsagePrices, type UsageZones } from './usage-price-choice.js';
import type { UsageToQuote } from './cart.js';

export type { Cart, CartItem } from './cart.js';
export type { CatalogSnapshot, PricedOffering } from './catalog-snapshot.js';
export { missingCatalogIds } from './catalog-snapshot.js';

/**
 * Prices a cart (docs/pricing.md): every amount the BSS charges comes from here. Pure: the
 * catalog (see `missingCatalogIds`) and the tax rates (by tax category, for the customer's
 * tax location, see `quoteTaxCategories`) are loaded beforehand, and the instant is the cart's.
 *
 * Per cart item: the offering tree (bundle components nested) → the prices that apply to each
 * offering → one line per one-time, recurring and rated usage price → the discounts, innermost
 * offering first, each allocated over the lines it alters → tax per line and per alteration,
 * at the altered line's rate → totals per price type and period, exact sums of the lines.
 */
export function quoteCart(cart: Cart, catalog: CatalogSnapshot, taxRates: ReadonlyMap<string, Decimal>): PriceQuote {
  const at = checkCart(cart);
  const items = cart.items.map((item, index) => new ItemQuotation(cart, item, index, catalog, taxRates, at).quote(item.billingPeriod ?? 1, item.usage));
  return { currency: cart.currency, at: cart.at, items, totals: sumTotals(items.flatMap((item) => item.totals), cart.currency) };
}

/**
 * One cart item with its offering tree built and its prices selected, quoted as often as
 * needed for other periods and usage: billing rates every period's usage of a product against
 * the same selection, and selecting is most of the work. Each quote is the one `quoteCart`
 * gives for the item with that `billingPeriod` and `usage`.
 */
export interface PreparedItemQuote {
  quote(period: { billingPeriod: number; usage?: CartItem['usage'] }): QuoteItem;
  /**
   * The usage lines the whole quote would have, in its order, each with the offering (a
   * component's own) it belongs to, and the usage no price rates. When no discount spreads over
   * both usage and other lines, the other lines are not priced and no totals are added up: for
   * rating usage period after period without pricing the recurring charges each time.
   */
  usageLines(period: { billingPeriod: number; usage: readonly UsageToQuote[] }): QuotedUsageLines;
  /**
   * The item's usage prices as every quote selects them (in the quote's order), and which of
   * `usage` each one counts (docs/rating.md, "Conditional usage prices"), without rating
   * anything: what a usage summary puts each record against, with the same choice as a bill.
   */
  usageCounting(usage: readonly UsageToQuote[]): UsageCounting;
}

export interface UsageCounting {
  prices: readonly ProductOfferingPrice[];
  /** Per price, the positions in the usage given that it counts; a price that counts none is absent. */
  counted: ReadonlyMap<ProductOfferingPrice, readonly number[]>;
  /** The usage no price counts, with the reason. */
  unrated: NonNullable<QuoteItem['unratedUsage']>;
}

export interface QuotedUsageLines {
  lines: { line: QuoteLine; offeringName: string }[];
  unratedUsage: NonNullable<QuoteItem['unratedUsage']>;
}

export function prepareItemQuote(
  cart: Omit<Cart, 'items'>,
  item: Omit<CartItem, 'billingPeriod' | 'usage'>,
  catalog: CatalogSnapshot,
  taxRates: ReadonlyMap<string, Decimal>,
): PreparedItemQuote {
  const whole: Cart = { ...cart, items: [item] };
  const quotation = new ItemQuotation(whole, item, 0, catalog, taxRates, checkCart(whole));
  return {
    quote({ billingPeriod, usage }) {
      const problems = periodAndUsageProblems({ billingPeriod, usage }, 'item[0]', cart.currency);
      if (problems.length > 0) throw new InvalidInputError('the cart cannot be priced', problems);
      return quotation.quote(billingPeriod, usage);
    },
    usageLines({ billingPeriod, usage }) {
      const problems = periodAndUsageProblems({ billingPeriod, usage }, 'item[0]', cart.currency);
      if (problems.length > 0) throw new InvalidInputError('the cart cannot be priced', problems);
      return quotation.usageLines(billingPeriod, usage);
    },
    usageCounting: (usage) => quotation.usageCounting(usage),
  };
}

/** The tax categories of the snapshot's prices: the rates a quote of it may need. */
export function quoteTaxCategories(catalog: CatalogSnapshot): string[] {
  return [...new Set([...catalog.prices.values()].map(taxCategoryOf))].sort();
}

function checkCart(cart: Cart): number {
  const problems: FieldProblem[] = [];
  if (!isKnownCurrency(cart.currency)) problems.push({ field: 'currency', problem: `unknown ISO 4217 currency ${cart.currency}` });
  const at = Date.parse(cart.at);
  if (Number.isNaN(at)) problems.push({ field: 'at', problem: 'not an instant' });
  const ids = new Set<string>();
  cart.items.forEach((item, index) => {
    const field = `item[${index}]`;
    if (ids.has(item.id)) problems.push({ field: `${field}.id`, problem: 'two items have this id' });
    ids.add(item.id);
    if (!isCount(item.quantity, 1)) problems.push({ field: `${field}.quantity`, problem: 'a positive integer' });
    item.bundledItem?.forEach((bundled, position) => {
      if (!isCount(bundled.quantity, 0)) problems.push({ field: `${field}.bundledItem[${position}].quantity`, problem: 'an integer, 0 or more' });
    });
    problems.push(...periodAndUsageProblems(item, field, cart.currency));
  });
  if (problems.length > 0) throw new InvalidInputError('the cart cannot be priced', problems);
  return at;
}

function periodAndUsageProblems(item: Pick<CartItem, 'billingPeriod' | 'usage'>, field: string, currency: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (item.billingPeriod !== undefined && !isCount(item.billingPeriod, 1)) problems.push({ field: `${field}.billingPeriod`, problem: 'a positive integer' });
  item.usage?.forEach((usage, position) => {
    if (!(Number.isFinite(usage.quantity) && usage.quantity >= 0)) problems.push({ field: `${field}.usage[${position}].quantity`, problem: 'usage is 0 or more' });
    if (!isKnownUnitOfMeasure(usage.units) && usage.units !== currency) {
      problems.push({ field: `${field}.usage[${position}].units`, problem: `unknown unit ${usage.units}` });
    }
  });
  return problems;
}

function isCount(value: number, minimum: number): boolean {
  return Number.isSafeInteger(value) && value >= minimum;
}

/** A line being priced: its amount before alterations, and what each discount took off. */
interface LineDraft {
  /** A call price's line on no call: see ItemQuotation.withoutCalls. */
  withoutCalls?: boolean;
  node: OfferingNode;
  price: ProductOfferingPrice;
  priceType: ChargedPriceType;
  period?: ChargePeriod;
  unitOfMeasure?: string;
  description?: string;
  amount: Money;
  usage?: UsageCharge;
  ratedUsage?: QuoteLine['ratedUsage'];
  alterations: { discount: ProductOfferingPrice; off: Money }[];
}

/** Which records of the item's usage each usage price rates, their zones, and the records none rates. */
interface UsagePlan {
  byPrice: Map<ProductOfferingPrice, number[]>;
  zones: Map<number, UsageZones>;
  unrated: NonNullable<QuoteItem['unratedUsage']>;
}

interface NodeDraft {
  lines: LineDraft[];
  discounts: ProductOfferingPrice[];
}

const usagePeriod: ChargePeriod = { type: 'month', length: 1 };

/** One quote's lines being priced, node by node. */
type Drafts = Map<OfferingNode, NodeDraft>;

class ItemQuotation {
  private readonly field: string;
  private readonly tree: OfferingNode;
  /** The prices that apply to each node, in the offering's order (discounts included). */
  private readonly selected = new Map<OfferingNode, ProductOfferingPrice[]>();
  /** Of those, the discounts per node and the usage prices of the whole tree: every quote asks. */
  private readonly discounts = new Map<OfferingNode, ProductOfferingPrice[]>();
  private readonly usagePrices: ProductOfferingPrice[];
  /** No discount alters both usage and other lines: usage lines can be quoted alone, with the same amounts. */
  private readonly usageSeparable: boolean;
  /**
   * A price that rates calls, given no call (only a period marker: billing asks every period for
   * every price's minimum), rates the same every time, and its line is the same while no discount
   * alters it: both remembered per price for this item's quotes.
   */
  private readonly withoutCalls = new Map<ProductOfferingPrice, { draft: LineDraft; line?: QuoteLine }>();

  constructor(
    private readonly cart: Cart,
    private readonly item: CartItem,
    index: number,
    private readonly catalog: CatalogSnapshot,
    private readonly taxRates: ReadonlyMap<string, Decimal>,
    private readonly at: number,
  ) {
    this.field = `item[${index}]`;
    const pinned = this.item.pinnedPrice ?? [];
    this.tree = offeringTree(this.item, index, this.catalog, { at, newSale: pinned.length === 0 });
    const nodes = preOrder(this.tree);
    const listed = new Map(nodes.map((node) => [node, this.listedPrices(node)]));
    this.checkPinned(pinned, [...listed.values()].flat());
    const selection: PriceSelection = {
      at,
      currency: this.cart.currency,
      pinnedPriceIds: new Set(pinned.map((price) => price.id)),
      characteristics: this.item.characteristic ?? [],
      customerSegment: this.cart.customerSegment,
    };
    for (const node of nodes) {
      const prices = listed.get(node)!;
      this.checkHasCurrency(node, prices);
      const selected = selectPrices(prices, selection);
      this.selected.set(node, selected);
      this.discounts.set(node, selected.filter((price) => price.priceType === 'discount'));
    }
    this.usagePrices = [...this.selected.values()].flat().filter((price) => price.priceType === 'usage');
    this.usageSeparable = nodes.every((node) =>
      this.selected.get(node)!.every((discount) => {
        if (discount.priceType !== 'discount') return true;
        const kinds = new Set(this.targetedPrices(discount, node).map((target) => target.price.priceType === 'usage'));
        return kinds.size < 2;
      }),
    );
  }

  quote(billingPeriod: number, usage: CartItem['usage']): QuoteItem {
    const plan = this.planUsage(usage ?? []);
    const drafts: Drafts = new Map();
    for (const [node, selected] of this.selected) {
      drafts.set(node, { lines: selected.flatMap((price) => this.lineFor(node, price, usage ?? [], plan) ?? []), discounts: this.discounts.get(node)! });
    }
    this.applyDiscounts(this.tree, drafts, billingPeriod);
    const quoted = this.quoteNode(this.tree, drafts, billingPeriod);
    return plan.unrated.length > 0 ? { ...quoted, unratedUsage: plan.unrated } : quoted;
  }

  usageLines(billingPeriod: number, usage: readonly UsageToQuote[]): QuotedUsageLines {
    if (!this.usageSeparable) {
      const item = this.quote(billingPeriod, usage);
      return { lines: usageLinesOf(item), unratedUsage: item.unratedUsage ?? [] };
    }
    const plan = this.planUsage(usage);
    const drafts: Drafts = new Map();
    for (const [node, selected] of this.selected) {
      const lines: LineDraft[] = [];
      for (const price of selected) {
        const line = price.priceType === 'usage' ? this.usageLineFor(node, price, usage, plan) : undefined;
        if (line) lines.push(line);
      }
      drafts.set(node, { lines, discounts: this.discounts.get(node)! });
    }
    this.applyDiscounts(this.tree, drafts, billingPeriod);
    // The drafts are in the tree's pre-order, as a quote's lines are read out of its items.
    const lines: QuotedUsageLines['lines'] = [];
    for (const [node, draft] of drafts) for (const line of draft.lines) lines.push({ line: this.quoteLine(line), offeringName: node.offering.name });
    return { lines, unratedUsage: plan.unrated };
  }

  usageCounting(usage: readonly UsageToQuote[]): UsageCounting {
    const plan = this.planUsage(usage);
    return { prices: this.usagePrices, counted: plan.byPrice, unrated: plan.unrated };
  }

  /**
   * Which usage prices each record counts against (docs/rating.md, "Conditional usage prices"):
   * every price of its unit, as always, unless one of them has `rating`; then the choice is
   * chooseUsagePrices'. A record of 0 without a date only asks for a period's minimum: every
   * price of its unit.
   */
  private planUsage(usage: readonly UsageToQuote[]): UsagePlan {
    const plan: UsagePlan = { byPrice: new Map(), zones: new Map(), unrated: [] };
    if (usage.length === 0) return plan;
    const context = { zoneTables: this.catalog.zoneTables ?? new Map() };
    const add = (price: ProductOfferingPrice, index: number) => {
      const indexes = plan.byPrice.get(price);
      if (indexes) indexes.push(index);
      else plan.byPrice.set(price, [index]);
    };
    usage.forEach((entry, index) => {
      const candidates = this.usagePrices.filter((price) => countsUsageIn(price, entry.units));
      if (isPeriodMarker(entry) || (candidates.length > 0 && !candidates.some((price) => price.rating !== undefined))) {
        for (const price of candidates) add(price, index);
        return;
      }
      const at = entry.usageDate === undefined ? this.at : Date.parse(entry.usageDate);
      const choice = chooseUsagePrices(candidates, { units: entry.units, at, attributes: entry.attributes }, context);
      if ('reason' in choice) {
        plan.unrated.push({ index, ...(entry.id !== undefined ? { id: entry.id } : {}), reason: choice.reason });
        return;
      }
      for (const price of choice.prices) add(price, index);
      if (choice.zones) plan.zones.set(index, choice.zones);
    });
    return plan;
  }

  private listedPrices(node: OfferingNode): ProductOfferingPrice[] {
    return (node.offering.productOfferingPrice ?? []).map(({ id }) => {
      const price = this.catalog.prices.get(id);
      if (!price) throw new RuleViolationError('offering-not-orderable', `price ${id} of ${node.offering.name} (${node.offering.id}) is not in the catalog`);
      return price;
    });
  }

  private checkPinned(pinned: readonly { id: string }[], prices: readonly ProductOfferingPrice[]): void {
    const problems: FieldProblem[] = [];
    pinned.forEach(({ id }, position) => {
      const price = prices.find((candidate) => candidate.id === id);
      const field = `${this.field}.pinnedPrice[${position}].id`;
      if (!price) problems.push({ field, problem: 'not a price of this item’s offering or of its components' });
      else if (!isInCurrency(price, this.cart.currency)) problems.push({ field, problem: `a price in ${priceCurrency(price)}, the cart is in ${this.cart.currency}` });
    });
    if (problems.length > 0) throw new InvalidInputError('a pinned price does not fit the item', problems);
  }

  private checkHasCurrency(node: OfferingNode, prices: readonly ProductOfferingPrice[]): void {
    const currencies = new Set(prices.flatMap((price) => priceCurrency(price) ?? []));
    if (currencies.size > 0 && !currencies.has(this.cart.currency)) {
      throw new RuleViolationError(
        'no-price-in-currency',
        `${node.offering.name} (${node.offering.id}) has no price in ${this.cart.currency}, only in ${[...currencies].sort().join(', ')}`,
      );
    }
  }

  private lineFor(node: OfferingNode, price: ProductOfferingPrice, usage: readonly UsageToQuote[], plan: UsagePlan): LineDraft | undefined {
    switch (price.priceType) {
      case 'discount':
        return undefined;
      case 'usage':
        return this.usageLineFor(node, price, usage, plan);
      case 'oneTime':
      case 'recurring': {
        const seatTiered = isSeatTiered(price);
        const amount = clamp(seatTiered ? seatCharge(price, node.quantity).amount : moneyFromTmf(price.price!, 'price').amount * node.quantity, price);
        return {
          node,
          price,
          priceType: price.priceType,
          ...(seatTiered ? { description: `${node.quantity} seats, priced ${price.chargeModel}` } : {}),
          ...(price.priceType === 'recurring'
            ? { period: { type: price.recurringChargePeriodType ?? 'month', length: price.recurringChargePeriodLength ?? 1 } }
            : {}),
          amount: { amount, currency: this.cart.currency },
          alterations: [],
        };
      }
    }
  }

  /** A usage price gives a line only for the usage given that it counts. */
  private usageLineFor(node: OfferingNode, price: ProductOfferingPrice, given: readonly UsageToQuote[], plan: UsagePlan): LineDraft | undefined {
    const units = price.unitOfMeasure?.units;
    const indexes = plan.byPrice.get(price);
    if (units === undefined || indexes === undefined) return undefined;
    if (isCallRated(price)) return this.callLineFor(node, price, units, given, indexes, plan);
    const rater = createUsageRater(price);
    for (const index of indexes) rater.rate(decimal(given[index]!.quantity), given[index]!.units);
    const usage = rater.total();
    const included = price.includedQuantity ? `, ${decimalToString(usage.includedUsed)} ${units} of ${price.includedQuantity} included` : '';
    return {
      node,
      price,
      priceType: 'usage',
      period: usagePeriod,
      unitOfMeasure: units,
      description: usage.events
        ? eventsDescription(usage.events, usage.quantity, units)
        : `${decimalToString(usage.quantity)} ${units} used${included}, ${decimalToString(usage.chargedQuantity)} ${units} charged`,
      amount: usage.charge,
      usage,
      ...(price.rating ? { ratedUsage: { indexes, zones: indexes.map((index) => plan.zones.get(index)) } } : {}),
      alterations: [],
    };
  }

  /** A price that charges each call on its own: a record of 0 without a date is a period marker, not a call. */
  private callLineFor(node: OfferingNode, price: ProductOfferingPrice, units: string, given: readonly UsageToQuote[], indexes: readonly number[], plan: UsagePlan): LineDraft {
    if (indexes.every((index) => isPeriodMarker(given[index]!))) return { ...this.withoutCallsOf(node, price, units).draft, node, alterations: [] };
    const calls = indexes.flatMap((index) => {
      const entry = given[index]!;
      if (isPeriodMarker(entry)) return [];
      return [{
        index,
        ...(entry.id !== undefined ? { id: entry.id } : {}),
        quantity: decimal(entry.quantity),
        units: entry.units,
        at: entry.usageDate === undefined ? this.at : Date.parse(entry.usageDate),
        zones: plan.zones.get(index),
      }];
    });
    const rated = rateCalls(price, calls, this.cart.timeZone ?? 'UTC');
    return callLine(node, price, units, rated, calls.map((call) => call.index));
  }

  private withoutCallsOf(node: OfferingNode, price: ProductOfferingPrice, units: string): { draft: LineDraft; line?: QuoteLine } {
    let known = this.withoutCalls.get(price);
    if (!known) {
      known = { draft: { ...callLine(node, price, units, rateCalls(price, [], this.cart.timeZone ?? 'UTC'), []), withoutCalls: true } };
      this.withoutCalls.set(price, known);
    }
    return known;
  }

  /** Components first: a component's own promotion applies before the bundle's discount. */
  private applyDiscounts(node: OfferingNode, drafts: Drafts, billingPeriod: number): void {
    for (const component of node.components) this.applyDiscounts(component, drafts, billingPeriod);
    for (const discount of drafts.get(node)!.discounts) {
      if (discount.applicationDuration !== undefined && billingPeriod > discount.applicationDuration) continue;
      const targets = this.targetsOf(discount, node, drafts);
      const remaining = targets.map((line) => remainingOf(line));
      const parts = discountParts(discount, node.quantity, remaining, this.cart.currency);
      targets.forEach((line, index) => {
        const off = parts[index]!;
        if (off.amount > 0n) line.alterations.push({ discount, off });
      });
    }
  }

  /**
   * The lines a discount alters, in its offering and below: those of the prices it names
   * (or of their current versions), else every recurring line.
   */
  private targetsOf(discount: ProductOfferingPrice, node: OfferingNode, drafts: Drafts): LineDraft[] {
    return this.targeted(discount, preOrder(node).flatMap((each) => drafts.get(each)!.lines));
  }

  /** The selected prices, in the discount's offering and below, whose lines it would alter. */
  private targetedPrices(discount: ProductOfferingPrice, node: OfferingNode): { node: OfferingNode; price: ProductOfferingPrice }[] {
    const candidates = preOrder(node).flatMap((each) => this.selected.get(each)!.filter((price) => price.priceType !== 'discount').map((price) => ({ node: each, price, priceType: price.priceType })));
    return this.targeted(discount, candidates);
  }

  private targeted<T extends { node: OfferingNode; price: ProductOfferingPrice; priceType: string }>(discount: ProductOfferingPrice, lines: readonly T[]): T[] {
    const named = new Set((discount.popRelationship ?? []).filter((link) => link.relationshipType === discountsRelationship).map((link) => link.id));
    if (named.size === 0) return lines.filter((line) => line.priceType === 'recurring');
    return lines.filter((line) => named.has(line.price.id) || this.isVersionOfNamed(line, named));
  }

  /** A price change must not drop a discount: a named price's later version is discounted too. */
  private isVersionOfNamed(line: { node: OfferingNode; price: ProductOfferingPrice }, named: ReadonlySet<string>): boolean {
    return (line.node.offering.productOfferingPrice ?? []).some(({ id }) => {
      if (!named.has(id)) return false;
      const version = this.catalog.prices.get(id);
      return version !== undefined && version.name === line.price.name && priceCurrency(version) === priceCurrency(line.price);
    });
  }

  private quoteNode(node: OfferingNode, drafts: Drafts, billingPeriod: number): QuoteItem {
    const lines = drafts.get(node)!.lines.map((line) => this.quoteLine(line));
    const components = node.components.map((component) => this.quoteNode(component, drafts, billingPeriod));
    const own = lines.flatMap((line) => [lineTotal(line, line.amount), ...line.alterations.map((alteration) => lineTotal(line, alteration.amount))]);
    return {
      id: node.itemId,
      productOffering: { id: node.offering.id, href: node.offering.href, name: node.offering.name },
      quantity: Number(node.quantity),
      billingPeriod,
      lines,
      totals: sumTotals([...own, ...components.flatMap((component) => component.totals)], this.cart.currency),
      components,
    };
  }

  private quoteLine(line: LineDraft): QuoteLine {
    if (!line.withoutCalls || line.alterations.length > 0) return this.newQuoteLine(line);
    const known = this.withoutCalls.get(line.price)!;
    known.line ??= this.newQuoteLine(line);
    return known.line;
  }

  private newQuoteLine(line: LineDraft): QuoteLine {
    const taxCategory = taxCategoryOf(line.price);
    const rate = this.taxRates.get(taxCategory);
    if (rate === undefined) throw new RuleViolationError('no-tax-rate', `no tax rate for the tax category ${taxCategory} of ${line.price.name}`);
    const included = line.price.taxIncluded ?? false;
    const where = {
      priceType: line.priceType,
      ...(line.period ? { recurringChargePeriod: line.period } : {}),
      ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
    };
    const alterations = line.alterations.map(({ discount, off }, index): QuotePriceAlteration => ({
      productOfferingPrice: refOf(discount),
      name: discount.name,
      ...where,
      ...(discount.percentage !== undefined ? { percentage: decimal(discount.percentage) } : {}),
      ...(discount.applicationDuration !== undefined ? { applicationDuration: discount.applicationDuration } : {}),
      priority: index + 1,
      amount: taxLine(negateMoney(off), rate, included),
    }));
    return {
      productOfferingPrice: refOf(line.price),
      name: line.price.name,
      ...(line.description ? { description: line.description } : {}),
      ...where,
      taxCategory,
      amount: taxLine(line.amount, rate, included),
      ...(line.usage ? { usage: line.usage } : {}),
      ...(line.ratedUsage ? { ratedUsage: line.ratedUsage } : {}),
      alterations,
    };
  }
}

function callLine(node: OfferingNode, price: ProductOfferingPrice, units: string, rated: RatedCalls, indexes: number[]): LineDraft {
  return {
    node,
    price,
    priceType: 'usage',
    period: usagePeriod,
    unitOfMeasure: units,
    description: callsDescription(rated.usage),
    amount: rated.usage.charge,
    usage: rated.usage,
    ratedUsage: { indexes, calls: rated.calls, periodAdjustment: rated.periodAdjustment },
    alterations: [],
  };
}

/** A record of 0 without a date or attributes only asks the period's prices for their minimum: no call, no choice to make. */
function isPeriodMarker(entry: UsageToQuote): boolean {
  return entry.quantity === 0 && entry.usageDate === undefined && entry.attributes === undefined;
}

function usageLinesOf(item: QuoteItem): QuotedUsageLines['lines'] {
  return [...item.lines.filter((line) => line.priceType === 'usage').map((line) => ({ line, offeringName: item.productOffering.name })), ...item.components.flatMap(usageLinesOf)];
}

function preOrder(node: OfferingNode): OfferingNode[] {
  return [node, ...node.components.flatMap(preOrder)];
}

function remainingOf(line: LineDraft): Money {
  return { amount: line.alterations.reduce((left, alteration) => left - alteration.off.amount, line.amount.amount), currency: line.amount.currency };
}

/** The minimum and maximum charge of a one-time or recurring line. */
function clamp(amount: bigint, price: ProductOfferingPrice): bigint {
  let clamped = amount;
  if (price.minimumCharge) {
    const minimum = moneyFromTmf(price.minimumCharge, 'minimumCharge').amount;
    if (clamped < minimum) clamped = minimum;
  }
  if (price.maximumCharge) {
    const maximum = moneyFromTmf(price.maximumCharge, 'maximumCharge').amount;
    if (clamped > maximum) clamped = maximum;
  }
  return clamped;
}

function refOf(price: ProductOfferingPrice): PriceRef {
  return { id: price.id, href: price.href, name: price.name };
}

function lineTotal(line: Pick<QuoteLine, 'priceType' | 'recurringChargePeriod'>, amount: TaxedAmount): QuoteTotal {
  return {
    priceType: line.priceType,
    ...(line.recurringChargePeriod ? { recurringChargePeriod: line.recurringChargePeriod } : {}),
    dutyFree: amount.dutyFree,
    tax: amount.tax,
    taxIncluded: amount.taxIncluded,
  };
}

const priceTypeOrder: Record<ChargedPriceType, number> = { oneTime: 0, recurring: 1, usage: 2 };
const periodTypeOrder = { month: 0, year: 1 } as const;

/** One total per price type and period, in a fixed order. */
function sumTotals(totals: readonly QuoteTotal[], currency: string): QuoteTotal[] {
  const byKey = new Map<string, QuoteTotal>();
  for (const total of totals) {
    const key = `${total.priceType}|${total.recurringChargePeriod?.type ?? ''}|${total.recurringChargePeriod?.length ?? ''}`;
    const sum = byKey.get(key);
    if (!sum) {
      byKey.set(key, {
        ...total,
        dutyFree: { amount: total.dutyFree.amount, currency },
        tax: { amount: total.tax.amount, currency },
        taxIncluded: { amount: total.taxIncluded.amount, currency },
      });
      continue;
    }
    sum.dutyFree = { amount: sum.dutyFree.amount + total.dutyFree.amount, currency };
    sum.tax = { amount: sum.tax.amount + total.tax.amount, currency };
    sum.taxIncluded = { amount: sum.taxIncluded.amount + total.taxIncluded.amount, currency };
  }
  return [...byKey.values()].sort(
    (a, b) =>
      priceTypeOrder[a.priceType] - priceTypeOrder[b.priceType] ||
      periodTypeOrder[a.recurringChargePeriod?.type ?? 'month'] - periodTypeOrder[b.recurringChargePeriod?.type ?? 'month'] ||
      (a.recurringChargePeriod?.length ?? 0) - (b.recurringChargePeriod?.length ?? 0),
  );
}
