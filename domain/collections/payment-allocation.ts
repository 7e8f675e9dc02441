import { InvalidInputError, type FieldProblem } from '../shared/domain-errors.js';

/**
 * How money received is spread over what is owed (docs/collections.md, "Allocation"): to the
 * bills a payment names, each up to what it still owes, or else to the account's open bills
 * oldest first (by due date, then bill date); what is left becomes account credit. The same
 * rule applies account credit to a new bill. Amounts are minor units of one currency: nothing
 * here can create or lose a cent (allocated + unapplied = received, every allocation ≤ what its
 * bill owes).
 */
export interface OpenBill {
  id: string;
  /** What the bill still owes, minor units, > 0. */
  remainingMinor: bigint;
  paymentDueDate: string;
  billDate: string;
}

export interface NamedAllocation {
  billId: string;
  /** How much of the payment goes to this bill; absent: as much as it owes, up to what is left. */
  amountMinor?: bigint;
}

export interface Allocation {
  billId: string;
  amountMinor: bigint;
}

export interface AllocationResult {
  allocations: Allocation[];
  /** What no bill took: account credit. */
  unappliedMinor: bigint;
}

/** The oldest open bills first: by due date, then bill date, then id (a stable order for equal dates). */
export function oldestFirst<T extends Pick<OpenBill, 'id' | 'paymentDueDate' | 'billDate'>>(bills: readonly T[]): T[] {
  return [...bills].sort((a, b) => a.paymentDueDate.localeCompare(b.paymentDueDate) || a.billDate.localeCompare(b.billDate) || a.id.localeCompare(b.id));
}

/** Spreads `amountMinor` over bills in the order given, each up to what it owes. */
export function allocateInOrder(amountMinor: bigint, bills: readonly Pick<OpenBill, 'id' | 'remainingMinor'>[]): AllocationResult {
  let left = amountMinor;
  const allocations: Allocation[] = [];
  for (const bill of bills) {
    if (left <= 0n) break;
    const applied = bill.remainingMinor < left ? bill.remainingMinor : left;
    if (applied <= 0n) continue;
    allocations.push({ billId: bill.id, amountMinor: applied });
    left -= applied;
  }
  return { allocations, unappliedMinor: left };
}

/**
 * A payment's allocation. Named bills must be open bills of the account (`openBills`), each
 * named once, each amount positive and at most what the bill owes, and all of them at most the
 * payment: otherwise InvalidInputError naming `paymentItem[i]...`. Without names, the oldest
 * open bills first.
 */
export function allocatePayment(input: { amountMinor: bigint; named?: readonly NamedAllocation[]; openBills: readonly OpenBill[]; formatMinor: (minor: bigint) => string }): AllocationResult {
  if (input.amountMinor <= 0n) throw new InvalidInputError('a payment must be positive', [{ field: 'totalAmount.value', problem: 'must be positive' }]);
  if (!input.named || input.named.length === 0) return allocateInOrder(input.amountMinor, oldestFirst(input.openBills));

  const open = new Map(input.openBills.map((bill) => [bill.id, bill]));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  input.named.forEach((named, index) => {
    const field = `paymentItem[${index}]`;
    const bill = open.get(named.billId);
    if (seen.has(named.billId)) problems.push({ field: `${field}.item.id`, problem: `bill ${named.billId} is named twice` });
    seen.add(named.billId);
    if (!bill) {
      problems.push({ field: `${field}.item.id`, problem: `bill ${named.billId} is not an open bill of this billing account` });
      return;
    }
    if (named.amountMinor === undefined) return;
    if (named.amountMinor <= 0n) problems.push({ field: `${field}.totalAmount.value`, problem: 'must be positive' });
    else if (named.amountMinor > bill.remainingMinor) {
      problems.push({ field: `${field}.totalAmount.value`, problem: `exceeds what bill ${bill.id} still owes (${input.formatMinor(bill.remainingMinor)})` });
    }
  });
  if (problems.length > 0) throw new InvalidInputError(`the payment cannot be allocated: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);

  const explicit = input.named.reduce((sum, named) => sum + (named.amountMinor ?? 0n), 0n);
  if (explicit > input.amountMinor) {
    throw new InvalidInputError(`the payment items add up to ${input.formatMinor(explicit)}, more than the payment of ${input.formatMinor(input.amountMinor)}`, [
      { field: 'paymentItem', problem: `allocates ${input.formatMinor(explicit)}, more than the payment's ${input.formatMinor(input.amountMinor)}` },
    ]);
  }
  // Explicit amounts first, then the bills named without one share what is left, in the order named.
  let left = input.amountMinor - explicit;
  const allocations: Allocation[] = input.named.map((named) => {
    if (named.amountMinor !== undefined) return { billId: named.billId, amountMinor: named.amountMinor };
    const owed = open.get(named.billId)!.remainingMinor;
    const applied = owed < left ? owed : left;
    left -= applied;
    return { billId: named.billId, amountMinor: applied };
  });
  return { allocations: allocations.filter((allocation) => allocation.amountMinor > 0n), unappliedMinor: left };
}
