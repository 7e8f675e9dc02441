import { describe, expect, it } from 'vitest';
import { seedZoneTables } from '../../../infra/seed/seed-demo-zone-tables.js';
import { SeedRequestError, type SeedSend } from '../../../infra/seed/seed-request.js';
import type { ZoneTableCreate } from '../../../domain/rating/zone-table-resource.js';

const table = { id: 'zones-demo', name: 'Demo zones' } as unknown as ZoneTableCreate;
const notFound = new SeedRequestError('demo catalog', 'GET', 404, { code: 'NOT_FOUND' });

/** A send that answers GETs 404 and POSTs as `post` says, recording the calls. */
function sendAnswering(post: () => unknown) {
  const calls: { method: string; options?: { repeatable?: boolean } }[] = [];
  const send = (async (method: 'GET' | 'POST', _path: string, _body?: unknown, _headers?: Record<string, string>, options?: { repeatable?: boolean }) => {
    calls.push({ method, ...(options ? { options } : {}) });
    if (method === 'GET') throw notFound;
    return post();
  }) as SeedSend;
  return { send, calls };
}

describe('seedZoneTables', () => {
  it('sends a create again after a 5xx, and takes the 409 of its own id for the table the first attempt stored', async () => {
    const { send, calls } = sendAnswering(() => {
      throw new SeedRequestError('demo catalog', 'POST', 409, { code: 'DUPLICATE_ZONE_TABLE' });
    });
    expect(await seedZoneTables(send, [table], () => {})).toBe(1);
    expect(calls).toEqual([{ method: 'GET' }, { method: 'POST', options: { repeatable: true } }]);
  });

  it('still fails on any other refusal', async () => {
    const { send } = sendAnswering(() => {
      throw new SeedRequestError('demo catalog', 'POST', 409, { code: 'CONCURRENT_TRANSACTION' });
    });
    await expect(seedZoneTables(send, [table], () => {})).rejects.toThrow(/409/);
  });
});
