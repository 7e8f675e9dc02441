import { beforeAll, describe, expect, it } from 'vitest';
import { accountsPath, advanceClock, customerOnClock, offeringNamed, orderOffering, setCardOnFile } from '../support/clock-journey.js';
import { call, eventually, tokenFor } from '../support/local-api.js';

/**
 * Dunning over HTTP on a test clock, on the documented days (docs/collections.md, "Dunning"):
 * two customers in Paris whose cards decline from their first regular bill (1 Feb, due 15 Feb
 * 00:00 Paris = 14 Feb 23:00Z, so day N is 14 Feb 23:00Z + N days). One pays on day 16 and gets
 * its service back; the other walks the whole path to the write-off on day 30.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';
const dueDate = '2027-02-14T23:00:00.000Z';
const day = (n: number) => new Date(Date.parse(dueDate) + n * 86_400_000).toISOString();

let admin: string;
let clockId: string;
const people: Record<'payer' | 'defaulter', { customerId: string; accountId: string; token: string }> = {} as never;

const dunningOf = async (accountId: string) => (await call(`/collections/v1/dunning/${accountId}`, { token: admin })).body;
const accountOf = async (accountId: string) => (await call(`${accountsPath}/${accountId}`, { token: admin })).body;
const productsOf = async (customerId: string) => (await call<any[]>(`/tmf-api/productInventory/v4/product?relatedParty.id=${customerId}`, { token: admin })).body;
/** The notices dunning sent the customer (its bills, sent at issue, are not dunning's). */
const noticesOf = async (customerId: string) =>
  (await call<any[]>(`${messages}?receiver.id=${customerId}`, { token: admin })).body
    .map((message) => message.characteristic.find((each: any) => each.name === 'notificationKind').value as string)
    .filter((kind) => kind !== 'billIssued')
    .sort();

/** Advances the clock, then waits for the collections run that follows its billing run to have done `steps` steps for the account. */
async function advanceToStep(frozenTime: string, accountId: string, steps: number) {
  await advanceClock(admin, clockId, frozenTime);
  return eventually(async () => {
    const dunning = await dunningOf(accountId);
    return dunning?.history?.length >= steps ? dunning : undefined;
  }, 30_000);
}

beforeAll(async () => {
  admin = await tokenFor('admin');
  const mobileM = await offeringNamed(admin, 'Mobile M');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'dunning journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  clockId = clock.body.id;
  people.payer = await customerOnClock(admin, clockId, 'dunning-payer');
  people.defaulter = await customerOnClock(admin, clockId, 'dunning-defaulter');
  await Promise.all([orderOffering(admin, people.payer.accountId, mobileM), orderOffering(admin, people.defaulter.accountId, mobileM)]);
  await setCardOnFile(admin, people.payer.accountId, 'pm_card_declined');
  await setCardOnFile(admin, people.defaulter.accountId, 'pm_card_insufficient_funds');
  await advanceClock(admin, clockId, '2027-02-01T12:00:00+01:00');
}, 180_000);

