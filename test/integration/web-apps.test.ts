import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiUrl, call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * The web apps and the dev issuer's sign-in on the shared local runtime (docs/web.md): the
 * built pages and their script, the sign-in page's identities, the code exchange with PKCE, and
 * the API still answering another customer's bill 404 to a signed-in customer.
 */
async function page(path: string) {
  const response = await fetch(`${apiUrl()}${path}`, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe.each(['portal', 'agent'])('/%s/', (app) => {
  it('answers the built page, which loads its script and stylesheet by URL only', async () => {
    const index = await page(`/${app}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = new RegExp(`<script type="module" src="(/${app}/assets/main-\\w+\\.js)"></script>`).exec(index.text)?.[1];
    expect(script).toBeDefined();
    expect(index.text).not.toMatch(/<script>|<style>| on\w+=/);

    const asset = await page(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.text.length).toBeGreaterThan(1000);
  });

  it('answers its page for its own paths, so a reload of a deep link works, and 404 for a missing file', async () => {
    const deep = await page(`/${app}/bills/some-bill`);
    expect(deep.status).toBe(200);
    expect(deep.text).toContain(`/${app}/assets/`);
    expect((await page(`/${app}/assets/main-GONE.js`)).status).toBe(404);
    // No config.json here: its absence tells the app it runs on the local runtime (docs/web.md).
    expect((await page(`/${app}/config.json`)).status).toBe(404);
    const bare = await page(`/${app}`);
    expect([bare.status, bare.headers.get('location')]).toEqual([301, `/${app}/`]);
  });
});

describe('local sign-in', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const redirectUri = () => `${apiUrl()}/portal/callback`;
  const authorizeParameters = () => ({ response_type: 'code', client_id: 'portal', redirect_uri: redirectUri(), state, code_challenge: challenge, code_challenge_method: 'S256' });

  it('lists the demo customer and the staff identities, with no script on the page', async () => {
    const signIn = await page(`/_local/oauth2/authorize?${new URLSearchParams(authorizeParameters())}`);
    expect(signIn.status).toBe(200);
    expect(signIn.text).toContain('Camille Martin');
    expect(signIn.text).toContain('camille.martin.demo@example.com');
    expect(signIn.text).toContain('Demo agent');
    expect(signIn.text).toContain('Demo admin');
    expect(signIn.text).not.toContain('<script');
  });

  it('lists first the customer whose e-mail is the login hint, which then signs in; an unknown one is said so', async () => {
    const body = newCustomerBody();
    const created = await call<{ id: string; name: string }>('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: await tokenFor('agent'), body });
    const email = (body.contactMedium as { characteristic: { emailAddress?: string } }[]).find((medium) => medium.characteristic.emailAddress)!.characteristic.emailAddress!;
    const found = await page(`/_local/oauth2/authorize?${new URLSearchParams({ ...authorizeParameters(), login_hint: email })}`);
    expect(found.status).toBe(200);
    const firstChoice = /<h2 id="customers">Customers<\/h2>.*?<li>.*?name="login_hint" value="([^"]+)"><input type="hidden" name="identity" value="([^"]+)">/s.exec(found.text);
    expect([firstChoice?.[1], firstChoice?.[2]]).toEqual([email, `customer:${created.body.id}`]);
    const chosen = await fetch(`${apiUrl()}/_local/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ ...authorizeParameters(), login_hint: email, identity: `customer:${created.body.id}` }),
    });
    expect(chosen.status).toBe(303);

    const unknown = await page(`/_local/oauth2/authorize?${new URLSearchParams({ ...authorizeParameters(), login_hint: 'nobody.<b>@example.com' })}`);
    expect(unknown.text).toContain('<p role="status">No customer has the e-mail nobody.&#60;b&#62;@example.com.</p>');
  });

  it('refuses a redirect to anywhere but the app’s own callback', async () => {
    const elsewhere = await page(`/_local/oauth2/authorize?${new URLSearchParams({ ...authorizeParameters(), redirect_uri: 'https://attacker.example/portal/callback' })}`);
    expect(elsewhere.status).toBe(400);
  });

  it('gives a customer a token for a code and the right verifier, once; the API still guards other customers’ bills', async () => {
    const signIn = await page(`/_local/oauth2/authorize?${new URLSearchParams(authorizeParameters())}`);
    const identity = /name="identity" value="(customer:[^"]+)"><button type="submit">Camille Martin</.exec(signIn.text)?.[1];
    expect(identity).toBeDefined();
    const chosen = await fetch(`${apiUrl()}/_local/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ ...authorizeParameters(), identity: identity! }),
    });
    expect(chosen.status).toBe(303);
    const callback = new URL(chosen.headers.get('location')!, apiUrl());
    expect([callback.pathname, callback.searchParams.get('state')]).toEqual(['/portal/callback', state]);
    const code = callback.searchParams.get('code')!;

    const exchange = (codeVerifier: string) =>
      fetch(`${apiUrl()}/_local/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'portal', code, code_verifier: codeVerifier, redirect_uri: redirectUri() }),
      });
    const wrongVerifier = await exchange(randomBytes(32).toString('base64url'));
    expect(wrongVerifier.status).toBe(400);
    // The failed attempt spent the code: a second sign-in must start again.
    expect((await exchange(verifier)).status).toBe(400);

    const retried = await page(`/_local/oauth2/authorize?${new URLSearchParams(authorizeParameters())}`);
    expect(retried.status).toBe(200);
    const again = await fetch(`${apiUrl()}/_local/oauth2/authorize`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...authorizeParameters(), identity: identity! }) });
    const secondCode = new URL(again.headers.get('location')!, apiUrl()).searchParams.get('code')!;
    const granted = await fetch(`${apiUrl()}/_local/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'portal', code: secondCode, code_verifier: verifier, redirect_uri: redirectUri() }),
    });
    expect(granted.status).toBe(200);
    const { id_token: camille } = (await granted.json()) as { id_token: string };
    const bills = await call<{ id: string }[]>(`/tmf-api/customerBillManagement/v4/customerBill?fields=billNo`, { token: camille });
    expect(bills.status).toBe(200);
    expect(bills.body.length).toBeGreaterThan(0);

    // Another customer editing the URL to Camille's bill: the API answers 404, which the portal renders as not found.
    const other = await call<{ id: string }>('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: await tokenFor('agent'), body: newCustomerBody() });
    const stranger = await tokenFor('customer', other.body.id);
    const peek = await call(`/tmf-api/customerBillManagement/v4/customerBill/${bills.body[0]!.id}`, { token: stranger });
    expect(peek.status).toBe(404);
  });
});

describe("the portal's payment calls, as a customer", () => {
  it('adds a card to its record with If-Match, pays its own account with it, and gets the decline code for a declined one', async () => {
    const created = await call<{ id: string }>('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: await tokenFor('agent'), body: newCustomerBody() });
    const customerId = created.body.id;
    const token = await tokenFor('customer', customerId);
    const account = await eventually(async () => (await call<{ id: string; currency: string }[]>(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${customerId}`, { token })).body[0]);
    const customerPath = `/tmf-api/customerManagement/v4/customer/${customerId}`;
    const read = await call(customerPath, { token });
    const added = await call(customerPath, { method: 'PATCH', token, headers: { 'if-match': read.headers.get('etag')! }, body: { paymentMethod: [{ id: 'pm_card_visa', name: 'Visa' }, { id: 'pm_card_declined' }] } });
    expect(added.status).toBe(200);
    const stale = await call(customerPath, { method: 'PATCH', token, headers: { 'if-match': read.headers.get('etag')! }, body: { paymentMethod: [] } });
    expect(stale.status).toBe(412);

    const pay = (card: string, key: string) =>
      call('/tmf-api/paymentManagement/v4/payment', { method: 'POST', token, headers: { 'idempotency-key': key }, body: { account: { id: account.id }, totalAmount: { unit: account.currency, value: 5 }, paymentMethod: { id: card, name: 'card' } } });
    const key = randomBytes(8).toString('hex');
    const paid = await pay('pm_card_visa', key);
    expect([paid.status, paid.body.payer.id, paid.body.paymentMethod.name]).toEqual([201, customerId, 'card']);
    // The portal retries a lost answer with the same key: replayed, not charged again.
    expect((await pay('pm_card_visa', key)).body.id).toBe(paid.body.id);
    const declined = await pay('pm_card_declined', randomBytes(8).toString('hex'));
    expect([declined.status, declined.body.code, declined.body.details]).toEqual([402, 'PAYMENT_DECLINED', [{ field: 'paymentMethod.id', problem: 'card_declined' }]]);
    const notOwn = await pay('pm_card_mastercard', randomBytes(8).toString('hex'));
    expect(notOwn.status).toBe(403);

    // The orders page's read: the customer's orders, as the portal asks for them.
    const orders = await call<unknown[]>(`/tmf-api/productOrderingManagement/v4/productOrder?relatedParty.id=${customerId}&limit=100`, { token });
    expect([orders.status, orders.body]).toEqual([200, []]);
  });
});
