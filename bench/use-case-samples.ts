import { mode, rounded, summarize, type Summary } from './statistics.js';

export interface RoundTripSummary {
  useCase: string;
  requests: number;
  min: number;
  max: number;
  /** The most frequent count. */
  typical: number;
}

/**
 * Per use case (e.g. "GET customer", "raw GetItem"): the latency of each request and, for API
 * requests, the DynamoDB round trips the handler made.
 */
export class UseCaseSamples {
  private readonly latencies = new Map<string, number[]>();
  private readonly roundTrips = new Map<string, number[]>();

  record(useCase: string, ms: number, roundTrips?: number): void {
    const latencies = this.latencies.get(useCase) ?? [];
    latencies.push(ms);
    this.latencies.set(useCase, latencies);
    if (roundTrips === undefined) return;
    if (!Number.isFinite(roundTrips)) throw new Error(`${useCase}: the response carried no x-local-dynamodb-round-trips header`);
    const counts = this.roundTrips.get(useCase) ?? [];
    counts.push(roundTrips);
    this.roundTrips.set(useCase, counts);
  }

  latency(useCase: string): Summary {
    const samples = this.latencies.get(useCase);
    if (!samples || samples.length === 0) throw new Error(`no latency samples for ${useCase}`);
    return rounded(summarize(samples));
  }

  latencySummaries(): Record<string, Summary> {
    return Object.fromEntries([...this.latencies.keys()].map((useCase) => [useCase, this.latency(useCase)]));
  }

  roundTripSummaries(): RoundTripSummary[] {
    return [...this.roundTrips].map(([useCase, counts]) => ({
      useCase,
      requests: counts.length,
      min: Math.min(...counts),
      max: Math.max(...counts),
      typical: mode(counts),
    }));
  }
}
