import { createHash } from 'node:crypto';
import type { ZoneTableCreate } from '../../domain/rating/zone-table-resource.js';
import { demoCatalog, demoZoneTables, referencedKey, type DemoKind, type DemoResource } from './demo-catalog.js';
import { seedRequests } from './seed-request.js';
import { seedZoneTables } from './seed-demo-zone-tables.js';

export { SeedRequestError } from './seed-request.js';

/**
 * Applies the demo catalog (infra/seed/demo-catalog.ts) through the TMF620 API with an admin
 * token, so it passes every rule a client's catalog passes and emits the same events.
 *
 * Idempotent: the catalog ("Consumer") is created last and marks a complete run, so when it
 * exists nothing is done. After a partial run, every resource is looked up by name first and
 * only the missing ones are created, with references to those already there. The zone tables
 * come first (prices may name their zones), looked up by their fixed ids.
 */
export interface SeedOptions {
  apiUrl: string;
  token: string;
  log: (line: string) => void;
}

export interface SeedResult {
  created: number;
  skipped: boolean;
}

const catalogApi = '/tmf-api/productCatalogManagement/v4';

/** A list filter takes at most 20 comma-separated values (functions/lib/http/collection-query.ts). */
const namesPerLookup = 20;

function client(options: SeedOptions) {
  const send = seedRequests(options, 'demo catalog');
  return {
    send,
    /** Ids of the resources of `kind` with these names; the oldest wins when a name repeats. */
    async idsByName(kind: DemoKind, names: string[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let start = 0; start < names.length; start += namesPerLookup) {
        const chunk = names.slice(start, start + namesPerLookup);
        const query = `name=${chunk.map(encodeURIComponent).join(',')}&fields=id,name&limit=1000`;
        const listed = await send<Array<{ id: string; name: string }>>('GET', `${catalogApi}/${kind}?${query}`);
        for (const resource of listed) if (!found.has(resource.name)) found.set(resource.name, resource.id);
      }
      return found;
    },
    async create(kind: DemoKind, body: unknown): Promise<string> {
      // Keyed by what it creates, so a create whose answer was lost (a 502) can be sent again.
      const key = `demo-catalog-${kind}-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
      return (await send<{ id: string }>('POST', `${catalogApi}/${kind}`, body, { 'idempotency-key': key })).id;
    },
  };
}

/** The demo keys a body refers to. */
export function referencesOf(body: unknown): string[] {
  if (typeof body === 'string') {
    const key = referencedKey(body);
    return key ? [key] : [];
  }
  if (Array.isArray(body)) return body.flatMap(referencesOf);
  if (typeof body === 'object' && body !== null) return Object.values(body).flatMap(referencesOf);
  return [];
}

/** The body with every reference replaced by the id of the resource it names. */
export function resolveReferences<T>(body: T, ids: ReadonlyMap<string, string>): T {
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const key = referencedKey(value);
      if (key === undefined) return value;
      const id = ids.get(key);
      if (!id) throw new Error(`demo catalog: ${key} is referenced before it exists`);
      return id;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, resolve(inner)]));
    return value;
  };
  return resolve(body) as T;
}

/**
 * The resources in creation waves: each wave refers only to earlier ones, so a wave's requests
 * run in parallel. Catalogs come in a wave of their own at the very end, whatever they refer
 * to, because the catalog's presence is what marks a complete run.
 */
export function creationWaves(resources: readonly DemoResource[]): DemoResource[][] {
  const keys = new Set(resources.map((resource) => resource.key));
  for (const resource of resources) {
    for (const key of referencesOf(resource.body)) {
      if (!keys.has(key)) throw new Error(`demo catalog: ${resource.key} refers to ${key}, which is not in the demo catalog`);
    }
  }
  const waves: DemoResource[][] = [];
  const placed = new Set<string>();
  let pending = resources.filter((resource) => resource.kind !== 'catalog');
  while (pending.length > 0) {
    const wave = pending.filter((resource) => referencesOf(resource.body).every((key) => placed.has(key)));
    if (wave.length === 0) throw new Error(`demo catalog: circular references among ${pending.map((resource) => resource.key).join(', ')}`);
    waves.push(wave);
    for (const resource of wave) placed.add(resource.key);
    pending = pending.filter((resource) => !placed.has(resource.key));
  }
  const catalogs = resources.filter((resource) => resource.kind === 'catalog');
  if (catalogs.length > 0) waves.push(catalogs);
  return waves;
}

/** Looked up after the catalogs, which decide whether there is anything to do at all. */
const resourceKinds: readonly DemoKind[] = ['category', 'productSpecification', 'productOfferingPrice', 'productOffering'];

export async function seedDemoCatalog(
  options: SeedOptions,
  resources: readonly DemoResource[] = demoCatalog,
  zoneTables: readonly ZoneTableCreate[] = demoZoneTables,
): Promise<SeedResult> {
  const api = client(options);
  const ids = new Map<string, string>();
  const catalogs = resources.filter((resource) => resource.kind === 'catalog');
  const catalogIds = await api.idsByName('catalog', catalogs.map((resource) => resource.body.name));
  if (catalogs.length > 0 && catalogs.every((resource) => catalogIds.has(resource.body.name))) return { created: 0, skipped: true };
  for (const resource of catalogs) {
    const id = catalogIds.get(resource.body.name);
    if (id) ids.set(resource.key, id);
  }

  const waves = creationWaves(resources);
  await Promise.all(
    resourceKinds.map(async (kind) => {
      const ofKind = resources.filter((resource) => resource.kind === kind);
      if (ofKind.length === 0) return;
      const byName = await api.idsByName(kind, ofKind.map((resource) => resource.body.name));
      for (const resource of ofKind) {
        const id = byName.get(resource.body.name);
        if (id) ids.set(resource.key, id);
      }
    }),
  );

  let created = await seedZoneTables(api.send, zoneTables, options.log);
  const total = resources.length;
  let done = ids.size;
  for (const wave of waves) {
    await Promise.all(
      wave
        .filter((resource) => !ids.has(resource.key))
        .map(async (resource) => {
          const id = await api.create(resource.kind, resolveReferences(resource.body, ids));
          ids.set(resource.key, id);
          created += 1;
          done += 1;
          options.log(`seeding demo catalog: ${done}/${total} ${resource.kind} ${resource.body.name}`);
        }),
    );
  }
  return { created, skipped: false };
}
