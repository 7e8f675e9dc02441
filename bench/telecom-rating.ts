import { decimal } from '../domain/money/decimal.js';
import { money } from '../domain/money/money.js';
import { chargeCall, type CallChargeTerms } from '../domain/rating/call-charging.js';
import { splitCallByBands, type TimeBandPlan } from '../domain/rating/time-bands.js';
import { compileZoneTable, type DestinationZone, type ZoneTable } from '../domain/rating/zone-table.js';
import { seededRandom } from './seeded-random.js';

/**
 * Telecom rating throughput, in-process, one core (docs/rating.md): call records each looked up
 * in a 20,000-prefix zone table (longest prefix, in the version in force at the call), split at
 * time-band boundaries in Europe/Paris (peak, off-peak, weekend, holidays) and charged with
 * per-call increments (60/1), a connect fee, a per-event maximum and a per-call cap, at the
 * zone's band prices. The records come from a pool built beforehand; the checksum of every charge
 * is compared with a second, untimed pass, so the figure is the rating's alone and it is right.
 */
export interface TelecomRatingResult {
  records: number;
  prefixes: number;
  seconds: number;
  recordsPerSecond: number;
  /** Records whose call crossed a band boundary and was rated in two or more parts. */
  splitRecords: number;
  /** Records whose number matched no prefix: the wiring rejects them; counted, not charged. */
  unzonedRecords: number;
  /** The sum of every charge, in minor units: a change that makes rating faster must leave it as it was. */
  checksum: string;
}

const zones = ['national-fixed', 'national-mobile', 'eu', 'world-1', 'world-2', 'premium'] as const;

/** 20,000 prefixes of 3 to 8 digits after the +, every one a zone, none repeated. */
function largeZoneTable(prefixCount: number, random: () => number): ZoneTable {
  const seen = new Set<string>();
  const destinationZones: DestinationZone[] = [];
  while (destinationZones.length < prefixCount) {
    const length = 2 + Math.floor(random() * 7);
    let prefix = `+${1 + Math.floor(random() * 9)}`;
    for (let digit = 1; digit < length; digit += 1) prefix += Math.floor(random() * 10);
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    destinationZones.push({ prefix, zone: zones[Math.floor(random() * zones.length)]! });
  }
  return {
    id: 'bench-zones',
    name: 'bench zones',
    versions: [
      { validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', destinationZones: destinationZones.slice(0, prefixCount / 2), roamingZones: [] },
      { validFrom: '2027-01-01T00:00:00Z', destinationZones, roamingZones: [] },
    ],
  };
}

const bands: TimeBandPlan = {
  weekdays: [
    { from: '00:00', band: 'off-peak' },
    { from: '08:00', band: 'peak' },
    { from: '20:00', band: 'off-peak' },
  ],
  weekend: [{ from: '00:00', band: 'weekend' }],
  holidays: { dates: ['2027-01-01', '2027-04-05', '2027-05-01', '2027-05-08', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25'], schedule: [{ from: '00:00', band: 'weekend' }] },
};

/** Each zone's per-minute prices by band, with the per-call terms every call is charged with. */
function termsOfZones(): Map<string, CallChargeTerms> {
  return new Map(
    zones.map((zone, index) => [
      zone,
      {
        currency: 'EUR',
        price: decimal(`0.${String(5 + index * 7).padStart(2, '0')}`),
        per: 'minute' as const,
        bandPrices: { peak: decimal(`0.${String(9 + index * 9).padStart(2, '0')}`), weekend: decimal(`0.0${1 + index}`) },
        increments: { first: 60, next: 1 },
        connectFee: money(BigInt(5 + index), 'EUR'),
        maximumPerEvent: money(2_000n, 'EUR'),
        maximumPerCall: money(2_500n, 'EUR'),
      },
    ]),
  );
}

interface CallRecord {
  destination: string;
  startMs: number;
  seconds: number;
}

export function measureTelecomRating(options: { records: number; prefixes: number; onProgress?: (line: string) => void }): TelecomRatingResult {
  const random = seededRandom(20_261_205);
  const table = largeZoneTable(options.prefixes, random);
  const compiled = compileZoneTable(table);
  const terms = termsOfZones();
  const prefixes = table.versions[1]!.destinationZones.map((each) => each.prefix);
  const poolSize = 65_536;
  const yearStart = Date.parse('2026-07-01T00:00:00Z');
  const pool: CallRecord[] = Array.from({ length: poolSize }, () => {
    const prefix = prefixes[Math.floor(random() * prefixes.length)]!;
    let destination = prefix;
    while (destination.length < 12) destination += Math.floor(random() * 10);
    // One in 50 numbers matches no prefix (no country code starts with 0): rejected, not charged.
    if (random() < 0.02) destination = `+0${destination.slice(2)}`;
    return { destination, startMs: yearStart + Math.floor(random() * 365 * 86_400_000), seconds: Math.floor(random() * random() * 3_600) };
  });
  options.onProgress?.(`rating ${options.records.toLocaleString('en')} calls against ${options.prefixes.toLocaleString('en')} prefixes, Europe/Paris bands, 60/1 increments`);

  const rateOne = (call: CallRecord): { charge: bigint; parts: number } | undefined => {
    const zone = compiled.destinationZoneAt(call.destination, call.startMs);
    if (zone === undefined) return undefined;
    const parts = splitCallByBands(call.startMs, call.seconds, bands, 'Europe/Paris');
    return { charge: chargeCall(terms.get(zone)!, parts).charge.amount, parts: parts.length };
  };

  let checksum = 0n;
  let splitRecords = 0;
  let unzonedRecords = 0;
  const started = performance.now();
  for (let index = 0; index < options.records; index += 1) {
    const rated = rateOne(pool[index & (poolSize - 1)]!);
    if (rated === undefined) unzonedRecords += 1;
    else {
      checksum += rated.charge;
      if (rated.parts > 1) splitRecords += 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;

  let again = 0n;
  for (let index = 0; index < options.records; index += 1) again += rateOne(pool[index & (poolSize - 1)]!)?.charge ?? 0n;
  if (again !== checksum) throw new Error(`telecom rating is not deterministic: ${checksum} then ${again}`);
  return { records: options.records, prefixes: options.prefixes, seconds, recordsPerSecond: options.records / seconds, splitRecords, unzonedRecords, checksum: String(checksum) };
}
