import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';
import { ZoneTableCreated, ZoneTableVersionPublished, type ZoneTableSnapshot } from '../../domain/events/zone-table-events.js';
import type { PublishedZoneTableVersion } from '../../domain/rating/zone-table-publishing.js';
import type { ZoneTableSummary } from '../../domain/rating/zone-table-resource.js';

/** What zone table events carry about the table: its versions' dates and sizes, never their entries. */
export function zoneTableSnapshot(summary: ZoneTableSummary): ZoneTableSnapshot {
  const { id, href, name, versions } = summary;
  return { id, href, name, versions };
}

export function zoneTableCreatedEvents(summary: ZoneTableSummary, origin: () => EventOrigin): DomainEvent[] {
  return [ZoneTableCreated.create({ zoneTable: zoneTableSnapshot(summary) }, origin())];
}

export function zoneTableVersionPublishedEvents(published: PublishedZoneTableVersion, origin: () => EventOrigin): DomainEvent[] {
  const { table, index, ended } = published;
  return [
    ZoneTableVersionPublished.create(
      {
        zoneTable: zoneTableSnapshot(table),
        version: { index, ...table.versions[index]! },
        ...(ended ? { endedVersion: { index: ended.index, ...ended.version } } : {}),
      },
      origin(),
    ),
  ];
}
