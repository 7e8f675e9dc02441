import type { FaultKind, FaultProfile } from './fault-profile.js';

/**
 * Decides, opportunity by opportunity, whether a fault strikes, and counts those that did
 * (GET /_local/faults). Random by default: under concurrency the order of opportunities is not
 * repeatable anyway, so a seed would promise a replay it cannot give.
 */
export class FaultInjector {
  private readonly struck = new Map<FaultKind, number>();

  constructor(
    readonly profile: FaultProfile,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether this opportunity gets the fault; counted when it does. */
  strikes(kind: FaultKind): boolean {
    const rate = this.profile.rates[kind];
    if (rate <= 0 || this.random() >= rate) return false;
    this.struck.set(kind, (this.struck.get(kind) ?? 0) + 1);
    return true;
  }

  /** The faults injected so far, by kind (every kind of the profile, zeros included). */
  counts(): Record<FaultKind, number> {
    return Object.fromEntries(Object.keys(this.profile.rates).map((kind) => [kind, this.struck.get(kind as FaultKind) ?? 0])) as Record<FaultKind, number>;
  }
}
