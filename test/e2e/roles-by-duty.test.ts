import { beforeAll, describe, expect, it } from 'vitest';
import { call, newCustomerBody, tokenFor } from '../support/local-api.js';
import { specifiedSku } from '../support/specified-sku.js';

/**
 * Roles by duty through the local API Gateway (docs/security.md): credit limits are the risk
 * officers' (and admins'), stock adjustments the warehouse's, and the provisioning machine client
 * calls its callback and nothing else, whatever the handler behind the route.
 */
const customers = '/tmf-api/customerManagement/v4/customer';
const billingAccounts = '/tmf-api/accountManagement/v4/billingAccount';

let admin: string;
let agent: string;
let risk: string;
let warehouse: string;
let provisioning: string;
let customerId: string;
let accountId: string;

beforeAll(async () => {
  [admin, agent, risk, warehouse, provisioning] = await Promise.all([tokenFor('admin'), tokenFor('agent'), tokenFor('risk'), tokenFor('warehouse'), tokenFor('provisioning')]);
  const customer = await call(customers, { method: 'POST', token: agent, body: newCustomerBody() });
  expect(customer.status).toBe(201);
  customerId = customer.body.id;
  const account = await call(billingAccounts, {
    method: 'POST',
    token: agent,
    body: { name: 'Roles by duty', relatedParty: [{ id: customerId, '@referredType': 'Customer', role: 'owner' }] },
  });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  accountId = account.body.id;
});

const patchAccount = async (token: string, body: unknown) => {
  const current = await call(`${billingAccounts}/${accountId}`, { token: admin });
  return call(`${billingAccounts}/${accountId}`, { method: 'PATCH', token, headers: { 'if-match': current.headers.get('etag')! }, body });
};

describe('roles by duty over HTTP', () => {
  it('an agent may not raise a credit limit (403 naming creditLimit); a risk officer may', async () => {
    const raised = await patchAccount(agent, { creditLimit: { unit: 'EUR', value: 1_000_000 } });
    expect(raised.status).toBe(403);
    expect(raised.body).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'creditLimit', problem: 'not writable by the agent role' }] });

    const decided = await patchAccount(risk, { creditLimit: { unit: 'EUR', value: 750 } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.creditLimit).toEqual({ unit: 'EUR', value: 750 });
    // Nothing but the limit: the rest of the account is the agents'.
    expect((await patchAccount(risk, { name: 'Renamed by risk' })).status).toBe(403);
  });

  it('an agent may not adjust stock (403); the warehouse may, and the agent still reads the level', async () => {
    const sku = await specifiedSku('ROLES', admin);
    const adjustment = (token: string) => call(`/inventory/v1/stockLevel/${sku}/adjustment`, { method: 'POST', token, body: { quantity: 4, reason: 'delivery note' } });
    const refused = await adjustment(agent);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await adjustment(warehouse)).status).toBe(200);
    expect((await call(`/inventory/v1/stockLevel/${sku}`, { token: agent })).body).toMatchObject({ onHand: 4 });
  });

  it('the provisioning client may not read a customer, an account or a stock level (403), and reaches its callback', async () => {
    for (const path of [`${customers}/${customerId}`, customers, `${billingAccounts}/${accountId}`, '/inventory/v1/stockLevel']) {
      const answer = await call(path, { token: provisioning });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
    }
    // Past the gate: an unknown request is the handler's 404, not a 403.
    const callback = await call('/provisioning/v1/provisioningRequest/order-none-item-1/result', { method: 'POST', token: provisioning, body: { outcome: 'succeeded' } });
    expect(callback.status).toBe(404);
  });
});
