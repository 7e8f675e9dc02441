import { dynamoDbLocalRssBytes } from './runtime-activity.js';

/**
 * The runtime's memory through a soak. The local runtime (gateway, handlers, event bus, state
 * machines, stream relay) runs in this process, so its memory is this process's; DynamoDB Local
 * is a JVM of its own, read from /proc.
 *
 * One heap sample taken while the work goes on says little: it is somewhere on the collector's
 * sawtooth. Where the process can force a collection (the soak's own process runs with
 * --expose-gc), "flat" compares the heap a forced collection leaves at the end of the warm-up
 * with the one it leaves at the end of the workload. Elsewhere it compares the lowest sample of a
 * window right after the warm-up with the lowest of the last window of the same length, which is
 * close to what a collection leaves; both are reported.
 */
export interface MemorySample {
  /** Milliseconds since the workload started. */
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  dynamoDbLocalRssBytes: number | null;
}

export const flatHeap = {
  /** The end floor may exceed the post-warm-up floor by this much, whichever of the two is larger. */
  allowedGrowthBytes: 50 * 2 ** 20,
  allowedGrowthShare: 0.2,
} as const;

export interface HeapJudgement {
  /** The post-warm-up floor and the end floor, bytes. */
  baselineBytes: number;
  endBytes: number;
  growthBytes: number;
  allowedGrowthBytes: number;
  flat: boolean;
}

/** The lowest value of `key` among the samples taken from `fromMs` to `toMs` (both included), or undefined when none was. */
export function windowFloor(samples: readonly MemorySample[], fromMs: number, toMs: number, key: 'rssBytes' | 'heapUsedBytes' | 'dynamoDbLocalRssBytes'): number | undefined {
  let floor: number | undefined;
  for (const sample of samples) {
    const value = sample[key];
    if (sample.atMs < fromMs || sample.atMs > toMs || value === null) continue;
    if (floor === undefined || value < floor) floor = value;
  }
  return floor;
}

/** Whether the end heap is within the allowance of the post-warm-up heap. */
export function judgeHeap(baselineBytes: number, endBytes: number): HeapJudgement {
  const allowedGrowthBytes = Math.max(flatHeap.allowedGrowthBytes, baselineBytes * flatHeap.allowedGrowthShare);
  const growthBytes = endBytes - baselineBytes;
  return { baselineBytes, endBytes, growthBytes, allowedGrowthBytes, flat: growthBytes <= allowedGrowthBytes };
}

/**
 * Per bucket of `bucketMs`, the sample with the lowest `key`: the sawtooth's low points, whose
 * trend says more than the samples' (those fall anywhere between two collections).
 */
export function troughs(samples: readonly MemorySample[], bucketMs: number, key: 'rssBytes' | 'heapUsedBytes'): MemorySample[] {
  const lowest = new Map<number, MemorySample>();
  for (const sample of samples) {
    const bucket = Math.floor(sample.atMs / bucketMs);
    const known = lowest.get(bucket);
    if (known === undefined || sample[key] < known[key]) lowest.set(bucket, sample);
  }
  return [...lowest.values()].sort((a, b) => a.atMs - b.atMs);
}

