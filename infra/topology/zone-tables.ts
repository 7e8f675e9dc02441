import { zoneTableCreateSchema, zoneTablePath, zoneTableVersionSchema } from '../../domain/rating/zone-table-resource.js';
import { adminWrites } from '../../domain/shared/write-access.js';
import { queryIndexes, type FunctionDefinition, type RouteDefinition } from './shared.js';

/**
 * Zone tables (docs/rating.md): catalog resources of the extension API /catalog/v1, written
 * by admins and read by anyone authenticated, part of the catalog context. Writes put the
 * version entries' parts (BatchWriteItem), then the table's item and its events in one
 * transaction (PutItem, UpdateItem); reads take the item and its parts (GetItem, BatchGetItem).
 * Bodies reach 5 MB, so the writes get more memory than the catalog's default for
 * parsing, validating and compressing 50,000 prefixes.
 */
const writeMemoryMb = 1536;

export const zoneTableFunctions: FunctionDefinition[] = [
  {
    name: 'create-zone-table',
    entry: 'functions/catalog/create-zone-table.ts',
    description: 'POST /catalog/v1/zoneTable: checks the zone table rules, stores the entries compressed and the table with ZoneTableCreated',
    permissions: [{ resource: 'table', actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], keys: ['OUTBOX#*', 'ZONE_TABLE#*'] }],
    memoryMb: writeMemoryMb,
  },
  {
    name: 'get-zone-table',
    entry: 'functions/catalog/get-zone-table.ts',
    description: 'GET /catalog/v1/zoneTable/{id}: the table and its entries, read back from their compressed parts',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }],
  },
  {
    name: 'list-zone-tables',
    entry: 'functions/catalog/list-zone-tables.ts',
    description: 'GET /catalog/v1/zoneTable: the tables without their entries, with fields, paging and a name filter',
    permissions: [queryIndexes],
  },
  {
    name: 'publish-zone-table-version',
    entry: 'functions/catalog/publish-zone-table-version.ts',
    description: 'POST /catalog/v1/zoneTable/{id}/version: ends the open version, adds the new one conditional on the table version, with ZoneTableVersionPublished',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], keys: ['OUTBOX#*', 'ZONE_TABLE#*'] }],
    memoryMb: writeMemoryMb,
  },
];

export const zoneTableRoutes: RouteDefinition[] = [
  { method: 'POST', path: zoneTablePath, function: 'create-zone-table', authorized: true, requestBody: zoneTableCreateSchema, writeAccess: adminWrites },
  { method: 'GET', path: zoneTablePath, function: 'list-zone-tables', authorized: true },
  { method: 'GET', path: `${zoneTablePath}/{id}`, function: 'get-zone-table', authorized: true },
  { method: 'POST', path: `${zoneTablePath}/{id}/version`, function: 'publish-zone-table-version', authorized: true, requestBody: zoneTableVersionSchema, writeAccess: adminWrites },
];
