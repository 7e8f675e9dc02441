import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';

/**
 * `npm start` keeps its data under .bss/: a restart finds every customer and account again,
 * resumes the outbox stream where it stopped (no event is published twice), and goes on
 * relaying new ones.
 */
describe('restarting the local runtime on persisted data', () => {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'bss-restart-'));
  let running: RuntimeProcess | undefined;
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  const customers = '/tmf-api/customerManagement/v4/customer';
  const accounts = '/tmf-api/accountManagement/v4/billingAccount';

  async function accountsOf(runtime: RuntimeProcess, token: string, customerId: string, atLeast: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const answer = (await (await fetch(`${runtime.apiUrl}${accounts}?relatedParty.id=${customerId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown[];
      if (answer.length >= atLeast || Date.now() > deadline) return answer;
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async function register(runtime: RuntimeProcess, token: string, email: string): Promise<string> {
    const response = await fetch(`${runtime.apiUrl}${customers}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Grace Hopper', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: email } }] }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  // Two starts of DynamoDB Local and the runtime: longer than one test usually takes.
  it('keeps data and stream position across a restart', { timeout: 120_000 }, async () => {
    const token = await issueToken(loadSigningKey(resolve(dataDirectory, 'dev-issuer.key')), { role: 'admin' });

    running = await startRuntimeProcess({ dataDirectory, inMemory: false, seed: false });
    const first = await register(running, token, 'grace@example.com');
    expect(await accountsOf(running, token, first, 1)).toHaveLength(1);
    await running.stop();

    running = await startRuntimeProcess({ dataDirectory, inMemory: false, seed: false });
    const fetched = await fetch(`${running.apiUrl}${customers}/${first}`, { headers: { authorization: `Bearer ${token}` } });
    expect(fetched.status).toBe(200);

    const second = await register(running, token, 'grace.second@example.com');
    expect(await accountsOf(running, token, second, 1)).toHaveLength(1);
    // The first customer's CustomerCreated was relayed before the restart and is not relayed again.
    const events = (await (await fetch(`${running.servicesUrl}/_local/events`)).json()) as Array<{ 'detail-type': string; detail: any }>;
    const replayed = events.filter((event) => event['detail-type'] === 'CustomerCreated' && event.detail.data.customer?.id === first);
    expect(replayed).toEqual([]);
    expect(await accountsOf(running, token, first, 1)).toHaveLength(1);
  });
});
