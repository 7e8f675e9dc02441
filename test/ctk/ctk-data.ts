import { randomUUID } from 'node:crypto';

/**
 * The data the kits' sample payloads name, created through the HTTP API as any user of the
 * system would create it, with a staff (admin) token: a product specification for the TMF620
 * offering to specify, and an organization customer with a billing account and a running product
 * (an order of the demo catalog's Home Broadband, waited for until completed) for the orders,
 * accounts, payments and bills the other kits create; and a customer whose first bill is unpaid
 * and older than any other (unpaidOldestBill). Every run names its own (a run tag in the e-mail
 * addresses), so it can also run against a system that already holds an earlier run's.
 */
export interface Reference {
  id: string;
  href: string;
  name: string;
}

export interface CtkData {
  /** Distinguishes this run's customers (their e-mail addresses must be unique). */
  runTag: string;
  productSpecification: Reference;
  productOffering: Reference;
  /** The organization customer; its `engagedParty` is the organization party it was created with. */
  customer: Reference & { email: string; party: { id: string; name: string } };
  billingAccount: Reference;
  /** The unpaid bill of the customer on a test clock in January 2026 (unpaidOldestBill). */
  unpaidBill: { id: string; state: string };
}

/** The demo catalog's offering the data's order names: launched, without characteristics to choose, no stock. */
export const orderedOfferingName = 'Home Broadband';

