import { InvalidInputError, RuleViolationError, type FieldProblem } from '../shared/domain-errors.js';
import { zoneTableBounds, summarizeZoneTableVersion, type ZoneTableSummary, type ZoneTableVersionSummary } from './zone-table-resource.js';
import { zoneTableProblems, type ZoneTable, type ZoneTableVersion } from './zone-table.js';

/**
 * Publishing a new version of a zone table (docs/rating.md): it starts now or later, never
 * before, because usage already dated keeps the zones of the version then in force; the
 * version that runs until further notice is ended where the new one starts; and the table
 * must still pass every rule. Works on the table's summary: the entries of the versions
 * already published were checked when they were, and only their dates matter here.
 */
export interface PublishedZoneTableVersion {
  table: ZoneTableSummary;
  /** Index of the new version in `table.versions`. */
  index: number;
  /** The version ended where the new one starts, when there was one running until further notice. */
  ended?: { index: number; version: ZoneTableVersionSummary };
}

export function publishZoneTableVersion(current: ZoneTableSummary, version: ZoneTableVersion, now: string): PublishedZoneTableVersion {
  if (current.versions.length >= zoneTableBounds.versions) {
    throw new RuleViolationError('zone-table-full', `zone table ${current.id} has ${current.versions.length} versions, the most it may hold: create a new table`);
  }
  const from = Date.parse(version.validFrom);
  if (from < Date.parse(now)) {
    throw new InvalidInputError(`the version would rezone usage already dated`, [
      { field: 'validFrom', problem: `not before now (${now}): usage already dated keeps the zones of the version then in force` },
    ]);
  }

  const versions = current.versions.map((existing) => ({ ...existing }));
  const latestIndex = versions.reduce<number | undefined>((latest, candidate, index) => (latest === undefined || Date.parse(candidate.validFrom) > Date.parse(versions[latest]!.validFrom) ? index : latest), undefined);
  let ended: PublishedZoneTableVersion['ended'];
  const latest = latestIndex === undefined ? undefined : versions[latestIndex]!;
  if (latest !== undefined && latest.validTo === undefined && Date.parse(latest.validFrom) < from) {
    latest.validTo = version.validFrom;
    ended = { index: latestIndex!, version: latest };
  }
  const index = versions.push(summarizeZoneTableVersion(version)) - 1;

  // The rules run over the dates of the versions already published and the whole new one.
  const dated: ZoneTable = {
    id: current.id,
    name: current.name,
    versions: versions.map((summary, at) => (at === index ? version : { validFrom: summary.validFrom, ...(summary.validTo !== undefined ? { validTo: summary.validTo } : {}), destinationZones: [], roamingZones: [] })),
  };
  const problems = zoneTableProblems(dated).map((problem) => asPublishProblem(problem, index, dated));
  if (problems.length > 0) throw new InvalidInputError(`the version does not fit zone table ${current.id}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, problems);

  return { table: { ...current, versions, lastUpdate: now }, index, ...(ended ? { ended } : {}) };
}

/**
 * A problem of the table named by the field of the publish body at fault. The new version's
 * own fields lose their `versions[n].` prefix. An overlap is named on the version that starts
 * later; when that is a published one, the new version runs into it, so its `validTo` is what
 * to change.
 */
function asPublishProblem(problem: FieldProblem, index: number, table: ZoneTable): FieldProblem {
  const own = `versions[${index}].`;
  if (problem.field.startsWith(own)) return { field: problem.field.slice(own.length), problem: problem.problem };
  const overlapped = /^versions\[(\d+)\]\.validFrom$/.exec(problem.field);
  if (overlapped) {
    const other = table.versions[Number(overlapped[1])]!;
    return { field: 'validTo', problem: `runs into versions[${overlapped[1]}], in force from ${other.validFrom}: end the new version by then` };
  }
  return problem;
}
