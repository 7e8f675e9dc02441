import { computeBill, type BillComputationInput, type BillDraft } from '../domain/billing/bill-computation.js';
import { boundaryAtOrAfter, toInstant, toIso, type BillingCycle } from '../domain/billing/billing-calendar.js';
import { createTermPricer, type TermPricer } from '../domain/billing/term-pricing.js';
import { money } from '../domain/money/money.js';
import type { CatalogSnapshot } from '../domain/pricing/catalog-snapshot.js';
import type { Decimal } from '../domain/money/decimal.js';
import { describeAccounts, generateAccounts, type BenchAccount } from './billing-accounts.js';
import { demoCatalogSnapshot, frenchTaxRates } from './demo-plans.js';
import { median } from './statistics.js';

/**
 * Bill computation throughput, in-process, on one core: `computeBill` (domain/billing) for a
 * population of accounts on the demo catalog's plans (billing-accounts.ts: two products each,
 * promotions, plan changes, terminations, usage on half), all due at one boundary. As a billing
 * run would hold it, the term pricer is created once per catalog and tax-rate set (one for
 * everyone, one for students) at the start of each run and shared by every bill, so its memo is
 * part of what is measured. A second figure creates the pricer per bill: an on-demand bill's
 * worst case. Every run must give the same bills. The bench runs this bundled, in a process of
 * its own (bundled-bill-computation.ts).
 */
export interface BillComputationOptions {
  accounts: number;
  runs: number;
  onProgress?: (line: string) => void;
}

export interface BillComputationFigures {
  /** Distinct accounts billed per run. */
  accounts: number;
  runs: number;
  /** Median of the runs, one pricer per catalog and tax-rate set. */
  billsPerSecond: number;
  runsBillsPerSecond: number[];
  /** Median of the runs with a new pricer for every bill: the worst case, an on-demand bill (a billing page shares one pricer per catalog and segment across its accounts, as the runs above do). */
  pricerPerBillBillsPerSecond: number;
  /** The first pass alone, before the JIT has optimized the code: what a function's first accounts see. */
  firstPassBillsPerSecond: number;
  billDate: string;
  /** The V8 heap options the process ran with: the billing function's (bundled-bill-computation.ts). */
  heapOptions?: string[];
  workload: ReturnType<typeof describeAccounts> & {
    linesPerBill: number;
    billsWithUsageLines: number;
    creditLines: number;
    billsWithoutLines: number;
  };
}

/** Untimed runs after the reference pass. */
export const billComputationWarmUps = 12;

const paris: BillingCycle = { cycleDay: 1, timeZone: 'Europe/Paris' };
/** Late enough for Mobile M's launch promotion (sold from November 2026) to end inside a billed period. */
const billDateIso = '2027-02-01T00:00:00+01:00';

export async function measureBillComputation(options: BillComputationOptions): Promise<BillComputationFigures> {
  const catalog = demoCatalogSnapshot();
  const billDate = boundaryAtOrAfter(paris, toInstant(billDateIso));
  const taxRates = await frenchTaxRates(catalog, toIso(billDate));
  const accounts = generateAccounts({
    count: options.accounts,
    catalog,
    taxRates,
    cycle: paris,
    billDate,
    onSaleSince: '2026-01-01T00:00:00Z',
    idOf: (kind, index) => `${kind}-${index}`,
  });
  const inputs = accounts.map((account) => billInputOf(account, billDate));
  const pricers = () => pricerSet(catalog, taxRates);

  // The first pass gives the reference bills the runs must reproduce; it and the warm-ups let the JIT settle (it takes tens of thousands of bills), as in a billing function that has billed many pages.
  const firstSet = pricers();
  const firstStarted = performance.now();
  const referenceBills = inputs.map(({ student, ...input }) => computeBill({ ...input, pricer: student ? firstSet.students : firstSet.everyone }));
  const firstPassBillsPerSecond = inputs.length / ((performance.now() - firstStarted) / 1000);
  options.onProgress?.(`  first pass (the reference bills, code not yet optimized by the JIT): ${Math.round(firstPassBillsPerSecond).toLocaleString('en')} bills/s`);
  const reference = referenceBills.map(summaryOf);
  for (let warmUp = 0; warmUp < billComputationWarmUps; warmUp += 1) check(computeAll(withPricers(inputs, pricers())), reference, `warm-up ${warmUp + 1}`);
  const runsBillsPerSecond: number[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    // Assembled before the clock starts, as a billing page assembles them from what it read: what is timed is computeBill.
    const runInputs = withPricers(inputs, pricers());
    const started = performance.now();
    const bills = computeAll(runInputs);
    const seconds = (performance.now() - started) / 1000;
    check(bills, reference, `run ${run + 1}`);
    runsBillsPerSecond.push(inputs.length / seconds);
    options.onProgress?.(`  run ${run + 1}/${options.runs}: ${Math.round(inputs.length / seconds).toLocaleString('en')} bills/s`);
  }
  const perBill: number[] = [];
  for (let run = 0; run < Math.max(1, Math.ceil(options.runs / 2)); run += 1) {
    const started = performance.now();
    const bills = billWithPricerEach(inputs, pricers);
    const seconds = (performance.now() - started) / 1000;
    check(bills, reference, `pricer-per-bill run ${run + 1}`);
    perBill.push(inputs.length / seconds);
  }
  options.onProgress?.(`  with a new pricer for every bill: ${Math.round(median(perBill)).toLocaleString('en')} bills/s`);

  const lines = referenceBills.flatMap((bill) => bill.lines);
  return {
    accounts: inputs.length,
    runs: options.runs,
    billsPerSecond: Math.round(median(runsBillsPerSecond)),
    runsBillsPerSecond: runsBillsPerSecond.map(Math.round),
    pricerPerBillBillsPerSecond: Math.round(median(perBill)),
    firstPassBillsPerSecond: Math.round(firstPassBillsPerSecond),
    billDate: toIso(billDate),
    workload: {
      ...describeAccounts(accounts, catalog),
      linesPerBill: Math.round((lines.length / referenceBills.length) * 100) / 100,
      billsWithUsageLines: referenceBills.filter((bill) => bill.lines.some((line) => line.type === 'usage')).length,
      creditLines: lines.filter((line) => line.type === 'credit').length,
      billsWithoutLines: referenceBills.filter((bill) => bill.lines.length === 0).length,
    },
  };
}