type Send = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function apiClient(apiUrl: string, token: string): Send {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path} answered ${answer.status}: ${text}`);
    return JSON.parse(text) as T;
  };
}

export async function createCtkData(options: { apiUrl: string; token: string; log: (line: string) => void; orderTimeoutMs?: number }): Promise<CtkData> {
  const send = apiClient(options.apiUrl, options.token);
  const runTag = randomUUID().slice(0, 8);

  const specification = await send<Reference>('POST', '/tmf-api/productCatalogManagement/v4/productSpecification', {
    name: 'Business firewall',
    description: 'The specification the TMF620 kit’s ProductOffering payload names',
  });
  const offerings = await send<Reference[]>('GET', `/tmf-api/productCatalogManagement/v4/productOffering?name=${encodeURIComponent(orderedOfferingName)}&fields=name,href`);
  const offering = offerings[0];
  if (!offering) throw new Error(`the catalog has no ${orderedOfferingName} offering: start the system with its demo catalog (without --no-seed)`);

  const party = { id: `organization-${runTag}`, name: 'Conformance Test Organization' };
  const email = `ctk-organization-${runTag}@example.com`;
  const customer = await send<Reference>('POST', '/tmf-api/customerManagement/v4/customer', {
    name: party.name,
    engagedParty: { ...party, '@referredType': 'Organization' },
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
      { mediumType: 'postalAddress', characteristic: { street1: '1 rue de la Paix', postCode: '75002', city: 'Paris', country: 'FR' } },
    ],
  });
  const account = await send<Reference>('POST', '/tmf-api/accountManagement/v4/billingAccount', {
    name: 'Conformance test account',
    relatedParty: [{ id: customer.id, name: customer.name, '@referredType': 'Customer' }],
  });
  options.log(`customer ${customer.id}, billing account ${account.id}; ordering ${orderedOfferingName} on it`);

  const timeoutMs = options.orderTimeoutMs ?? 120_000;
  await completedOrder(send, { billingAccount: { id: account.id }, relatedParty: [{ id: customer.id, name: customer.name, role: 'Customer', '@referredType': 'Customer' }] }, offering, timeoutMs);
  const unpaidBill = await unpaidOldestBill(send, { offering, runTag, timeoutMs, log: options.log });

  const reference = (resource: Reference): Reference => ({ id: resource.id, href: resource.href, name: resource.name });
  return {
    runTag,
    productSpecification: reference(specification),
    productOffering: reference(offering),
    customer: { ...reference(customer), email, party },
    billingAccount: reference(account),
    unpaidBill,
  };
}

/**
 * TMF678's PATCH customerBill puts on hold the bill `GET /customerBill` lists last, the oldest,
 * which the demo data's is a settled order bill, and only a bill that still owes something goes
 * on hold (docs/collections.md, "Bills on hold"). So a customer on a test clock from January
 * 2026, before any demo bill (the catalog is on sale from 1 January), orders Home Broadband (no
 * upfront charge, so no order bill), has no card, and the clock goes past its first bill day: its
 * 1 February bill, delivered and waiting for a bank transfer, is the oldest bill there is.
 */
async function unpaidOldestBill(send: Send, context: { offering: Reference; runTag: string; timeoutMs: number; log: (line: string) => void }): Promise<{ id: string; state: string }> {
  const clock = await send<{ id: string }>('POST', '/billing/v1/testClock', { name: `Conformance test ${context.runTag}: an unpaid first bill`, frozenTime: '2026-01-05T10:00:00+01:00' });
  const email = `ctk-unpaid-${context.runTag}@example.com`;
  const customer = await send<{ id: string; name: string }>('POST', '/tmf-api/customerManagement/v4/customer', {
    name: 'Conformance Test Unpaid',
    testClock: { id: clock.id },
    contactMedium: [
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: email } },
      { mediumType: 'postalAddress', characteristic: { street1: '1 rue de la Paix', postCode: '75002', city: 'Paris', country: 'FR' } },
    ],
    characteristic: [
      { name: 'timeZone', value: 'Europe/Paris' },
      { name: 'billingCycleDay', value: 1 },
    ],
  });
  const accountId = await waitFor(`the default billing account of customer ${customer.id}`, context.timeoutMs, async () => {
    const [account] = await send<{ id: string }[]>('GET', `/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${customer.id}&fields=id`);
    return account?.id;
  });
  await completedOrder(send, { billingAccount: { id: accountId } }, context.offering, context.timeoutMs);
  await send('POST', `/billing/v1/testClock/${clock.id}/advance`, { frozenTime: '2026-02-01T12:00:00+01:00' });
  const bill = await waitFor(`the delivered 1 February 2026 bill of account ${accountId}`, context.timeoutMs, async () => {
    const [first] = await send<{ id: string; state: string; billDocument?: unknown[]; delivery?: { status: string } }[]>('GET', `/tmf-api/customerBillManagement/v4/customerBill?billingAccount.id=${accountId}`);
    // Delivered, with its document: nothing changes it while the kits run.
    return first?.delivery?.status === 'sent' && (first.billDocument?.length ?? 0) > 0 ? { id: first.id, state: first.state } : undefined;
  });
  context.log(`customer ${customer.id} on test clock ${clock.id}: bill ${bill.id}, ${bill.state}, the oldest bill`);
  return bill;
}

/** Orders the offering (one item) and waits until the order is completed; an order that ends otherwise is an error. */
async function completedOrder(send: Send, parties: Record<string, unknown>, offering: Reference, timeoutMs: number): Promise<void> {
  const order = await send<{ id: string }>('POST', '/tmf-api/productOrderingManagement/v4/productOrder', {
    ...parties,
    productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offering.id, name: offering.name } }],
  });
  await waitFor(`the completed order ${order.id} of ${offering.name}`, timeoutMs, async () => {
    const { state } = await send<{ state: string }>('GET', `/tmf-api/productOrderingManagement/v4/productOrder/${order.id}?fields=state`);
    if (['failed', 'partial', 'cancelled'].includes(state)) throw new Error(`the order ${order.id} of ${offering.name} ended ${state}`);
    return state === 'completed' ? true : undefined;
  });
}

/** Polls `check` every 250 ms until it returns something, for at most `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await check();
    if (outcome !== undefined) return outcome;
    if (Date.now() > deadline) throw new Error(`${what} is still not there after ${timeoutMs / 1000} s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
}
