import { homeRoamingZone } from '../catalog/usage-price-rating.js';
import { callChargeTermsProblems, type RatingIncrements } from '../rating/call-charging.js';
import { bandNamesOf, timeBandPlanProblems } from '../rating/time-bands.js';
import { unknownZoneProblems, type ZoneTable } from '../rating/zone-table.js';
import type { FieldProblem } from '../shared/domain-errors.js';
import { isCallRated } from './call-rating.js';
import { chargeModelOf, type PriceTerms } from './price-terms.js';
import { unitScale } from './units-of-measure.js';

/**
 * The rules of a usage price's `rating` (docs/rating.md, "Usage prices that rate calls"), each
 * problem naming its field under `rating.`: only a usage price rates by zone and call; a price
 * that charges calls one by one counts time (minutes or seconds) at one price per unit
 * (`perUnit`, so its tiers cannot contradict its band prices); increments of at least 1 s
 * (its fees' currencies and digits are checked with the price's other amounts); band prices name bands its time bands have, each once; the
 * zones a filter names exist in its zone table, which must exist. `zoneTables` holds the tables
 * the price names that were found; without it (no store at hand) the zones are not checked.
 */
export function usagePriceRatingProblems(price: PriceTerms, zoneTables?: ReadonlyMap<string, ZoneTable>): FieldProblem[] {
  const rating = price.rating;
  if (rating === undefined) return [];
  const problems: FieldProblem[] = [];
  const report = (field: string, problem: string) => problems.push({ field: `rating.${field}`, problem });
  if (price.priceType !== 'usage') {
    problems.push({ field: 'rating', problem: `only a usage price rates by zone, band and call, not a ${price.priceType} price` });
    return problems;
  }

  const filter = rating.appliesTo;
  const tableId = rating.zoneTable?.id;
  const table = tableId === undefined ? undefined : zoneTables?.get(tableId);
  if (tableId !== undefined && zoneTables !== undefined && table === undefined) report('zoneTable.id', `no zone table ${tableId}`);
  if (filter?.zones && tableId === undefined) report('appliesTo.zones', 'zones come from a zone table: name one in rating.zoneTable');
  const roamingZones = (filter?.roamingZones ?? []).filter((zone) => zone !== homeRoamingZone);
  if (roamingZones.length > 0 && tableId === undefined) report('appliesTo.roamingZones', `roaming zones come from a zone table: name one in rating.zoneTable (or filter on ${homeRoamingZone} alone)`);
  if (table) {
    problems.push(...unknownZoneProblems(filter?.zones ?? [], table, 'rating.appliesTo.zones'));
    (filter?.roamingZones ?? []).forEach((zone, index) => {
      if (zone !== homeRoamingZone) problems.push(...unknownZoneProblems([zone], table, 'rating.appliesTo.roamingZones').map((problem) => ({ ...problem, field: `rating.appliesTo.roamingZones[${index}]` })));
    });
  }

  const plan = rating.timeBands;
  if (plan) for (const problem of timeBandPlanProblems(plan)) report(`timeBands.${problem.field}`, problem.problem);
  const seenBands = new Map<string, number>();
  rating.bandPrices?.forEach((entry, index) => {
    if (!plan) report(`bandPrices[${index}].band`, 'band prices need rating.timeBands to say when each band runs');
    else if (!bandNamesOf(plan).has(entry.band)) report(`bandPrices[${index}].band`, `unknown band ${entry.band}: the time bands name ${[...bandNamesOf(plan)].sort().join(', ')}`);
    if (seenBands.has(entry.band)) report(`bandPrices[${index}].band`, `${entry.band} is already bandPrices[${seenBands.get(entry.band)}]`);
    else seenBands.set(entry.band, index);
  });

  if (!isCallRated(price)) return problems;
  if (chargeModelOf(price) !== 'perUnit') report('increments', `a price that charges calls one by one is charged perUnit (its band prices are its tiers), not ${chargeModelOf(price)}`);
  const scale = unitScale(price.unitOfMeasure?.units ?? '');
  if (scale?.dimension !== 'time') problems.push({ field: 'unitOfMeasure.units', problem: 'a price that charges calls one by one counts time: minute or second' });
  // Amounts and currencies are checked with the price's other amounts (price-rules.ts): here, what only call charging has.
  if (rating.increments) for (const problem of incrementsProblems(rating.increments)) report(problem.field, problem.problem);
  return problems;
}

/** The increments' rules are call charging's own (whole seconds, at least 1). */
function incrementsProblems(increments: RatingIncrements): FieldProblem[] {
  return callChargeTermsProblems({ currency: '', price: { coefficient: 0n, scale: 0 }, per: 'second', increments }).filter((problem) => problem.field.startsWith('increments.'));
}
