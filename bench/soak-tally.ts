import type { CarefulAnswer } from './careful-client.js';
import { round2, rounded, summarize } from './statistics.js';

/**
 * What the soak's clients saw, per route class: requests and their latency (the whole call,
 * retries and back-offs included, as the caller waited) once the warm-up is over, the errors
 * at any time (a final 5xx, no answer after the retries, an unexpected 4xx or body), and apart
 * from them the calls that needed retries and got through.
 */
export interface RouteClassFigures {
  routeClass: string;
  /** Calls after the warm-up; their latency is below. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Calls during the warm-up: their errors count, their latency does not. */
  warmUpRequests: number;
  errors: number;
  /** Calls that got their expected answer after one or more retries, by what was retried (`502`, `network`...). */
  retriedThenSucceeded: number;
  retriesByReason: Record<string, number>;
}

export interface SoakErrorSample {
  routeClass: string;
  error: string;
  attempts: number;
}

interface ClassTally {
  latencies: number[];
  warmUpRequests: number;
  errors: number;
  retriedThenSucceeded: number;
  retriesByReason: Record<string, number>;
}

/** Up to this many errors are kept with their message, so a report says what they were. */
const keptErrors = 20;

export class SoakTally {
  private readonly byClass = new Map<string, ClassTally>();
  readonly errorSamples: SoakErrorSample[] = [];

  /** `measured`: the call started after the warm-up. `extraError`: a correct status whose body was still wrong (a usage record not stored). */
  record(routeClass: string, call: Pick<CarefulAnswer, 'ms' | 'attempts' | 'retriedFor' | 'error'>, measured: boolean, extraError?: string): void {
    const tally = this.byClass.get(routeClass) ?? { latencies: [], warmUpRequests: 0, errors: 0, retriedThenSucceeded: 0, retriesByReason: {} };
    this.byClass.set(routeClass, tally);
    if (measured) tally.latencies.push(call.ms);
    else tally.warmUpRequests += 1;
    for (const reason of call.retriedFor) tally.retriesByReason[reason] = (tally.retriesByReason[reason] ?? 0) + 1;
    const error = call.error ?? extraError;
    if (error !== undefined) {
      tally.errors += 1;
      if (this.errorSamples.length < keptErrors) this.errorSamples.push({ routeClass, error, attempts: call.attempts });
    } else if (call.retriedFor.length > 0) {
      tally.retriedThenSucceeded += 1;
    }
  }

  get errors(): number {
    return [...this.byClass.values()].reduce((sum, tally) => sum + tally.errors, 0);
  }

  /** Per route class, in the order classes were first seen; `measuredSeconds` is the time after the warm-up. */
  figures(measuredSeconds: number): RouteClassFigures[] {
    return [...this.byClass].map(([routeClass, tally]) => {
      const summary = rounded(summarize(tally.latencies));
      return {
        routeClass,
        requests: tally.latencies.length,
        requestsPerSecond: round2(tally.latencies.length / measuredSeconds),
        p50Ms: summary.p50,
        p99Ms: summary.p99,
        maxMs: summary.max,
        warmUpRequests: tally.warmUpRequests,
        errors: tally.errors,
        retriedThenSucceeded: tally.retriedThenSucceeded,
        retriesByReason: tally.retriesByReason,
      };
    });
  }
}
