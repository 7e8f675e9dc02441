import { decimal, decimalToString, type Decimal } from '../domain/money/decimal.js';
import type { PriceTerms } from '../domain/pricing/price-terms.js';
import { createUsageRater, rateUsage, type UsageRater } from '../domain/pricing/usage-rating.js';
import { seededRandom } from './seeded-random.js';

/**
 * Usage rating throughput, in-process: a deterministic stream of usage records rated one by
 * one by the pricing engine's incremental rater, across the charge models, each record
 * for one of many subscriptions' current period. At the end every period is checked: its
 * records' charges must add up to rating its total usage at once, or, for transactions (each
 * record an event with its own fee), to rating its records again one by one.
 */
export interface UsageRatingOptions {
  records: number;
  onProgress?: (done: number) => void;
}

export interface UsageRatingResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  priceModels: string[];
}

interface RatedModel {
  model: string;
  price: PriceTerms;
  /** The unit records come in (converted by the rater where it differs from the price's). */
  units: string;
  record: (random: () => number) => Decimal;
  /** Each record is a transaction charged on its own: the period is not its total rated at once. */
  perEvent?: boolean;
}

const eur = (value: number) => ({ unit: 'EUR', value });

const models: readonly RatedModel[] = [
  {
    model: 'perUnit',
    // Per minute, reported in seconds: every record is a fraction of a minute.
    price: { priceType: 'usage', chargeModel: 'perUnit', unitOfMeasure: { amount: 1, units: 'minute' }, price: eur(0.05), includedQuantity: 100 },
    units: 'second',
    record: (random) => decimal(1 + Math.floor(random() * 600)),
  },
  {
    model: 'graduated',
    price: {
      priceType: 'usage',
      chargeModel: 'graduated',
      unitOfMeasure: { amount: 1, units: 'GB' },
      includedQuantity: 10,
      priceTier: [
        { fromQuantity: 0, toQuantity: 5, price: eur(2) },
        { fromQuantity: 5, toQuantity: 20, price: eur(1.5) },
        { fromQuantity: 20, price: eur(1) },
      ],
      maximumCharge: eur(60),
    },
    units: 'MB',
    record: (random) => decimal(`${Math.floor(random() * 50)}.${String(Math.floor(random() * 1000)).padStart(3, '0')}`),
  },
  {
    model: 'volume',
    price: {
      priceType: 'usage',
      chargeModel: 'volume',
      unitOfMeasure: { amount: 1, units: 'SMS' },
      priceTier: [
        { fromQuantity: 0, toQuantity: 100, price: eur(0.1) },
        { fromQuantity: 100, toQuantity: 1000, price: eur(0.08), flatFee: eur(1) },
        { fromQuantity: 1000, price: eur(0.05), flatFee: eur(5) },
      ],
    },
    units: 'SMS',
    record: (random) => decimal(1 + Math.floor(random() * 3)),
  },
  {
    model: 'package',
    price: { priceType: 'usage', chargeModel: 'package', unitOfMeasure: { amount: 100, units: 'MMS' }, price: eur(1.5) },
    units: 'MMS',
    record: () => decimal(1),
  },
  {
    model: 'percentage',
    price: { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 2.5, minimumCharge: eur(0.5) },
    units: 'EUR',
    record: (random) => decimal(`${Math.floor(random() * 20)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`),
  },
  {
    model: 'graduatedPercentage',
    price: {
      priceType: 'usage',
      chargeModel: 'graduatedPercentage',
      unitOfMeasure: { amount: 1, units: 'EUR' },
      priceTier: [
        { fromQuantity: 0, toQuantity: 1000, percentage: 2, flatFee: eur(1) },
        { fromQuantity: 1000, percentage: 1.5 },
      ],
    },
    units: 'EUR',
    record: (random) => decimal(`${Math.floor(random() * 200)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`),
  },
  {
    model: 'transaction',
    price: {
      priceType: 'usage',
      chargeModel: 'percentage',
      unitOfMeasure: { amount: 1, units: 'EUR' },
      percentage: 2.9,
      fixedFeePerEvent: eur(0.3),
      maximumPerEvent: eur(5),
      freeEventsPerPeriod: 3,
    },
    units: 'EUR',
    record: (random) => decimal(`${Math.floor(random() * 300)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`),
    perEvent: true,
  },
];