describe('dunning on a test clock', () => {
  it('until the due date, the declined bill is only due; the day after, dunning retries and reminds: overdue', async () => {
    const [bill] = (await call<any[]>(`${bills}?relatedParty.id=${people.payer.customerId}&runType=onCycle`, { token: admin })).body;
    // Issued `validated`, then `sent` once delivered (docs/bill-documents.md), unpaid either way.
    expect(bill).toMatchObject({ state: expect.stringMatching(/^(validated|sent)$/), paymentDueDate: dueDate });
    expect((await accountOf(people.payer.accountId)).paymentStatus).toBe('due');

    const dunning = await advanceToStep('2027-02-16T12:00:00+01:00', people.payer.accountId, 1);
    expect(dunning).toMatchObject({ status: 'active', since: dueDate, stepsDone: 1, nextStepAt: day(3), suspended: false });
    expect(dunning.history).toEqual([{ day: 1, actions: ['retryPayment', 'reminder'], at: '2027-02-16T11:00:00.000Z' }]);
    expect((await accountOf(people.payer.accountId)).paymentStatus).toBe('overdue');
    expect(await noticesOf(people.payer.customerId)).toEqual(['paymentReminder']);
  }, 90_000);

  it('days 3 and 7: retries, and a second reminder on day 7', async () => {
    expect((await advanceToStep(day(3).replace('23:00:00.000Z', '23:30:00.000Z'), people.payer.accountId, 2)).nextStepAt).toBe(day(7));
    const dunning = await advanceToStep('2027-02-22T12:00:00+01:00', people.payer.accountId, 3);
    expect(dunning.history.map((step: any) => [step.day, step.actions])).toEqual([
      [1, ['retryPayment', 'reminder']],
      [3, ['retryPayment']],
      [7, ['retryPayment', 'reminder']],
    ]);
    expect(await noticesOf(people.payer.customerId)).toEqual(['paymentReminder', 'paymentReminder']);
    // Every retry was declined: no payment was recorded.
    expect((await call<any[]>(`/tmf-api/paymentManagement/v4/payment?payer.id=${people.payer.customerId}`, { token: admin })).body.filter((payment) => payment.paymentItem[0].item['@referredType'] === 'CustomerBill')).toEqual([]);
  }, 90_000);

  it('day 14: the account is Suspended and its products suspended, with a notice', async () => {
    const dunning = await advanceToStep('2027-03-01T12:00:00+01:00', people.payer.accountId, 4);
    expect(dunning).toMatchObject({ suspended: true, nextStepAt: day(21) });
    expect((await accountOf(people.payer.accountId)).state).toBe('Suspended');
    expect((await productsOf(people.payer.customerId)).map((product) => product.status)).toEqual(['suspended']);
    expect(await noticesOf(people.payer.customerId)).toEqual(['paymentReminder', 'paymentReminder', 'serviceSuspended']);
  }, 90_000);

  it('day 16: a payment of what is overdue stops dunning and restores the service at once', async () => {
    await advanceClock(admin, clockId, '2027-03-03T12:00:00+01:00');
    const [february] = (await call<any[]>(`${bills}?relatedParty.id=${people.payer.customerId}&runType=onCycle`, { token: admin })).body;
    const paid = await call('/tmf-api/paymentManagement/v4/payment', {
      method: 'POST',
      token: admin,
      body: { account: { id: people.payer.accountId }, totalAmount: february.remainingAmount, paymentMethod: { id: 'TRF-RESCUE', name: 'bankTransfer' } },
    });
    expect(paid.status).toBe(201);
    const dunning = await eventually(async () => {
      const current = await dunningOf(people.payer.accountId);
      return current.status === 'resolved' ? current : undefined;
    }, 20_000);
    expect(dunning.resolvedAt).toBe('2027-03-03T11:00:00.000Z');
    const account = await accountOf(people.payer.accountId);
    expect(account.state).toBe('Active');
    // The March bill is not due before 15 March: the account owes it, but nothing is overdue.
    expect(account.paymentStatus).toBe('due');
    expect((await productsOf(people.payer.customerId)).map((product) => product.status)).toEqual(['active']);
    expect(await noticesOf(people.payer.customerId)).toContain('serviceRestored');
  }, 90_000);

  it('without payment: the final notice on day 21, then on day 30 the rest is written off, the products terminated, the account Closed', async () => {
    const noticed = await advanceToStep('2027-03-08T12:00:00+01:00', people.defaulter.accountId, 5);
    expect(noticed.history.at(-1)).toMatchObject({ day: 21, actions: ['finalNotice'] });
    expect(await noticesOf(people.defaulter.customerId)).toContain('finalNotice');

    const ended = await advanceToStep('2027-03-17T12:00:00+01:00', people.defaulter.accountId, 6);
    expect(ended).toMatchObject({ status: 'writtenOff' });
    expect(ended.nextStepAt).toBeUndefined();
    const account = await accountOf(people.defaulter.accountId);
    expect(account).toMatchObject({ state: 'Closed', paymentStatus: 'paidUp' });
    expect(account.accountBalance[0].amount.value).toBe(0);
    expect((await productsOf(people.defaulter.customerId)).map((product) => product.status)).toEqual(['terminated']);
    const regular = (await call<any[]>(`${bills}?relatedParty.id=${people.defaulter.customerId}&runType=onCycle`, { token: admin })).body;
    expect(regular.map((bill) => bill.remainingAmount.value)).toEqual([0, 0]);
    const ledger = await call<any[]>(`/collections/v1/ledgerEntry?billingAccount.id=${people.defaulter.accountId}&kind=writeOff`, { token: admin });
    expect(ledger.body.map((entry) => [entry.reference.id, -entry.amount.value])).toEqual(regular.map((bill) => [bill.id, bill.amountDue.value]));
  }, 120_000);

  it("a customer reads its own account's dunning, not another's", async () => {
    expect((await call(`/collections/v1/dunning/${people.payer.accountId}`, { token: people.payer.token })).status).toBe(200);
    expect((await call(`/collections/v1/dunning/${people.defaulter.accountId}`, { token: people.payer.token })).status).toBe(404);
  });
});
