import type { AppliedCustomerBillingRate, CustomerBill } from '../billing/customer-bill.js';
import { seriesOf, type BillSeries } from '../billing/bill-numbering.js';
import { decimal, decimalToString } from '../money/decimal.js';
import { allocateMoney, money, moneyFromTmf, moneyToTmf, type TmfMoney } from '../money/money.js';
import { taxLine } from '../pricing/line-tax.js';
import { RuleViolationError } from '../shared/domain-errors.js';

/**
 * Credit notes (docs/collections.md, "Credit notes"): staff credit an issued bill in whole, by
 * lines or by an amount, with a reason. A credit note is a bill-like document with its own
 * gapless series; its lines name the bill lines they credit and reverse their taxes at the
 * original rates. What it credits first takes off what the bill still owes; the rest is account
 * credit. Only positive chargeable lines are creditable, each never beyond what it charged minus
 * earlier credit notes, and a bill never beyond its amount due minus earlier credit notes.
 */
export const creditNotePath = '/collections/v1/creditNote';
const customerBillPath = '/tmf-api/customerBillManagement/v4/customerBill';

/** Lines whose money the customer was charged: credit lines and credit carried between bills are not. */
const creditableTypes: readonly AppliedCustomerBillingRate['type'][] = ['recurring', 'usage', 'oneTime'];

/** What earlier credit notes credited of one line, minor units. */
export interface LineCredited {
  taxIncludedMinor: bigint;
  taxMinor: bigint;
}

/** What earlier credit notes credited of a bill: in total, and per line. */
export interface BillCredited {
  totalMinor: bigint;
  lines: ReadonlyMap<string, LineCredited>;
}

export const nothingCredited: BillCredited = { totalMinor: 0n, lines: new Map() };

export type CreditRequest = { kind: 'whole' } | { kind: 'lines'; lines: readonly { id: string; amountMinor?: bigint }[] } | { kind: 'amount'; amountMinor: bigint };

export interface CreditNoteLine {
  id: string;
  creditedLine: { id: string; href: string; '@referredType': 'AppliedCustomerBillingRate' };
  description: string;
  taxExcludedAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
  appliedTax: { taxCategory: string; taxRate: number; taxAmount: TmfMoney }[];
}

export interface CreditNote {
  id: string;
  href: string;
  '@type': 'CreditNote';
  creditNoteNo: string;
  /** In the customer's time (its test clock's when it lives on one). */
  date: string;
  bill: { id: string; href: string; billNo: string; '@referredType': 'CustomerBill' };
  billingAccount: { id: string; href: string; '@referredType': 'BillingAccount' };
  relatedParty: CustomerBill['relatedParty'];
  reason: string;
  lines: CreditNoteLine[];
  taxItem: { taxCategory: string; taxRate: number; taxAmount: TmfMoney }[];
  taxExcludedAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
  /** What it took off the bill's remaining amount. */
  appliedToBill: TmfMoney;
  /** The rest: account credit. */
  toAccountCredit: TmfMoney;
  testClock?: { id: string };
}

/** A credit note refused because it credits more than is left: names the request's field. */
export class CreditExceedsCreditable extends RuleViolationError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('credit-exceeds-creditable', message);
  }
}

/** A request naming a line the bill has not, or one not creditable: names the request's field. */
export class NotACreditableLine extends RuleViolationError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('not-a-creditable-line', message);
  }
}

/** One series per calendar year of the credit note's date in the account's time zone, a test clock's of its own. */
export function creditNoteSeriesOf(date: string, timeZone: string, testClockId?: string): BillSeries {
  const bills = seriesOf(date, timeZone, testClockId);
  return { key: `cn-${bills.key}`, prefix: `CN-${bills.prefix}` };
}

const minorOf = (amount: TmfMoney): bigint => moneyFromTmf(amount).amount;
const taxOf = (line: AppliedCustomerBillingRate): bigint => line.appliedTax.reduce((sum, tax) => sum + minorOf(tax.taxAmount), 0n);

export function isCreditableLine(line: AppliedCustomerBillingRate): boolean {
  return creditableTypes.includes(line.type) && minorOf(line.taxIncludedAmount) > 0n;
}

/** What is left to credit of a line, tax included. */
export function creditableOfLine(line: AppliedCustomerBillingRate, credited: BillCredited): bigint {
  return minorOf(line.taxIncludedAmount) - (credited.lines.get(line.id)?.taxIncludedMinor ?? 0n);
}

/** What is left to credit of a bill: its amount due minus earlier credit notes. */
export function creditableOfBill(bill: Pick<CustomerBill, 'amountDue'>, credited: BillCredited): bigint {
  return minorOf(bill.amountDue) - credited.totalMinor;
}

