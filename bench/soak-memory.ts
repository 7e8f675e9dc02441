import { dynamoDbLocalRssBytes } from './runtime-activity.js';

/**
 * The runtime's memory through a soak. The local runtime (gateway, handlers, event bus, state
 * machines, stream relay) runs in this process, so its memory is this process's; DynamoDB Local
 * is a JVM of its own, read from /proc.
 *
 * Without a forced garbage collection (the bench does not run Node with --expose-gc), one heap
 * sample says little: it is somewhere on the collector's sawtooth. The lowest sample of a window
 * of several seconds is close to what a collection leaves, so "flat" compares the floor of a
 * window right after the warm-up with the floor of the last window of the same length.
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
  /** Floors of the window after the warm-up and of the last window, MB. */
  heapUsedMb: { afterWarmUp: number; end: number; growth: number; allowedGrowth: number; trendPerMinute: number };
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

  /** One more sample, once the background work has drained; not part of the judgement. */
  sampleAfterDrain(): void {
    this.afterDrain = this.sample();
  }

  figures(warmUpMs: number, windowMs: number): MemoryFigures {
    const last = this.samples.at(-1)!;
    const floor = (key: 'rssBytes' | 'heapUsedBytes', from: number, to: number) => windowFloor(this.samples, from, to, key) ?? last[key];
    const heap = judgeHeap(floor('heapUsedBytes', warmUpMs, warmUpMs + windowMs), floor('heapUsedBytes', last.atMs - windowMs, last.atMs));
    const afterWarmUp = this.samples.filter((sample) => sample.atMs >= warmUpMs);
    const jvm = (from: number, to: number) => mbOrNull(windowFloor(this.samples, from, to, 'dynamoDbLocalRssBytes'));
    return {
      samples: this.samples.length,
      sampleEverySeconds: this.everyMs / 1000,
      warmUpSeconds: warmUpMs / 1000,
      windowSeconds: windowMs / 1000,
      heapUsedMb: {
        afterWarmUp: mb(heap.baselineBytes),
        end: mb(heap.endBytes),
        growth: mb(heap.growthBytes),
        allowedGrowth: mb(heap.allowedGrowthBytes),
        trendPerMinute: mb(trendPerMinute(afterWarmUp, 'heapUsedBytes')),
      },
      rssMb: {
        atStart: mb(this.samples[0]!.rssBytes),
        afterWarmUp: mb(floor('rssBytes', warmUpMs, warmUpMs + windowMs)),
        end: mb(floor('rssBytes', last.atMs - windowMs, last.atMs)),
        trendPerMinute: mb(trendPerMinute(afterWarmUp, 'rssBytes')),
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
