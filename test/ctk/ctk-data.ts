import { randomUUID } from 'node:crypto';

/**
 * The data the kits' sample payloads name, created through the HTTP API as any user of the
 * system would create it, with a staff (admin) token: a product specification for the TMF620
 * offering to specify, and an organization customer with a billing account and a running product
 * (an order of the demo catalog's Home Broadband, waited for until completed) for the orders,
 * accounts, payments and bills the other kits create. Every run names its own (a run tag in the
 * e-mail addresses), so it can also run against a system that already holds an earlier run's.
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

  const order = await send<{ id: string }>('POST', '/tmf-api/productOrderingManagement/v4/productOrder', {
    billingAccount: { id: account.id },
    relatedParty: [{ id: customer.id, name: customer.name, role: 'Customer', '@referredType': 'Customer' }],
    productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offering.id, name: offering.name } }],
  });
  const timeoutMs = options.orderTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { state } = await send<{ state: string }>('GET', `/tmf-api/productOrderingManagement/v4/productOrder/${order.id}?fields=state`);
    if (state === 'completed') break;
    if (['failed', 'partial', 'cancelled'].includes(state)) throw new Error(`the order ${order.id} of ${orderedOfferingName} ended ${state}`);
    if (Date.now() > deadline) throw new Error(`the order ${order.id} of ${orderedOfferingName} is still ${state} after ${timeoutMs / 1000} s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }

  const reference = (resource: Reference): Reference => ({ id: resource.id, href: resource.href, name: resource.name });
  return {
    runTag,
    productSpecification: reference(specification),
    productOffering: reference(offering),
    customer: { ...reference(customer), email, party },
    billingAccount: reference(account),
  };
}