interface LineCredit {
  line: AppliedCustomerBillingRate;
  taxIncludedMinor: bigint;
  taxMinor: bigint;
}

/**
 * Crediting `partMinor` (tax included) of a line: the rest of the line reverses exactly what is
 * left of its own tax, so crediting a line in parts never drifts from its tax by a cent; a part
 * short of the rest splits its tax at the line's rate, rounded half-even once.
 */
function creditOfLine(line: AppliedCustomerBillingRate, partMinor: bigint, credited: BillCredited): LineCredit {
  const before = credited.lines.get(line.id) ?? { taxIncludedMinor: 0n, taxMinor: 0n };
  if (partMinor === minorOf(line.taxIncludedAmount) - before.taxIncludedMinor) return { line, taxIncludedMinor: partMinor, taxMinor: taxOf(line) - before.taxMinor };
  const rate = line.appliedTax[0]?.taxRate ?? 0;
  const split = taxLine(money(partMinor, line.taxIncludedAmount.unit), decimal(rate), true);
  return { line, taxIncludedMinor: partMinor, taxMinor: split.tax.amount };
}

/**
 * What a credit request credits of each line. Refused: a line not of the bill or not creditable
 * (NotACreditableLine), a part above what is left of its line or a total above what is left of
 * the bill (CreditExceedsCreditable), each naming the field of the request.
 */
export function planCredit(input: { bill: Pick<CustomerBill, 'id' | 'amountDue'>; lines: readonly AppliedCustomerBillingRate[]; credited: BillCredited; request: CreditRequest }): LineCredit[] {
  const { bill, credited, request } = input;
  const currency = bill.amountDue.unit;
  const format = (minor: bigint) => `${moneyToTmf(money(minor, currency)).value} ${currency}`;
  const billLeft = creditableOfBill(bill, credited);
  const creditable = input.lines.filter(isCreditableLine);
  if (request.kind === 'lines') {
    const seen = new Set<string>();
    const credits = request.lines.map((asked, index) => {
      const line = input.lines.find((each) => each.id === asked.id);
      if (!line || seen.has(asked.id)) throw new NotACreditableLine(`lines[${index}].id`, line ? `line ${asked.id} is named twice` : `bill ${bill.id} has no line ${asked.id}`);
      if (!isCreditableLine(line)) throw new NotACreditableLine(`lines[${index}].id`, `line ${asked.id} is a ${line.type} line of ${line.taxIncludedAmount.value}: only charges are credited`);
      seen.add(asked.id);
      const left = creditableOfLine(line, credited);
      const part = asked.amountMinor ?? left;
      if (part <= 0n || part > left) {
        throw new CreditExceedsCreditable(asked.amountMinor === undefined ? `lines[${index}].id` : `lines[${index}].amount.value`, `line ${asked.id} has ${format(left)} left to credit, not ${format(part)}`);
      }
      return creditOfLine(line, part, credited);
    });
    const total = credits.reduce((sum, each) => sum + each.taxIncludedMinor, 0n);
    if (total > billLeft) throw new CreditExceedsCreditable('lines', `bill ${bill.id} has ${format(billLeft)} left to credit, not ${format(total)}`);
    return credits;
  }
  const lefts = creditable.map((line) => creditableOfLine(line, credited));
  const linesLeft = lefts.reduce((sum, left) => sum + left, 0n);
  const most = linesLeft < billLeft ? linesLeft : billLeft;
  const amount = request.kind === 'whole' ? most : request.amountMinor;
  if (amount <= 0n || amount > most) {
    throw new CreditExceedsCreditable(request.kind === 'whole' ? 'whole' : 'amount.value', `bill ${bill.id} has ${format(most > 0n ? most : 0n)} left to credit${request.kind === 'whole' ? '' : `, not ${format(amount)}`}`);
  }
  const parts = allocateMoney(money(amount, currency), lefts);
  return creditable.flatMap((line, index) => (parts[index]!.amount > 0n ? [creditOfLine(line, parts[index]!.amount, credited)] : []));
}

/** The bill's credited totals once the credit note's lines are added. */
export function creditedAfter(credited: BillCredited, note: Pick<CreditNote, 'lines' | 'taxIncludedAmount'>): BillCredited {
  const lines = new Map(credited.lines);
  for (const line of note.lines) {
    const before = lines.get(line.creditedLine.id) ?? { taxIncludedMinor: 0n, taxMinor: 0n };
    const tax = line.appliedTax.reduce((sum, each) => sum + minorOf(each.taxAmount), 0n);
    lines.set(line.creditedLine.id, { taxIncludedMinor: before.taxIncludedMinor + minorOf(line.taxIncludedAmount), taxMinor: before.taxMinor + tax });
  }
  return { totalMinor: credited.totalMinor + minorOf(note.taxIncludedAmount), lines };
}

