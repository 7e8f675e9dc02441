import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { ZoneTableResource, ZoneTableSummary } from '../../../domain/rating/zone-table-resource.js';
import { summarizeZoneTable } from '../../../domain/rating/zone-table-resource.js';
import type { ZoneTable, ZoneTableVersion } from '../../../domain/rating/zone-table.js';
import { batchGetItems, batchWriteItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { DuplicateKeyError, StaleVersionError, failedConditions } from './store-errors.js';
import { byType, keys } from './table-items.js';
import { decodeContents, encodeContents, type ContentsRef, type EncodedContents } from './zone-table-contents.js';

/**
 * Zone tables in the single table (docs/rating.md, "Storage"; docs/data-model.md). One item per
 * table, `ZONE_TABLE#<id>` / `ZONE_TABLE`, holds the table without its entries (the summary
 * lists serve) and, per version, where its entries are; the entries of each version are
 * gzip-compressed JSON in parts of at most 350 KB beside it (zone-table-contents.ts).
 *
 * Writing: the parts first (BatchWriteItem; nothing reads them until an item names them), then
 * the table's item with its events in one transaction. That transaction is the commit: a
 * request that fails before it leaves at most parts nobody names, never half a table.
 * Reading a whole table is one GetItem (or BatchGetItem) and one BatchGetItem for the parts.
 */
const kind = 'ZoneTable';

interface ZoneTableItem {
  version: number;
  resource: ZoneTableSummary;
  /** Per version, in the order of resource.versions. */
  contents: ContentsRef[];
}

export interface StoredZoneTable {
  table: ZoneTableResource;
  /** The item's version: the ETag, and the condition of the next publish. */
  version: number;
}

export interface StoredZoneTableSummary {
  summary: ZoneTableSummary;
  version: number;
}

function contentsPuts(tableId: string, encoded: readonly EncodedContents[]) {
  return encoded.flatMap(({ ref, parts }) => parts.map((data, part) => ({ put: { ...keys.zoneTableContentsPart(tableId, ref.digest, part), entityType: 'ZoneTableContents', data } })));
}

/** Stores a new table with its events; DuplicateKeyError when the id is taken. */
export async function insertZoneTable(table: ZoneTableResource, events: DomainEvent[]): Promise<void> {
  const encoded = table.versions.map(encodeContents);
  await batchWriteItems(contentsPuts(table.id, encoded));
  const name = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: name,
              Item: {
                ...keys.catalogResource(kind, table.id),
                ...byType(kind, table.lastUpdate, table.id),
                entityType: kind,
                version: 1,
                resource: summarizeZoneTable(table),
                contents: encoded.map(({ ref }) => ref),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...events.map((event) => outboxPut(name, event)),
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new DuplicateKeyError('zone_table', `zone table ${table.id} exists already`);
    throw error;
  }
}

/**
 * Adds `version` to the table (whose summary, with the version and any version it ends, is
 * `summary`) if the table's item is still at `expectedVersion`, with the events; returns the
 * new item version. StaleVersionError when another publish got there first.
 */
export async function appendZoneTableVersion(summary: ZoneTableSummary, version: ZoneTableVersion, expectedVersion: number, events: DomainEvent[]): Promise<number> {
  const encoded = encodeContents(version);
  await batchWriteItems(contentsPuts(summary.id, [encoded]));
  const name = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: name,
              Key: keys.catalogResource(kind, summary.id),
              UpdateExpression: 'SET #resource = :resource, #contents = list_append(#contents, :added), #version = :next',
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#resource': 'resource', '#contents': 'contents', '#version': 'version' },
              ExpressionAttributeValues: { ':resource': summary, ':added': [encoded.ref], ':expected': expectedVersion, ':next': expectedVersion + 1 },
            },
          },
          ...events.map((event) => outboxPut(name, event)),
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`zone table ${summary.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/** The table without its entries, and its item version: all a publish needs to read. */
export async function findZoneTableSummary(id: string): Promise<StoredZoneTableSummary | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: keys.catalogResource(kind, id), ProjectionExpression: '#resource, #version', ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' } }),
  );
  if (!Item) return undefined;
  return { summary: Item.resource as ZoneTableSummary, version: Item.version as number };
}

/** The whole table, entries included, and its item version. */
export async function findZoneTable(id: string): Promise<StoredZoneTable | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.catalogResource(kind, id) }));
  if (!Item) return undefined;
  const [table] = await withEntries([Item as unknown as ZoneTableItem]);
  return { table: table!, version: Item.version as number };
}

/**
 * Many tables by id, entries included, as rating takes them (`compileZoneTable`); ids that
 * do not exist are simply absent from the map. Two BatchGetItems whatever the number of
 * tables: their items, then all their parts.
 */
export async function findZoneTables(ids: Iterable<string>): Promise<Map<string, ZoneTable>> {
  const items = (await batchGetItems([...new Set(ids)].map((id) => keys.catalogResource(kind, id)), { what: kind })) as unknown as ZoneTableItem[];
  const found = new Map<string, ZoneTable>();
  const toRead: ZoneTableItem[] = [];
  for (const item of items) {
    const known = readTables.get(readTableKey(item));
    if (known) found.set(known.id, known);
    else toRead.push(item);
  }
  for (const [index, table] of (await withEntries(toRead)).entries()) {
    if (readTables.size >= rememberedTables) readTables.clear();
    readTables.set(readTableKey(toRead[index]!), table);
    found.set(table.id, table);
  }
  return found;
}

/**
 * Tables read, with their entries, remembered by what they are: the versions' dates and their
 * content digests. Parts are content-addressed and never change, so a table whose item still
 * names the same digests and dates is the same table: it is the same object again, and rating
 * compiles it once per function instance (`compileZoneTable` remembers per object) rather than
 * once per bill. A publish changes the dates and digests, hence the key.
 */
const readTables = new Map<string, ZoneTableResource>();
const rememberedTables = 20;

function readTableKey(item: ZoneTableItem): string {
  return JSON.stringify([item.resource.id, item.resource.name, item.resource.versions.map(({ validFrom, validTo }) => [validFrom, validTo ?? null]), item.contents.map((ref) => ref.digest)]);
}

/** One page of tables without their entries, oldest first, filtered by `name` like the catalog's lists. */
export function listZoneTables(page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<ZoneTableSummary>> {
  return listResources<ZoneTableSummary>({ index: 'gsi1', partitionKey: `TYPE#${kind}`, ...page });
}

