import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, customerOnClock, offeringNamed, orderOffering } from '../support/clock-journey.js';
import { apiUrl, call, eventually, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf678, tmf681 } from '../support/tmf-schema.js';

/**
 * Bill documents over HTTP against the local runtime, on a test clock (Paris): the bill issued on
 * 1 Feb names its document; its PDF, read back as a person would, shows the bill's own numbers;
 * the same bill always gives the same bytes; HTML on request; the customer is e-mailed the PDF and
 * the bill is `sent`; a credit note has its document too; nobody else's token reads them.
 */
const bills = '/tmf-api/customerBillManagement/v4/customerBill';

let admin: string;
let owner: Awaited<ReturnType<typeof customerOnClock>>;
let stranger: Awaited<ReturnType<typeof customerOnClock>>;
let bill: any;

async function fetchDocument(path: string, token: string, accept?: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const response = await fetch(`${apiUrl()}${path}`, { headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The PDF's text as a person reads it: a value wrapped at the end of a line reads as one. */
async function pdfText(bytes: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replaceAll(/-\n/g, '-').replaceAll(/\s+/g, ' ');
}

const money = (value: number) => `${value.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} EUR`;

beforeAll(async () => {
  admin = await tokenFor('admin');
  const clock = await call('/billing/v1/testClock', { method: 'POST', token: admin, body: { name: 'bill documents journey', frozenTime: '2027-01-16T10:00:00+01:00' } });
  expect(clock.status).toBe(201);
  owner = await customerOnClock(admin, clock.body.id, 'documented');
  stranger = await customerOnClock(admin, clock.body.id, 'stranger');
  await orderOffering(admin, owner.accountId, await offeringNamed(admin, 'Mobile M'));
  await advanceClock(admin, clock.body.id, '2027-02-01T12:00:00+01:00');
  bill = await eventually(async () => {
    const found = (await call<any[]>(`${bills}?relatedParty.id=${owner.customerId}&runType=onCycle`, { token: admin })).body[0];
    return found?.delivery?.status === 'sent' ? found : undefined;
  }, 30_000);
}, 150_000);

describe('bill documents on a test clock', () => {
  it('the issued bill names its document, and the customer reads it: the PDF shows the bill’s own numbers', async () => {
    expectValidTmf(tmf678, 'CustomerBill', bill);
    expect(bill.billDocument).toEqual([{ id: `${bill.id}-document`, url: `${bills}/${bill.id}/document`, name: `${bill.billNo}.pdf`, mimeType: 'application/pdf', '@type': 'Attachment' }]);
    const pdf = await fetchDocument(bill.billDocument[0].url, owner.token);
    expect(pdf).toMatchObject({ status: 200, type: 'application/pdf' });
    const text = await pdfText(pdf.bytes);
    const lines = (await call<any[]>(`/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate?bill.id=${bill.id}`, { token: admin })).body;
    expect(lines.length).toBeGreaterThan(0);
    for (const shown of [
      `Invoice ${bill.billNo}`,
      'documented',
      '1 rue de Rivoli',
      '75001 Paris',
      '1 February 2027',
      'Mobile M',
      money(bill.taxExcludedAmount.value),
      money(bill.taxIncludedAmount.value),
      ...bill.taxItem.map((tax: any) => money(tax.taxAmount.value)),
      ...lines.map((line) => money(line.taxExcludedAmount.value)),
      'Amount due',
      'card on file (pm_card_visa)',
    ]) {
      expect(text).toContain(shown);
    }
  });

  it('the same bill always gives the same bytes; HTML when asked; 406 for a format it has not', async () => {
    const digest = async () => createHash('sha256').update((await fetchDocument(bill.billDocument[0].url, admin)).bytes).digest('hex');
    expect(await digest()).toBe(await digest());
    const html = await fetchDocument(bill.billDocument[0].url, owner.token, 'text/html');
    expect(html).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(html.bytes.toString('utf8')).toContain(`Invoice ${bill.billNo}`);
    expect((await fetchDocument(bill.billDocument[0].url, owner.token, 'application/json')).status).toBe(406);
  });

  it('the customer was e-mailed the PDF, once; the bill is sent (or settled, when its card paid it first)', async () => {
    expect(['sent', 'settled']).toContain(bill.state);
    const messages = (await call<any[]>(`/tmf-api/communicationManagement/v4/communicationMessage?receiver.id=${owner.customerId}`, { token: owner.token })).body;
    // The order's bill (its activation fee) was sent too, when the order completed: one message per bill.
    const billMessages = messages.filter((message) => message.bill?.id === bill.id && message.characteristic.some((each: any) => each.value === 'billIssued'));
    expect(billMessages).toHaveLength(1);
    expectValidTmf(tmf681, 'CommunicationMessage', billMessages[0]);
    expect(billMessages[0]).toMatchObject({ messageType: 'email', bill: { id: bill.id }, attachment: [{ name: `${bill.billNo}.pdf`, url: `${bills}/${bill.id}/document`, mimeType: 'application/pdf' }] });
    expect(bill.delivery.communicationMessage.id).toBe(billMessages[0].id);
  });

  it('a credit note has its document too, naming the bill it credits', async () => {
    const credited = await call('/collections/v1/creditNote', { method: 'POST', token: admin, body: { bill: { id: bill.id }, amount: { unit: 'EUR', value: 2 }, reason: 'goodwill for a slow line' } });
    expect(credited.status).toBe(201);
    const pdf = await fetchDocument(`/collections/v1/creditNote/${credited.body.id}/document`, owner.token);
    expect(pdf.status).toBe(200);
    const text = await pdfText(pdf.bytes);
    for (const shown of [`Credit note ${credited.body.creditNoteNo}`, bill.billNo, '2.00 EUR', 'Reason: goodwill for a slow line']) expect(text).toContain(shown);
  });

  it("another customer's token reads neither document: 404, as an unknown bill", async () => {
    expect((await fetchDocument(bill.billDocument[0].url, stranger.token)).status).toBe(404);
    expect((await fetchDocument(`${bills}/no-such-bill/document`, admin)).status).toBe(404);
  });
});