/** The credit note of a plan: its lines, tax items per category and rate, totals, and how much of it the bill takes (up to what it still owes). */
export function newCreditNote(input: {
  id: string;
  creditNoteNo: string;
  date: string;
  reason: string;
  bill: CustomerBill;
  credits: readonly LineCredit[];
}): CreditNote {
  const { bill } = input;
  const currency = bill.amountDue.unit;
  const tmf = (minor: bigint) => moneyToTmf(money(minor, currency));
  const lines = input.credits.map(({ line, taxIncludedMinor, taxMinor }, index) => {
    const tax = line.appliedTax[0];
    return {
      id: `${input.id}-${String(index + 1).padStart(4, '0')}`,
      creditedLine: { id: line.id, href: line.href, '@referredType': 'AppliedCustomerBillingRate' as const },
      description: line.description,
      taxExcludedAmount: tmf(taxIncludedMinor - taxMinor),
      taxIncludedAmount: tmf(taxIncludedMinor),
      appliedTax: tax ? [{ taxCategory: tax.taxCategory, taxRate: tax.taxRate, taxAmount: tmf(taxMinor) }] : [],
    };
  });
  const taxes = new Map<string, { taxCategory: string; taxRate: number; minor: bigint }>();
  for (const line of lines) {
    for (const tax of line.appliedTax) {
      const key = `${tax.taxCategory}|${decimalToString(decimal(tax.taxRate))}`;
      const before = taxes.get(key);
      taxes.set(key, { taxCategory: tax.taxCategory, taxRate: tax.taxRate, minor: (before?.minor ?? 0n) + minorOf(tax.taxAmount) });
    }
  }
  const totalMinor = input.credits.reduce((sum, each) => sum + each.taxIncludedMinor, 0n);
  const taxMinor = input.credits.reduce((sum, each) => sum + each.taxMinor, 0n);
  const owed = minorOf(bill.remainingAmount);
  const appliedMinor = owed < totalMinor ? (owed > 0n ? owed : 0n) : totalMinor;
  return {
    id: input.id,
    href: `${creditNotePath}/${input.id}`,
    '@type': 'CreditNote',
    creditNoteNo: input.creditNoteNo,
    date: input.date,
    bill: { id: bill.id, href: `${customerBillPath}/${bill.id}`, billNo: bill.billNo ?? '', '@referredType': 'CustomerBill' },
    billingAccount: { id: bill.billingAccount.id, href: bill.billingAccount.href, '@referredType': 'BillingAccount' },
    relatedParty: bill.relatedParty,
    reason: input.reason,
    lines,
    taxItem: [...taxes.values()].map((tax) => ({ taxCategory: tax.taxCategory, taxRate: tax.taxRate, taxAmount: tmf(tax.minor) })),
    taxExcludedAmount: tmf(totalMinor - taxMinor),
    taxIncludedAmount: tmf(totalMinor),
    appliedToBill: tmf(appliedMinor),
    toAccountCredit: tmf(totalMinor - appliedMinor),
    ...(bill.testClock ? { testClock: bill.testClock } : {}),
  };
}

/**
 * The bill once the credit note took `appliedToBill` off what it owes, named in its extension
 * `appliedCreditNote`: `settled` at zero, else `partiallyPaid`. A credit note that takes nothing
 * off (the bill was paid) leaves the bill as it was.
 */
export function applyCreditNoteToBill(bill: CustomerBill, note: Pick<CreditNote, 'id' | 'href' | 'appliedToBill'>, now: string): CustomerBill {
  const applied = minorOf(note.appliedToBill);
  if (applied === 0n) return bill;
  const left = minorOf(bill.remainingAmount) - applied;
  const { hold, ...rest } = bill;
  return {
    ...rest,
    remainingAmount: moneyToTmf(money(left, bill.amountDue.unit)),
    appliedCreditNote: [...(bill.appliedCreditNote ?? []), { creditNote: { id: note.id, href: note.href }, appliedAmount: note.appliedToBill }],
    // A disputed bill on hold stays held until staff release it, unless the credit note settles the dispute by leaving nothing owed.
    ...(left > 0n && bill.state === 'onHold' && hold ? { state: 'onHold' as const, hold: { ...hold, previousState: 'partiallyPaid' as const } } : { state: left === 0n ? ('settled' as const) : ('partiallyPaid' as const) }),
    lastUpdate: now,
  };
}
