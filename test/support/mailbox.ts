import { expect } from 'vitest';
import { call } from './local-api.js';

const messages = '/tmf-api/communicationManagement/v4/communicationMessage';

/** What the simulated sender recorded for an address: what its mailbox would have received (staff read it). */
export async function mailFor(address: string, admin: string) {
  // Oldest first: the last page holds what was just sent, however many other tests sent before.
  const total = Number((await call(`${messages}?limit=1`, { token: admin })).headers.get('x-total-count'));
  const listed = await call(`${messages}?offset=${Math.max(0, total - 1000)}&limit=1000`, { token: admin });
  expect(listed.status).toBe(200);
  return (listed.body as { receiver: { email?: string }[]; content: string; characteristic: { value: string }[] }[]).filter((message) => message.receiver[0]?.email === address);
}

/** The code an e-mail change sent to its new address (docs/security.md, "E-mail changes"). */
export const emailChangeCodeIn = (content: string) => /code to confirm this address: (\d{6})/.exec(content)?.[1];
