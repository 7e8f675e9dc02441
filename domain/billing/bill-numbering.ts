/**
 * Legal bill numbers (docs/billing.md, "Numbering"): gapless and increasing with issue order
 * in their series, one series per calendar year (`2027-000001`). Numbers are given when bills
 * are issued, several in one transaction that also moves the series' counter, so bills built in
 * parallel still get consecutive numbers and a bill that fails to build never takes one.
 * A test clock's bills have series of their own (`TEST-<clock>-2027-000001`), so simulated
 * billing never uses a legal number.
 */
export interface BillSeries {
  /** The counter's key: `2027`, or `test-clock-<id>-2027`. */
  key: string;
  /** What numbers of the series start with: `2027-`, or `TEST-<first 8 of the clock id>-2027-`. */
  prefix: string;
}

export function seriesOf(billDate: string, timeZone: string, testClockId?: string): BillSeries {
  const year = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(billDate));
  return testClockId === undefined
    ? { key: year, prefix: `${year}-` }
    : { key: `test-clock-${testClockId}-${year}`, prefix: `TEST-${testClockId.slice(0, 8)}-${year}-` };
}

export function formatBillNo(series: BillSeries, sequence: number): string {
  return `${series.prefix}${String(sequence).padStart(6, '0')}`;
}

/**
 * The numbers a batch of bills gets, given each series' last number: in the order given (the
 * order they are issued), consecutive per series. Returns the numbers and each series' new last.
 */
export function numberBills<T extends { series: BillSeries }>(bills: readonly T[], lastNumbers: ReadonlyMap<string, number>): { numbered: (T & { billNo: string })[]; last: Map<string, number> } {
  const last = new Map(lastNumbers);
  const numbered = bills.map((bill) => {
    const next = (last.get(bill.series.key) ?? 0) + 1;
    last.set(bill.series.key, next);
    return { ...bill, billNo: formatBillNo(bill.series, next) };
  });
  return { numbered, last };
}
