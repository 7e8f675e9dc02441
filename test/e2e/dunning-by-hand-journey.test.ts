import { beforeAll, describe, expect, it } from 'vitest';
import { accountsPath, advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';

/**
 * Dunning by hand over HTTP on a test clock (docs/collections.md, "Pausing, stopping,
 * restoring"): two customers in Paris whose cards decline from their first regular bill (1 Feb,
 * due 14 Feb 23:00Z, so day N is 14 Feb 23:00Z + N days). An agent pauses the first one's
 * dunning on a promise and resumes it; its steps come as much later as the pause lasted. An admin
 * stops the second one's once it is suspended: the service comes back, nothing is written off,
 * and only its next bill, overdue later, begins dunning again. The first one is suspended in
 * turn; an admin restores its service on a promise to pay, and when the promise is not kept
 * the next run suspends it again.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const dueDate = '2027-02-14T23:00:00.000Z';
const day = (n: number) => new Date(Date.parse(dueDate) + n * 86_400_000).toISOString();
const dunningOf = (accountId: string) => `/collections/v1/dunning/${accountId}`;

let admin: string;
let agent: string;
let clockId: string;
const people: Record<'promising' | 'stopped', { customerId: string; accountId: string; token: string }> = {} as never;

/** The account's dunning as staff read it; undefined before it begins (404). */
const dunning = async (accountId: string) => {
  const answer = await call(dunningOf(accountId), { token: agent });
  return answer.status === 200 ? answer.body : undefined;
};
const stateOf = async (accountId: string) => (await call(`${accountsPath}/${accountId}`, { token: admin })).body.state as string;
const productStatuses = async (customerId: string) => (await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${customerId}`, { token: admin })).body.map((product) => product.status as string);
const change = (accountId: string, action: 'pause' | 'resume' | 'stop' | 'restoreService', token: string, body: unknown) => call(`${dunningOf(accountId)}/${action}`, { method: 'POST', token, body });

/** Advances the clock, then waits for the collections run that follows its billing run to bring the account's dunning where `ready` says. */
async function advanceUntil(frozenTime: string, accountId: string, ready: (dunning: any) => boolean) {
  await advanceClock(admin, clockId, frozenTime);
  return eventually(async () => {
    const current = await dunning(accountId);
    return current && ready(current) ? current : undefined;
  }, 30_000);
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  agent = await tokenFor('agent');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'dunning by hand', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  people.promising = await customerOnClock(admin, clockId, 'dunning-promising');
  people.stopped = await customerOnClock(admin, clockId, 'dunning-stopped');
  await Promise.all([orderOffering(admin, people.promising.accountId, mobileM), orderOffering(admin, people.stopped.accountId, mobileM)]);
  await setCardOnFile(admin, people.promising.accountId, 'pm_card_declined');
  await setCardOnFile(admin, people.stopped.accountId, 'pm_card_declined');
  await advanceClock(admin, clockId, '2027-02-01T12:00:00+01:00');
  await advanceUntil('2027-02-16T12:00:00+01:00', people.stopped.accountId, (current) => current.history.length >= 1);
  await eventually(async () => ((await dunning(people.promising.accountId))?.history?.length >= 1 ? true : undefined), 30_000);
}, 240_000);

describe('dunning by hand on a test clock', () => {
  it('an agent pauses on a promise: the answer and GET show until when, why and by whom; a customer may not, nor too far ahead', async () => {
    const { accountId } = people.promising;
    const customer = await change(accountId, 'pause', people.promising.token, { until: '2027-02-21T11:00:00Z', reason: 'mine' });
    expect(customer.status).toBe(403);
    const tooFar = await change(accountId, 'pause', agent, { until: '2027-03-20T11:00:00Z', reason: 'promised' });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.details).toEqual([{ field: 'until', problem: expect.stringContaining('at most 30 days') }]);

    const paused = await change(accountId, 'pause', agent, { until: '2027-02-21T11:00:00Z', reason: 'promised to pay on the 21st' });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    // Paused at the clock's time for 5 days: day 3 comes 5 days later.
    expect(paused.body).toMatchObject({ pausedAt: '2027-02-16T11:00:00.000Z', pausedUntil: '2027-02-21T11:00:00.000Z', pauseReason: 'promised to pay on the 21st', pausedBy: { role: 'agent' }, nextStepAt: '2027-02-22T23:00:00.000Z' });
    const shown = await call(dunningOf(accountId), { token: agent });
    expect(shown.body).toMatchObject({ pausedUntil: '2027-02-21T11:00:00.000Z', interventions: [{ action: 'paused', reason: 'promised to pay on the 21st', by: { role: 'agent' } }] });
    expect(shown.headers.get('etag')).toBe(paused.headers.get('etag'));
    // The customer sees the pause, not who on the staff made it nor the words staff wrote.
    const own = await call(dunningOf(accountId), { token: people.promising.token });
    expect(own.body).toMatchObject({ pausedUntil: '2027-02-21T11:00:00.000Z', interventions: [{ action: 'paused', until: '2027-02-21T11:00:00.000Z' }] });
    expect(JSON.stringify(own.body)).not.toMatch(/promised to pay|"by"|pausedBy|pauseReason/);
  }, 60_000);

  it('while paused the runs pass the account by; resumed early, its steps come as much later as the pause lasted', async () => {
    const { accountId } = people.promising;
    await advanceUntil('2027-02-19T12:00:00+01:00', people.stopped.accountId, (current) => current.history.length >= 2);
    expect((await dunning(accountId)).history).toHaveLength(1);
    const resumed = await change(accountId, 'resume', agent, { reason: 'the customer withdrew the promise' });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.nextStepAt).toBe(day(6));
    expect(resumed.body.pausedUntil).toBeUndefined();
    expect((await change(accountId, 'resume', agent, { reason: 'again' })).status).toBe(409);
  }, 90_000);

  it('an admin stops a suspended dunning: only admins may; the service comes back and no step follows', async () => {
    const after = await advanceUntil('2027-03-01T12:00:00+01:00', people.stopped.accountId, (current) => current.suspended);
    expect(after.history.map((step: any) => step.day)).toEqual([1, 3, 7, 14]);
    // Postponed by the 3 days paused: days 3 and 7 done, the suspension not yet.
    const promising = await eventually(async () => {
      const current = await dunning(people.promising.accountId);
      return current.history.length >= 3 ? current : undefined;
    }, 30_000);
    expect(promising).toMatchObject({ suspended: false, nextStepAt: day(17) });

    const { accountId, customerId } = people.stopped;
    const byAgent = await change(accountId, 'stop', agent, { reason: 'agency' });
    expect(byAgent.status).toBe(403);
    expect(byAgent.body).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('only admin users may') });
    const stopped = await change(accountId, 'stop', admin, { reason: 'handed to the collection agency' });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body).toMatchObject({ status: 'stopped', stoppedAt: '2027-03-01T11:00:00.000Z', suspended: false, interventions: [{ action: 'stopped', by: { role: 'admin' }, productIds: [expect.any(String)] }] });
    expect(stopped.body.nextStepAt).toBeUndefined();
    expect(await stateOf(accountId)).toBe('Active');
    expect(await productStatuses(customerId)).toEqual(['active']);
  }, 90_000);

  it('an admin restores a suspended service on a promise to pay; the next run does not suspend it again, the run after the promise does', async () => {
    const { accountId, customerId } = people.promising;
    await advanceUntil('2027-03-05T12:00:00+01:00', accountId, (current) => current.suspended);
    expect(await productStatuses(customerId)).toEqual(['suspended']);
    expect((await change(accountId, 'restoreService', agent, { reason: 'x', until: '2027-03-10T11:00:00Z' })).status).toBe(403);

    const restored = await change(accountId, 'restoreService', admin, { reason: 'will pay by the 10th', until: '2027-03-10T11:00:00Z' });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ suspended: false, stepsDone: 3, pausedUntil: '2027-03-10T11:00:00.000Z', interventions: [{ action: 'paused' }, { action: 'resumed' }, { action: 'serviceRestored', by: { role: 'admin' } }] });
    expect(await stateOf(accountId)).toBe('Active');
    expect(await productStatuses(customerId)).toEqual(['active']);
    expect((await change(accountId, 'restoreService', admin, { reason: 'again', until: '2027-03-10T11:00:00Z' })).status).toBe(409);

    // The promise was not kept: after it, the run suspends again.
    const again = await advanceUntil('2027-03-11T12:00:00+01:00', accountId, (current) => current.suspended);
    expect(again.history.map((step: any) => step.day)).toEqual([1, 3, 7, 14, 14]);
    expect(await stateOf(accountId)).toBe('Suspended');
    expect(await productStatuses(customerId)).toEqual(['suspended']);
  }, 120_000);

  it('past day 30 the stopped debt is not written off; the next bill, overdue later, begins dunning again', async () => {
    const { accountId, customerId } = people.stopped;
    const anew = await advanceUntil('2027-03-18T12:00:00+01:00', accountId, (current) => current.status === 'active');
    // March's bill (due 15 March in Paris) began it: February's, overdue when it stopped, did not.
    expect(anew.since).toBe('2027-03-14T23:00:00.000Z');
    expect(await stateOf(accountId)).toBe('Active');
    const regular = (await call<any[]>(`${bills}?relatedParty.id=${customerId}&runType=onCycle`, { token: admin })).body;
    expect(regular.every((bill) => bill.remainingAmount.value > 0)).toBe(true);
    const writtenOff = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${accountId}&kind=writeOff`, { token: admin });
    expect(writtenOff.body).toEqual([]);
  }, 90_000);
});
