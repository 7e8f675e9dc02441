import { Validator } from '@seriousme/openapi-schema-validator';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { routes } from '../../infra/topology.js';
import { apiUrl, call, eventually, newCustomerBody, servicesUrl, tokenFor } from '../support/local-api.js';

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { data: Record<string, any> };
}

interface PublishedEventSchema {
  name: string;
  source: string;
  detailType: string;
  schemaVersion: string;
  schema: Record<string, unknown>;
}

async function recentEvents(): Promise<BusEvent[]> {
  return (await fetch(`${servicesUrl()}/_local/events`)).json() as Promise<BusEvent[]>;
}

/** The API reference as `npm start` serves it, over HTTP. */
describe('the API reference served by the local runtime', () => {
  it('serves the OpenAPI 3.1 document at /openapi.json, with every route and the runtime as its server', async () => {
    const response = await fetch(`${apiUrl()}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(document);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: apiUrl() }]);
    for (const route of routes) expect(document.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
  });

  it('serves the docs page at /docs with its Swagger UI assets from the project, no CDN', async () => {
    const page = await fetch(`${apiUrl()}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('data-openapi-url="/openapi.json"');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.every((source) => source.startsWith('/docs/'))).toBe(true);
    for (const source of sources) {
      const asset = await fetch(`${apiUrl()}${source}`);
      expect(asset.status, source).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(0);
    }
    expect((await fetch(`${apiUrl()}/docs/package.json`)).status).toBe(404);
  });

  it('serves every event schema at /events/schemas, and each alone by its name', async () => {
    const listed = (await (await fetch(`${apiUrl()}/events/schemas`)).json()) as PublishedEventSchema[];
    expect(listed.length).toBeGreaterThan(0);
    const first = listed[0]!;
    const one = await fetch(`${apiUrl()}/events/schemas/${first.name}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(first.schema);
    expect((await fetch(`${apiUrl()}/events/schemas/bss.nowhere@NothingHappened`)).status).toBe(404);
  });

  it('publishes a schema that every event on the bus validates against', async () => {
    const listed = (await (await fetch(`${apiUrl()}/events/schemas`)).json()) as PublishedEventSchema[];
    const ajv = new ajvDraft04.default({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    const validators = new Map(listed.map((published) => [`${published.source}/${published.detailType}`, ajv.compile(published.schema)]));

    // A customer's life emits events of two contexts: its creation, its default account, its changes.
    const token = await tokenFor('agent');
    const created = await call('/tmf-api/customerManagement/v4/customer', { method: 'POST', token, body: newCustomerBody() });
    expect(created.status).toBe(201);
    const patched = await call(`/tmf-api/customerManagement/v4/customer/${created.body.id}`, { method: 'PATCH', token, body: { status: 'Validated' }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(patched.status).toBe(200);
    await eventually(async () => ((await recentEvents()).some((event) => event['detail-type'] === 'BillingAccountCreated' && event.detail.data.billingAccount?.customerId === created.body.id) ? true : undefined));
    await eventually(async () => ((await recentEvents()).some((event) => event['detail-type'] === 'CustomerStatusChanged' && event.detail.data.customerId === created.body.id) ? true : undefined));

    // Every domain event the bus carried in this run (the demo seed's and other tests' too); bss.tests is the tests' own probe.
    const emitted = (await recentEvents()).filter((event) => event.source !== 'bss.tests');
    const types = new Set(emitted.map((event) => `${event.source}/${event['detail-type']}`));
    expect([...types]).toEqual(expect.arrayContaining(['bss.customers/CustomerCreated', 'bss.customers/BillingAccountCreated', 'bss.customers/CustomerStatusChanged']));
    for (const event of emitted) {
      const validate = validators.get(`${event.source}/${event['detail-type']}`);
      expect(validate, `no published schema for ${event.source} ${event['detail-type']}`).toBeDefined();
      expect(validate!(event), `${event['detail-type']}: ${JSON.stringify(validate!.errors)}`).toBe(true);
    }
  });
});
