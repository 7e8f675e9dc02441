import { expect } from 'vitest';
import { call, eventually, newCustomerBody, tokenFor } from './local-api.js';

/** Steps the journeys on test clocks share (collections, dunning): through the HTTP API only. */
export const accountsPath = '/tmf-api/accountManagement/v4/billingAccount';

/** Moves the clock and waits until its billing run is done (the clock `ready` again). */
export async function advanceClock(admin: string, clockId: string, frozenTime: string): Promise<void> {
  const advanced = await call(`/billing/v1/testClock/${clockId}/advance`, { method: 'POST', token: admin, body: { frozenTime } });
  expect([200, 202]).toContain(advanced.status);
  await eventually(async () => ((await call(`/billing/v1/testClock/${clockId}`, { token: admin })).body.status === 'ready' ? true : undefined), 60_000);
}

/** A customer in Paris living on the clock, billed on `cycleDay` (the 1st), paying by `card`, reached at `contact` (a made-up e-mail unless given); with its default account, its e-mail and a token of its own. */
export async function customerOnClock(admin: string, clockId: string, name: string, card = 'pm_card_visa', cycleDay = 1, contact: { email?: string; phone?: string } = {}) {
  const email = contact.email ?? `${name}.${Date.now()}.${Math.random().toString(36).slice(2)}@example.fr`;
  const created = await call('/tmf-api/customerManagement/v4/customer', {
    method: 'POST',
    token: admin,
    body: newCustomerBody({
      name,
      testClock: { id: clockId },
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
        ...(contact.phone ? [{ mediumType: 'mobile', characteristic: { phoneNumber: contact.phone } }] : []),
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [{ id: card, '@referredType': 'PaymentMethod' }],
      characteristic: [
        { name: 'timeZone', value: 'Europe/Paris' },
        { name: 'billingCycleDay', value: cycleDay },
      ],
    }),
  });
  expect(created.status).toBe(201);
  const accountId = await eventually(async () => (await call<any[]>(`${accountsPath}?relatedParty.id=${created.body.id}`, { token: admin })).body[0]?.id as string | undefined);
  return { customerId: created.body.id as string, accountId, email, token: await tokenFor('customer', created.body.id) };
}

/** Orders an offering on the account and waits for the order to complete. */
export async function orderOffering(admin: string, accountId: string, offeringId: string) {
  const placed = await call('/tmf-api/productOrderingManagement/v4/productOrder', {
    method: 'POST',
    token: admin,
    body: { billingAccount: { id: accountId }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offeringId } }] },
  });
  expect(placed.status).toBe(201);
  const done = await eventually(async () => {
    const current = await call(`/tmf-api/productOrderingManagement/v4/productOrder/${placed.body.id}`, { token: admin });
    return ['completed', 'partial', 'failed', 'cancelled'].includes(current.body.state) ? current.body : undefined;
  }, 30_000);
  expect(done.state).toBe('completed');
  return done;
}

/** Sets the account's card on file (staff), e.g. one that declines. */
export async function setCardOnFile(admin: string, accountId: string, card: string): Promise<void> {
  const account = await call(`${accountsPath}/${accountId}`, { token: admin });
  const patched = await call(`${accountsPath}/${accountId}`, {
    method: 'PATCH',
    token: admin,
    headers: { 'if-match': account.headers.get('etag')! },
    body: { defaultPaymentMethod: { id: card, '@referredType': 'PaymentMethod' } },
  });
  expect(patched.status).toBe(200);
}

/** The id of a launched offering by name. */
export async function offeringNamed(admin: string, name: string): Promise<string> {
  const listed = await call<any[]>('/tmf-api/productCatalogManagement/v4/productOffering?limit=1000&fields=name', { token: admin });
  return listed.body.find((offering) => offering.name === name)!.id;
}
