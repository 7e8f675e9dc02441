/**
 * Account credit (docs/collections.md, "Account credit"): money the account holds beyond what
 * its bills owe, kept per source (the payment it came from, the credit note that credited a
 * bill already paid, or a goodwill credit), oldest first, so that a bill the credit pays later
 * names where the money came from: in `appliedPayment` a payment, in `appliedCreditNote` a
 * credit note, in `appliedGoodwillCredit` a goodwill credit.
 */
export interface CreditSource {
  /** The id of the payment the money came from, or of the credit note or goodwill credit (`from` says which). */
  paymentId: string;
  /** `CreditNote` or `GoodwillCredit` when one is the source; absent: a payment. */
  from?: 'CreditNote' | 'GoodwillCredit';
  amountMinor: bigint;
  /** When the credit arose: the oldest is used first. */
  since: string;
}

export function totalCreditMinor(sources: readonly CreditSource[]): bigint {
  return sources.reduce((sum, source) => sum + source.amountMinor, 0n);
}

/** The sources with `amountMinor` more from `paymentId` (merged when the payment already has credit). */
export function addCredit(sources: readonly CreditSource[], credit: CreditSource): CreditSource[] {
  if (credit.amountMinor <= 0n) return [...sources];
  const existing = sources.find((source) => source.paymentId === credit.paymentId);
  if (existing) return sources.map((source) => (source === existing ? { ...source, amountMinor: source.amountMinor + credit.amountMinor } : source));
  return [...sources, credit].sort((a, b) => a.since.localeCompare(b.since) || a.paymentId.localeCompare(b.paymentId));
}

/**
 * Uses up to `owedMinor` of the credit, oldest source first: what each source gives, and the
 * sources left (emptied ones dropped). Never uses more than there is or than is owed.
 */
export function useCredit(sources: readonly CreditSource[], owedMinor: bigint): { used: Pick<CreditSource, 'paymentId' | 'from' | 'amountMinor'>[]; left: CreditSource[] } {
  let owed = owedMinor;
  const used: Pick<CreditSource, 'paymentId' | 'from' | 'amountMinor'>[] = [];
  const left: CreditSource[] = [];
  for (const source of sources) {
    const take = owed <= 0n ? 0n : source.amountMinor < owed ? source.amountMinor : owed;
    if (take > 0n) used.push({ paymentId: source.paymentId, ...(source.from ? { from: source.from } : {}), amountMinor: take });
    owed -= take;
    if (source.amountMinor - take > 0n) left.push({ ...source, amountMinor: source.amountMinor - take });
  }
  return { used, left };
}

/**
 * Takes back up to `upToMinor` of the credit that came from `paymentId` (a refund of that
 * payment): what was taken, and the sources left (the source dropped when emptied). Only a
 * payment's credit is taken back: credit notes and goodwill credits gave no money to refund.
 */
export function takeBackCredit(sources: readonly CreditSource[], paymentId: string, upToMinor: bigint): { takenMinor: bigint; left: CreditSource[] } {
  const source = sources.find((each) => each.paymentId === paymentId && each.from === undefined);
  if (!source || upToMinor <= 0n) return { takenMinor: 0n, left: [...sources] };
  const takenMinor = source.amountMinor < upToMinor ? source.amountMinor : upToMinor;
  const left = sources.flatMap((each) => (each !== source ? [each] : each.amountMinor > takenMinor ? [{ ...each, amountMinor: each.amountMinor - takenMinor }] : []));
  return { takenMinor, left };
}
