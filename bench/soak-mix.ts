/**
 * The soak's workload mix: what one client does, as counts per cycle. Each client goes through
 * cycles of these operations in an order shuffled by its own seeded random, so every client does
 * the same mix whatever its speed, and two runs with the same seeds do the same requests.
 */
export const soakOperations = ['readOfferings', 'readCustomer', 'listOrders', 'listBills', 'createCustomer', 'placeOrder', 'postUsage'] as const;
export type SoakOperation = (typeof soakOperations)[number];

/** Per cycle of 20: reads 12, customer creates 3, orders 2, usage batches 3. */
export const soakMix: Readonly<Record<SoakOperation, number>> = {
  readOfferings: 3,
  readCustomer: 3,
  listOrders: 3,
  listBills: 3,
  createCustomer: 3,
  placeOrder: 2,
  postUsage: 3,
};

/** The operations of one client, one after another, forever: each cycle holds the mix's counts in a shuffled order. */
export class MixScheduler {
  private cycle: SoakOperation[] = [];

  constructor(
    private readonly random: () => number,
    private readonly mix: Readonly<Record<SoakOperation, number>> = soakMix,
  ) {
    if (Object.values(mix).every((count) => count === 0)) throw new Error('the mix has no operation');
  }

  next(): SoakOperation {
    if (this.cycle.length === 0) this.cycle = this.shuffledCycle();
    return this.cycle.pop()!;
  }

  private shuffledCycle(): SoakOperation[] {
    const cycle = soakOperations.flatMap((operation) => Array.from({ length: this.mix[operation] }, () => operation));
    // Fisher-Yates with the client's own random.
    for (let index = cycle.length - 1; index > 0; index -= 1) {
      const other = Math.floor(this.random() * (index + 1));
      [cycle[index], cycle[other]] = [cycle[other]!, cycle[index]!];
    }
    return cycle;
  }
}

export const cycleLength = (mix: Readonly<Record<SoakOperation, number>> = soakMix): number => Object.values(mix).reduce((sum, count) => sum + count, 0);
