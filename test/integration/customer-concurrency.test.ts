import { beforeAll, describe, expect, it } from 'vitest';
import { call, newCustomerBody, tokenFor } from '../support/local-api.js';

const customers = '/tmf-api/customerManagement/v4/customer';

/** Races that only a real DynamoDB (transactions, conditions) settles correctly. */
describe('concurrent writes against DynamoDB Local', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor('admin');
  });

  it('lets exactly one of several simultaneous registrations with the same email through', async () => {
    const body = newCustomerBody();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => call(customers, { method: 'POST', token: admin, body: { ...body, name: `Racer ${index}` } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const email = body.contactMedium[0]!.characteristic.emailAddress;
    const stored = await call(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`, { token: admin });
    expect(stored.body).toHaveLength(1);
  });

  it('never creates twice for simultaneous requests with one Idempotency-Key', async () => {
    const body = newCustomerBody();
    const headers = { 'Idempotency-Key': `race-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 4 }, () => call(customers, { method: 'POST', token: admin, body, headers })));
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const ids = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id));
    expect(ids.size).toBe(1);
    const email = body.contactMedium[0]!.characteristic.emailAddress;
    const stored = await call(`${customers}?contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`, { token: admin });
    expect(stored.body).toHaveLength(1);
  });

  it('accepts one of two simultaneous patches made from the same version; the other gets 412', async () => {
    const created = await call(customers, { method: 'POST', token: admin, body: newCustomerBody() });
    const path = `${customers}/${created.body.id}`;
    const [first, second] = await Promise.all(
      ['First Writer', 'Second Writer'].map((name) => call(path, { method: 'PATCH', token: admin, body: { name }, headers: { 'if-match': 'W/"1"' } })),
    );
    expect([first!.status, second!.status].sort()).toEqual([200, 412]);
    const winner = first!.status === 200 ? first! : second!;
    const stored = await call(path, { token: admin });
    expect(stored.body.name).toBe(winner.body.name);
    expect(stored.headers.get('etag')).toBe('W/"2"');
  });
});
