import { zoneTablePath, type ZoneTableCreate } from '../../domain/rating/zone-table-resource.js';
import { SeedRequestError, type SeedSend } from './seed-request.js';

/**
 * Creates the zone tables that do not exist yet (infra/seed/demo-catalog.ts,
 * `demoZoneTables`), through the API like any client. Demo tables have fixed ids, so a table
 * is looked up by its id: one GET each, and a POST for each one missing. Returns how many were
 * created.
 */
export async function seedZoneTables(send: SeedSend, tables: readonly ZoneTableCreate[], log: (line: string) => void): Promise<number> {
  let created = 0;
  for (const table of tables) {
    if (table.id === undefined) throw new Error(`demo catalog: zone table ${table.name} needs a fixed id, so a second run finds it`);
    if (await exists(send, table.id)) continue;
    // Sent again after a 5xx (the create may have crashed after storing the table): the table's own id makes a repeat a 409, never a second table,
    // and that 409 (the table was not there a moment ago) says the first attempt stored it.
    await send('POST', zoneTablePath, table, {}, { repeatable: true }).catch((error: unknown) => {
      if (!(error instanceof SeedRequestError && error.status === 409 && (error.body as { code?: string } | undefined)?.code === 'DUPLICATE_ZONE_TABLE')) throw error;
    });
    created += 1;
    log(`seeding demo catalog: zone table ${table.name}`);
  }
  return created;
}

async function exists(send: SeedSend, id: string): Promise<boolean> {
  try {
    await send('GET', `${zoneTablePath}/${encodeURIComponent(id)}?fields=id`);
    return true;
  } catch (error) {
    if (error instanceof SeedRequestError && error.status === 404) return false;
    throw error;
  }
}
