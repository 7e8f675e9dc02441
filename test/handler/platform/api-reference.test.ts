import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as getEventSchema } from '../../../functions/platform/get-event-schema.js';
import { handler as getOpenApiDocument } from '../../../functions/platform/get-openapi-document.js';
import { handler as listEventSchemas } from '../../../functions/platform/list-event-schemas.js';
import { subscribableEvents } from '../../../infra/api-reference/event-schemas.js';
import { apiEvent } from '../../support/api-event.js';

/** A public request as API Gateway hands it over: no authorizer, the stage in requestContext.path. */
function awsEvent(path: string, pathParameters?: Record<string, string>): APIGatewayProxyEvent {
  const event = apiEvent({ method: 'GET', path, claims: null, headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'X-Forwarded-Proto': 'https' }, ...(pathParameters ? { pathParameters } : {}) });
  return { ...event, requestContext: { ...event.requestContext, domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', path: `/prod${path}`, stage: 'prod' } };
}

const bodyOf = (result: APIGatewayProxyResult) => JSON.parse(result.body) as any;

describe('GET /openapi.json', () => {
  it('names the stage URL the caller reached as the server on AWS', async () => {
    const result = await getOpenApiDocument(awsEvent('/openapi.json'));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const document = bodyOf(result);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' }]);
  });

  it('names the host alone behind the local gateway, which has no stage in the URL', async () => {
    const local = apiEvent({ method: 'GET', path: '/openapi.json', claims: null, headers: { host: 'localhost:3000' } });
    const document = bodyOf(await getOpenApiDocument({ ...local, requestContext: { ...local.requestContext, path: '/local/openapi.json' } }));
    expect(document.servers).toEqual([{ url: 'http://localhost:3000' }]);
  });
});

describe('GET /events/schemas', () => {
  it('lists every domain and partner event with its source, detail-type, version and schema', async () => {
    const listed = bodyOf(await listEventSchemas(awsEvent('/events/schemas')));
    expect(listed.map((schema: { source: string; detailType: string; schemaVersion: string }) => [schema.source, schema.detailType, schema.schemaVersion])).toEqual(
      subscribableEvents.map((event) => [event.source, event.detailType, event.schemaVersion]),
    );
  });

  it('answers one schema by name, and 404 with a TMF error for an unknown one', async () => {
    const one = await getEventSchema(awsEvent('/events/schemas/bss.customers@CustomerCreated', { name: 'bss.customers@CustomerCreated' }));
    expect(one.statusCode).toBe(200);
    expect(bodyOf(one)).toMatchObject({ title: 'CustomerCreated', 'x-source': 'bss.customers' });
    const missing = await getEventSchema(awsEvent('/events/schemas/bss.nowhere@NothingHappened', { name: 'bss.nowhere@NothingHappened' }));
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing)).toMatchObject({ code: 'NOT_FOUND', status: '404', '@type': 'Error' });
  });
});
