import { beforeAll, describe, expect, it } from 'vitest';
import { call, newCustomerBody, tokenFor } from '../support/local-api.js';
import { emailChangeCodeIn as codeIn, mailFor } from '../support/mailbox.js';

const customers = '/tmf-api/customerManagement/v4/customer';
const emailChanges = '/customer/v1/emailChange';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';

const emailOf = (customer: { contactMedium: { mediumType: string; characteristic: { emailAddress?: string } }[] }) =>
  customer.contactMedium.find((medium) => medium.mediumType === 'email')!.characteristic.emailAddress!;

/** Every attribute of an answer that could tell one request from another, without the ones that differ anyway. */
const shapeOf = (answer: { status: number; body: Record<string, unknown> }) => {
  const { id: _id, href: _href, emailAddress: _address, requestedAt: _at, expiresAt: _expires, ...rest } = answer.body;
  return { status: answer.status, keys: Object.keys(answer.body).sort(), rest };
};

describe('e-mail change against the local runtime: verified before applied, revealing nothing', () => {
  let admin: string;
  let asker: { id: string; email: string; token: string };
  let other: { id: string; email: string };
  beforeAll(async () => {
    admin = await tokenFor('admin');
    const [first, second] = await Promise.all([call(customers, { method: 'POST', token: admin, body: newCustomerBody() }), call(customers, { method: 'POST', token: admin, body: newCustomerBody() })]);
    asker = { id: first.body.id, email: emailOf(first.body), token: await tokenFor('customer', first.body.id) };
    other = { id: second.body.id, email: emailOf(second.body) };
  });

  it('a customer cannot change its e-mail by a patch, whether or not the address is taken', async () => {
    for (const address of [other.email, `free-${Date.now()}@example.com`]) {
      const answer = await call(`${customers}/${asker.id}`, {
        method: 'PATCH',
        token: asker.token,
        body: { contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: address } }] },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.details).toEqual([{ field: 'contactMedium', problem: `e-mail addresses change once verified: POST ${emailChanges}` }]);
    }
    expect(emailOf((await call(`${customers}/${asker.id}`, { token: admin })).body)).toBe(asker.email);
  });

  it('asking for a taken address answers exactly as for a free one; the taken one gets a notice, never a code, and is never claimed', async () => {
    const free = `new-${Date.now()}@example.com`;
    const taken = await call(emailChanges, { method: 'POST', token: asker.token, body: { customer: { id: asker.id }, emailAddress: other.email } });
    const untaken = await call(emailChanges, { method: 'POST', token: asker.token, body: { customer: { id: asker.id }, emailAddress: free } });
    expect(taken.status).toBe(202);
    expect(shapeOf(taken)).toEqual(shapeOf(untaken));
    expect(taken.body).toMatchObject({ state: 'pending', attemptsLeft: 5, customer: { id: asker.id } });

    // The asker sees neither message: they are the mailboxes', not its own.
    const askersMessages = await call(`${messages}?receiver.id=${asker.id}`, { token: asker.token });
    expect(askersMessages.body).toEqual([]);
    const [notice] = await mailFor(other.email, admin);
    expect(notice!.characteristic[0]!.value).toBe('emailAddressInUse');
    expect(codeIn(notice!.content)).toBeUndefined();
    expect((await call(`${messages}/${(notice as unknown as { id: string }).id}`, { token: asker.token })).status).toBe(404);

    // No code exists for the taken address: every guess is refused as a wrong code is, and the address stays the other customer's.
    const guess = await call(`${emailChanges}/${taken.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code: '000000' } });
    const wrong = await call(`${emailChanges}/${untaken.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code: '000000' } });
    expect(guess.status).toBe(400);
    expect({ ...guess.body, message: undefined }).toEqual({ ...wrong.body, message: undefined });
    expect(guess.body.message).toBe(wrong.body.message);
    expect(emailOf((await call(`${customers}/${asker.id}`, { token: admin })).body)).toBe(asker.email);
    expect(emailOf((await call(`${customers}/${other.id}`, { token: admin })).body)).toBe(other.email);
  });

  it('the code sent to a free address applies the change, once; the old address is free again', async () => {
    const free = `moved-${Date.now()}@example.com`;
    const asked = await call(emailChanges, { method: 'POST', token: asker.token, body: { customer: { id: asker.id }, emailAddress: free } });
    const [sent] = await mailFor(free, admin);
    const code = codeIn(sent!.content)!;
    expect(code).toMatch(/^\d{6}$/);

    const confirmed = await call(`${emailChanges}/${asked.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'completed', emailAddress: free });
    expect(emailOf((await call(`${customers}/${asker.id}`, { token: admin })).body)).toBe(free);

    const again = await call(`${emailChanges}/${asked.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code } });
    expect(again.status).toBe(409);
    // The old address is released: a new customer may register with it.
    const reused = await call(customers, { method: 'POST', token: admin, body: newCustomerBody({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: asker.email } }] }) });
    expect(reused.status).toBe(201);
  });

  it('five wrong codes, even sent at once, end the change: the right one no longer applies it', async () => {
    const free = `guessed-${Date.now()}@example.com`;
    const asked = await call(emailChanges, { method: 'POST', token: asker.token, body: { customer: { id: asker.id }, emailAddress: free } });
    const code = codeIn((await mailFor(free, admin))[0]!.content)!;
    const wrongCodes = ['0', '1', '2', '3', '4', '5', '6', '7'].map((digit) => digit.repeat(6)).filter((guess) => guess !== code).slice(0, 7);
    const answers = await Promise.all(wrongCodes.map((guess) => call(`${emailChanges}/${asked.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code: guess } })));
    expect(answers.filter((answer) => answer.status === 400)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(wrongCodes.length - 5);
    const late = await call(`${emailChanges}/${asked.body.id}/confirmation`, { method: 'POST', token: asker.token, body: { code } });
    expect(late.status).toBe(409);
    expect(emailOf((await call(`${customers}/${asker.id}`, { token: admin })).body)).not.toBe(free);
  });

  it("another customer's e-mail change answers as an unknown one", async () => {
    const asked = await call(emailChanges, { method: 'POST', token: asker.token, body: { customer: { id: asker.id }, emailAddress: `mine-${Date.now()}@example.com` } });
    const stranger = await tokenFor('customer', other.id);
    const answer = await call(`${emailChanges}/${asked.body.id}/confirmation`, { method: 'POST', token: stranger, body: { code: '123456' } });
    expect(answer.status).toBe(404);
    const forOther = await call(emailChanges, { method: 'POST', token: stranger, body: { customer: { id: asker.id }, emailAddress: `x-${Date.now()}@example.com` } });
    expect(forOther.status).toBe(404);
  });
});