const subscriptionsPerModel = 256;
const recordPoolSize = 4096;
const progressEvery = 250_000;

/** Which subscription the round's record is for: a seeded pick, shifted each time the pool wraps so pairings vary. */
function subscriptionOf(picks: readonly number[], round: number): number {
  return (picks[round % recordPoolSize]! + Math.floor(round / recordPoolSize)) % subscriptionsPerModel;
}

interface Period {
  rater: UsageRater;
  /** The period's usage in thousandths of the record unit (no record has more decimals). */
  thousandths: bigint;
  charged: bigint;
}

export async function measureUsageRating(options: UsageRatingOptions): Promise<UsageRatingResult> {
  const random = seededRandom(20_261_122);
  const pools = models.map((model) => Array.from({ length: recordPoolSize }, () => model.record(random)));
  const periods: Period[][] = models.map((model) =>
    Array.from({ length: subscriptionsPerModel }, () => ({ rater: createUsageRater(model.price), thousandths: 0n, charged: 0n })),
  );
  const picks = Array.from({ length: recordPoolSize }, () => Math.floor(random() * subscriptionsPerModel));
  const modelCount = models.length;

  const started = performance.now();
  for (let index = 0; index < options.records; index += 1) {
    const modelIndex = index % modelCount;
    const round = (index / modelCount) | 0;
    const quantity = pools[modelIndex]![round % recordPoolSize]!;
    const period = periods[modelIndex]![subscriptionOf(picks, round)]!;
    period.charged += period.rater.rate(quantity, models[modelIndex]!.units).amount;
    if ((index + 1) % progressEvery === 0) options.onProgress?.(index + 1);
  }
  const seconds = (performance.now() - started) / 1000;

  verifyPeriods(periods, pools, picks, options.records);
  return {
    records: options.records,
    seconds,
    recordsPerSecond: seconds > 0 ? options.records / seconds : 0,
    priceModels: models.map((model) => model.model),
  };
}

/**
 * Replays the stream's totals (outside the timed loop, so the timing is the rater's alone) and
 * checks each period's record charges against rating its total at once.
 */
function verifyPeriods(periods: Period[][], pools: Decimal[][], picks: number[], records: number): void {
  const modelCount = models.length;
  const thousandths = pools.map((pool) => pool.map((quantity) => quantity.coefficient * 10n ** BigInt(3 - quantity.scale)));
  const replays = models.map((model) => (model.perEvent ? periods[0]!.map(() => createUsageRater(model.price)) : []));
  for (let index = 0; index < records; index += 1) {
    const modelIndex = index % modelCount;
    const round = (index / modelCount) | 0;
    const subscription = subscriptionOf(picks, round);
    periods[modelIndex]![subscription]!.thousandths += thousandths[modelIndex]![round % recordPoolSize]!;
    replays[modelIndex]![subscription]?.rate(pools[modelIndex]![round % recordPoolSize]!, models[modelIndex]!.units);
  }
  models.forEach((model, modelIndex) => {
    periods[modelIndex]!.forEach((period, subscription) => {
      const total: Decimal = { coefficient: period.thousandths, scale: 3 };
      const whole = model.perEvent ? replays[modelIndex]![subscription]!.total().charge.amount : rateUsage(model.price, total, model.units).charge.amount;
      const running = period.rater.total().charge.amount;
      if (period.charged !== whole || running !== whole) {
        throw new Error(
          `usage rating is inconsistent for ${model.model} subscription ${subscription}: records sum to ${period.charged}, ` +
            `the rater's total is ${running}, rating ${decimalToString(total)} ${model.units} at once gives ${whole} (minor units)`,
        );
      }
    });
  });
}
