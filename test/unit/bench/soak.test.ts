import { describe, expect, it } from 'vitest';
import { carefulRetryPolicy } from '../../../bench/careful-client.js';
import { retryDelayMs, retryReason } from '../../support/client-retry-policy.js';
import { soakPhases } from '../../../bench/soak.js';
import { judgeHeap, trendPerMinute, troughs, windowFloor, type MemorySample } from '../../../bench/soak-memory.js';
import { cycleLength, MixScheduler, soakMix, soakOperations, type SoakOperation } from '../../../bench/soak-mix.js';
import { SoakTally } from '../../../bench/soak-tally.js';
import { seededRandom } from '../../../bench/seeded-random.js';
import { evaluateSoakTargets } from '../../../bench/targets.js';
import { passingSoak, soakPass } from './soak-figures-fixture.js';

const mb = 2 ** 20;

describe('the soak’s mix (bench)', () => {
  it('gives every cycle exactly the mix’s counts, in a shuffled order', () => {
    const scheduler = new MixScheduler(seededRandom(1));
    const length = cycleLength();
    const cycles = Array.from({ length: 5 }, () => Array.from({ length }, () => scheduler.next()));
    for (const cycle of cycles) {
      const counts = Object.fromEntries(soakOperations.map((operation) => [operation, cycle.filter((each) => each === operation).length]));
      expect(counts).toEqual(soakMix);
    }
    expect(new Set(cycles.map((cycle) => cycle.join()))).not.toHaveProperty('size', 1);
  });

  it('does the same requests in the same order for the same seed', () => {
    const run = (seed: number) => {
      const scheduler = new MixScheduler(seededRandom(seed));
      return Array.from({ length: 60 }, () => scheduler.next());
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('refuses a mix without any operation', () => {
    const nothing = Object.fromEntries(soakOperations.map((operation) => [operation, 0])) as Record<SoakOperation, number>;
    expect(() => new MixScheduler(seededRandom(1), nothing)).toThrow(/no operation/);
  });
});

describe('the soak’s careful client (bench)', () => {
  it('sends again what docs/reliability.md says a client must, and nothing else', () => {
    expect([502, 503, 504].map((status) => retryReason(status, undefined))).toEqual(['502', '503', '504']);
    expect(retryReason(409, { code: 'CONCURRENT_TRANSACTION' })).toBe('409 CONCURRENT_TRANSACTION');
    expect(retryReason(409, { code: 'IDEMPOTENT_REQUEST_IN_PROGRESS' })).toBe('409 IDEMPOTENT_REQUEST_IN_PROGRESS');
    for (const [status, body] of [
      [409, { code: 'CONCURRENT_MODIFICATION' }],
      [409, undefined],
      [400, { code: 'CONCURRENT_TRANSACTION' }],
      [422, {}],
      [429, {}],
      [500, {}],
      [200, {}],
    ] as const) {
      expect(retryReason(status, body)).toBeUndefined();
    }
  });

  it('backs off exponentially with jitter, capped, and waits at least what Retry-After asks', () => {
    expect(retryDelayMs(1, null, () => 0)).toBe(carefulRetryPolicy.baseDelayMs);
    expect(retryDelayMs(3, null, () => 0)).toBe(carefulRetryPolicy.baseDelayMs * 4);
    expect(retryDelayMs(3, null, () => 0.999)).toBeLessThan(carefulRetryPolicy.baseDelayMs * 4 * 1.5);
    expect(retryDelayMs(20, null, () => 0)).toBe(carefulRetryPolicy.maxDelayMs);
    expect(retryDelayMs(1, '1', () => 0)).toBe(1_000);
    expect(retryDelayMs(1, 'soon', () => 0)).toBe(carefulRetryPolicy.baseDelayMs);
  });
});

describe('the soak’s tally (bench)', () => {
  it('times the calls after the warm-up, counts errors at any time, and the retries that got through apart', () => {
    const tally = new SoakTally();
    tally.record('GET x', { ms: 10, attempts: 1, retriedFor: [], error: undefined }, false);
    tally.record('GET x', { ms: 20, attempts: 2, retriedFor: ['502'], error: undefined }, true);
    tally.record('GET x', { ms: 30, attempts: 5, retriedFor: ['503', '503', '503', '503'], error: '503 SERVICE_UNAVAILABLE' }, false);
    tally.record('POST y', { ms: 40, attempts: 1, retriedFor: [], error: undefined }, true, 'usage batch stored 49 of 50');
    const [x, y] = tally.figures(2);
    expect(x).toMatchObject({ routeClass: 'GET x', requests: 1, requestsPerSecond: 0.5, p50Ms: 20, warmUpRequests: 2, errors: 1, retriedThenSucceeded: 1, retriesByReason: { '502': 1, '503': 4 } });
    expect(y).toMatchObject({ routeClass: 'POST y', requests: 1, errors: 1, retriedThenSucceeded: 0 });
    expect(tally.errors).toBe(2);
    expect(tally.errorSamples.map((sample) => sample.error)).toEqual(['503 SERVICE_UNAVAILABLE', 'usage batch stored 49 of 50']);
  });
});

describe('the soak’s memory judgement (bench)', () => {
  const sample = (atMs: number, heapMb: number, rssMb = 300): MemorySample => ({ atMs, heapUsedBytes: heapMb * mb, rssBytes: rssMb * mb, dynamoDbLocalRssBytes: null });

  it('takes the floor of a window, the sawtooth’s low points', () => {
    const samples = [sample(0, 90), sample(1_000, 140), sample(2_000, 100), sample(3_000, 160), sample(4_000, 95)];
    expect(windowFloor(samples, 1_000, 3_000, 'heapUsedBytes')).toBe(100 * mb);
    expect(windowFloor(samples, 5_000, 6_000, 'heapUsedBytes')).toBeUndefined();
    expect(windowFloor(samples, 0, 4_000, 'dynamoDbLocalRssBytes')).toBeUndefined();
  });

  it('calls the heap flat within 50 MB, or 20 % of a larger heap, of the post-warm-up heap', () => {
    expect(judgeHeap(100 * mb, 150 * mb)).toMatchObject({ flat: true, growthBytes: 50 * mb, allowedGrowthBytes: 50 * mb });
    expect(judgeHeap(100 * mb, 151 * mb).flat).toBe(false);
    expect(judgeHeap(500 * mb, 600 * mb)).toMatchObject({ flat: true, allowedGrowthBytes: 100 * mb });
    expect(judgeHeap(500 * mb, 601 * mb).flat).toBe(false);
    expect(judgeHeap(200 * mb, 120 * mb).flat).toBe(true);
  });

  it('gives the trend as a least-squares slope per minute', () => {
    const growing = Array.from({ length: 61 }, (_, second) => sample(second * 1_000, 100 + second / 6));
    expect(trendPerMinute(growing, 'heapUsedBytes') / mb).toBeCloseTo(10, 6);
    expect(trendPerMinute([sample(0, 100), sample(0, 200)], 'heapUsedBytes')).toBe(0);
    expect(trendPerMinute([sample(0, 100)], 'heapUsedBytes')).toBe(0);
  });

  it('takes the trend of the sawtooth’s low points, not of where the samples happened to fall', () => {
    // A heap that collects back to 100 MB every 5 s while the samples climb between collections.
    const sawtooth = Array.from({ length: 60 }, (_, second) => sample(second * 1_000, 100 + (second % 5) * 40));
    expect(trendPerMinute(troughs(sawtooth, 5_000, 'heapUsedBytes'), 'heapUsedBytes')).toBe(0);
    expect(troughs(sawtooth, 5_000, 'heapUsedBytes').map((low) => low.atMs)).toEqual(Array.from({ length: 12 }, (_, bucket) => bucket * 5_000));
    const leaking = Array.from({ length: 60 }, (_, second) => sample(second * 1_000, 100 + Math.floor(second / 5) + (second % 5) * 40));
    expect(trendPerMinute(troughs(leaking, 5_000, 'heapUsedBytes'), 'heapUsedBytes') / mb).toBeCloseTo(12, 6);
  });

  it('warms up for a sixth of the soak (at most 30 s) and compares windows of a tenth (at least 5 s)', () => {
    expect(soakPhases(180)).toEqual({ warmUpMs: 30_000, windowMs: 18_000 });
    expect(soakPhases(600)).toEqual({ warmUpMs: 30_000, windowMs: 60_000 });
    expect(soakPhases(30)).toEqual({ warmUpMs: 5_000, windowMs: 5_000 });
  });
});

describe('the soak’s targets (bench)', () => {
  it('meets them with no error, a flat heap and every end check holding under faults', () => {
    const targets = evaluateSoakTargets(passingSoak());
    expect(Object.values(targets).every((target) => target.pass)).toBe(true);
    expect(targets.soakMemory).toMatchObject({ worst: 10, limit: 50 });
  });

  it('misses each on its own figure', () => {
    const { clean, faulted } = passingSoak();
    expect(evaluateSoakTargets({ clean: soakPass({ errors: 1 }), faulted }).soakErrors).toMatchObject({ pass: false, worst: 1 });
    expect(evaluateSoakTargets({ clean: soakPass({ memory: { ...clean.memory, flat: false } }), faulted }).soakMemory.pass).toBe(false);
    expect(evaluateSoakTargets({ clean, faulted: soakPass({ errors: 2 }) }).faultedSoakErrors).toMatchObject({ pass: false, worst: 2 });
    const broken = { ...faulted.endChecks, problems: ['1 event deliveries dead-lettered'], hold: false };
    expect(evaluateSoakTargets({ clean, faulted: soakPass({ endChecks: broken }) }).faultedSoakInvariants).toMatchObject({ pass: false, worst: 1 });
  });
});