/** Least-squares slope of `key` over the samples, in bytes per minute (0 with fewer than two samples). */
export function trendPerMinute(samples: readonly MemorySample[], key: 'rssBytes' | 'heapUsedBytes'): number {
  if (samples.length < 2) return 0;
  const meanX = samples.reduce((sum, sample) => sum + sample.atMs, 0) / samples.length;
  const meanY = samples.reduce((sum, sample) => sum + sample[key], 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const sample of samples) {
    covariance += (sample.atMs - meanX) * (sample[key] - meanY);
    variance += (sample.atMs - meanX) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 60_000;
}

export interface MemoryFigures {
  samples: number;
  sampleEverySeconds: number;
  warmUpSeconds: number;
  windowSeconds: number;
  /** What the heap figures judged come from: a forced collection at each end, or the floors of the windows. */
  heapMeasuredBy: 'forced GC' | 'window floors';
  /** The judged heap after the warm-up and at the end, MB; the windows' floors beside them. */
  heapUsedMb: { afterWarmUp: number; end: number; growth: number; allowedGrowth: number; floors: { afterWarmUp: number; end: number }; /** Of the windows' floors after the warm-up, MB a minute. */ trendPerMinute: number };
  rssMb: { atStart: number; afterWarmUp: number; end: number; trendPerMinute: number };
  dynamoDbLocalRssMb: { atStart: number | null; afterWarmUp: number | null; end: number | null };
  /** Heap and RSS once the background work after the workload had drained. */
  afterDrainMb: { heapUsed: number; rss: number; dynamoDbLocalRss: number | null } | null;
  flat: boolean;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const mbOrNull = (bytes: number | undefined | null) => (bytes === undefined || bytes === null ? null : mb(bytes));

/** Samples this process's memory and the JVM's every `everyMs` until stopped. */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();
  private afterDrain: MemorySample | undefined;
  private readonly collected: { afterWarmUp?: MemorySample; end?: MemorySample } = {};
  private readonly forceGc = (globalThis as { gc?: () => void }).gc;

  constructor(
    private readonly dynamoDbEndpoint: string,
    readonly everyMs = 1_000,
  ) {
    this.take();
    this.timer = setInterval(() => this.take(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.take();
  }

  /**
   * A sample after a forced collection, where the process allows one (a pause of the whole
   * runtime, once at each end): what `figures` judges then.
   */
  sampleCollected(moment: 'afterWarmUp' | 'end'): void {
    if (!this.forceGc) return;
    this.forceGc();
    this.collected[moment] = this.sample();
  }

  /** One more sample, once the background work has drained; not part of the judgement. */
  sampleAfterDrain(): void {
    this.afterDrain = this.sample();
  }

  figures(warmUpMs: number, windowMs: number): MemoryFigures {
    const last = this.samples.at(-1)!;
    const floor = (key: 'rssBytes' | 'heapUsedBytes', from: number, to: number) => windowFloor(this.samples, from, to, key) ?? last[key];
    const floors = { afterWarmUp: floor('heapUsedBytes', warmUpMs, warmUpMs + windowMs), end: floor('heapUsedBytes', last.atMs - windowMs, last.atMs) };
    const { afterWarmUp: collectedAfterWarmUp, end: collectedEnd } = this.collected;
    const byGc = collectedAfterWarmUp !== undefined && collectedEnd !== undefined;
    const heap = byGc ? judgeHeap(collectedAfterWarmUp.heapUsedBytes, collectedEnd.heapUsedBytes) : judgeHeap(floors.afterWarmUp, floors.end);
    const afterWarmUp = this.samples.filter((sample) => sample.atMs >= warmUpMs);
    const jvm = (from: number, to: number) => mbOrNull(windowFloor(this.samples, from, to, 'dynamoDbLocalRssBytes'));
    return {
      samples: this.samples.length,
      sampleEverySeconds: this.everyMs / 1000,
      warmUpSeconds: warmUpMs / 1000,
      windowSeconds: windowMs / 1000,
      heapMeasuredBy: byGc ? 'forced GC' : 'window floors',
      heapUsedMb: {
        afterWarmUp: mb(heap.baselineBytes),
        end: mb(heap.endBytes),
        growth: mb(heap.growthBytes),
        allowedGrowth: mb(heap.allowedGrowthBytes),
        trendPerMinute: mb(trendPerMinute(troughs(afterWarmUp, windowMs, 'heapUsedBytes'), 'heapUsedBytes')),
        floors: { afterWarmUp: mb(floors.afterWarmUp), end: mb(floors.end) },
      },
      rssMb: {
        atStart: mb(this.samples[0]!.rssBytes),
        afterWarmUp: mb(floor('rssBytes', warmUpMs, warmUpMs + windowMs)),
        end: mb(floor('rssBytes', last.atMs - windowMs, last.atMs)),
        trendPerMinute: mb(trendPerMinute(troughs(afterWarmUp, windowMs, 'rssBytes'), 'rssBytes')),
      },
      dynamoDbLocalRssMb: { atStart: mbOrNull(this.samples[0]!.dynamoDbLocalRssBytes), afterWarmUp: jvm(warmUpMs, warmUpMs + windowMs), end: jvm(last.atMs - windowMs, last.atMs) },
      afterDrainMb: this.afterDrain
        ? { heapUsed: mb(this.afterDrain.heapUsedBytes), rss: mb(this.afterDrain.rssBytes), dynamoDbLocalRss: mbOrNull(this.afterDrain.dynamoDbLocalRssBytes) }
        : null,
      flat: heap.flat,
    };
  }

  private take(): void {
    this.samples.push(this.sample());
  }

  private sample(): MemorySample {
    const usage = process.memoryUsage();
    return {
      atMs: performance.now() - this.started,
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      dynamoDbLocalRssBytes: dynamoDbLocalRssBytes(this.dynamoDbEndpoint) ?? null,
    };
  }
}