/**
 * The tables with their versions' entries read back from their parts. Parts are read
 * strongly consistent: they were written just before the item that names them, and an
 * eventually consistent read right after a publish could miss one.
 */
async function withEntries(items: readonly ZoneTableItem[]): Promise<ZoneTableResource[]> {
  const partKeys = new Map<string, { pk: string; sk: string }>();
  for (const item of items) {
    for (const ref of item.contents) {
      for (let part = 0; part < ref.parts; part += 1) {
        const key = keys.zoneTableContentsPart(item.resource.id, ref.digest, part);
        partKeys.set(`${key.pk}|${key.sk}`, key);
      }
    }
  }
  const partItems = await batchGetItems([...partKeys.values()], { consistentRead: true, what: 'ZoneTableContents' });
  const partData = new Map(partItems.map((item) => [`${String(item.pk)}|${String(item.sk)}`, item.data as Uint8Array]));

  return items.map((item) => {
    const { resource } = item;
    const versions = resource.versions.map(({ validFrom, validTo }, index) => {
      const ref = item.contents[index]!;
      const parts = Array.from({ length: ref.parts }, (_, part) => {
        const key = keys.zoneTableContentsPart(resource.id, ref.digest, part);
        const data = partData.get(`${key.pk}|${key.sk}`);
        if (!data) throw new Error(`zone table ${resource.id}: part ${part} of the entries of versions[${index}] is missing`);
        return data;
      });
      const { destinationZones, roamingZones } = decodeContents(ref, parts);
      return { validFrom, ...(validTo !== undefined ? { validTo } : {}), destinationZones, roamingZones };
    });
    return { ...resource, versions };
  });
}