interface PricerSet {
  everyone: TermPricer;
  students: TermPricer;
}

function pricerSet(catalog: CatalogSnapshot, taxRates: ReadonlyMap<string, Decimal>): PricerSet {
  return {
    everyone: createTermPricer({ currency: 'EUR', catalog, taxRates }),
    students: createTermPricer({ currency: 'EUR', catalog, taxRates, customerSegment: 'student' }),
  };
}

type BillInput = Omit<BillComputationInput, 'pricer'> & { student: boolean };

function billInputOf(account: BenchAccount, billDate: number): BillInput {
  return {
    account: { id: account.id, name: `Account ${account.id}`, currency: 'EUR', cycle: paris, paymentTermsDays: 14 },
    billDate,
    previousBillDate: account.previousBillAt === undefined ? undefined : toInstant(account.previousBillAt),
    runType: 'onCycle',
    products: account.products.map((product) => ({ id: product.id, name: product.name, billingAccountId: account.id, terms: product.terms })),
    usage: {
      records: account.usage.map((record) => ({ id: `usage-${record.recordId}`, productId: record.productId, usageDate: record.usageDate, quantity: record.quantity, units: record.units })),
      earlierPeriods: [],
      billed: [],
    },
    creditBroughtForward: money(0n, 'EUR'),
    student: account.segment === 'student',
  };
}

/**
 * What a run keeps of each bill: its line count, totals and every line's amount (weighted by its
 * position). The bills themselves are dropped as they are made, as a billing page drops them once
 * written: 2,000 bills kept alive would make the figure one of the garbage collector.
 */
interface BillSummary {
  lines: number;
  amountDue: bigint;
  taxExcluded: bigint;
  lineAmounts: bigint;
}

function summaryOf(bill: BillDraft): BillSummary {
  let lineAmounts = 0n;
  bill.lines.forEach((line, index) => (lineAmounts += BigInt(index + 1) * line.amount.taxIncluded.amount));
  return { lines: bill.lines.length, amountDue: bill.amountDue.amount, taxExcluded: bill.taxExcludedAmount.amount, lineAmounts };
}

function withPricers(inputs: readonly BillInput[], set: PricerSet): BillComputationInput[] {
  return inputs.map(({ student, ...input }) => ({ ...input, pricer: student ? set.students : set.everyone }));
}

function computeAll(inputs: readonly BillComputationInput[]): BillSummary[] {
  const bills: BillSummary[] = new Array(inputs.length);
  for (let index = 0; index < inputs.length; index += 1) bills[index] = summaryOf(computeBill(inputs[index]!));
  return bills;
}

/** A new pricer set for every bill, created inside the timed loop: its cost is what this figure is about. */
function billWithPricerEach(inputs: readonly BillInput[], pricers: () => PricerSet): BillSummary[] {
  const bills: BillSummary[] = new Array(inputs.length);
  for (let index = 0; index < inputs.length; index += 1) {
    const { student, ...input } = inputs[index]!;
    const set = pricers();
    bills[index] = summaryOf(computeBill({ ...input, pricer: student ? set.students : set.everyone }));
  }
  return bills;
}

/** A run's bills must be the reference's: same lines, same amounts (a faster wrong bill is no result). */
function check(bills: readonly BillSummary[], reference: readonly BillSummary[], what: string): void {
  for (let index = 0; index < reference.length; index += 1) {
    const bill = bills[index]!;
    const expected = reference[index]!;
    if (bill.lines !== expected.lines || bill.amountDue !== expected.amountDue || bill.taxExcluded !== expected.taxExcluded || bill.lineAmounts !== expected.lineAmounts) {
      throw new Error(`bill computation: ${what} gave account ${index} another bill than the reference`);
    }
  }
}
