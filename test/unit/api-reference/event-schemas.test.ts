import { randomUUID } from 'node:crypto';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CustomerCreated } from '../../../domain/events/customer-events.js';
import { eventCatalog } from '../../../domain/events/event-catalog.js';
import { partnerEventCatalog } from '../../../domain/events/partner-events.js';
import { publishedEventSchemas, subscribableEvents } from '../../../infra/api-reference/event-schemas.js';

const published = publishedEventSchemas();

function validatorOf(schema: Record<string, unknown>) {
  const ajv = new ajvDraft04.default({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

describe('the published event schemas', () => {
  it('cover every domain event and every partner event once, named <source>@<detail-type>, with its schema version', () => {
    expect(subscribableEvents.length).toBe(eventCatalog.length + partnerEventCatalog.length);
    expect(published.map((schema) => schema.name)).toEqual(subscribableEvents.map((event) => `${event.source}@${event.detailType}`));
    expect(new Set(published.map((schema) => schema.name)).size).toBe(published.length);
    for (const [index, event] of subscribableEvents.entries()) {
      expect(published[index]).toMatchObject({ source: event.source, detailType: event.detailType, schemaVersion: event.schemaVersion });
      expect(published[index]!.schema).toMatchObject({ 'x-source': event.source, 'x-detail-type': event.detailType, 'x-schema-version': event.schemaVersion });
    }
  });

  it('are JSON Schema draft 4 documents, the dialect the EventBridge schema registry takes', () => {
    for (const { name, schema } of published) {
      expect(schema.$schema, name).toBe('http://json-schema.org/draft-04/schema#');
      expect(() => validatorOf(schema), name).not.toThrow();
    }
  });

  it('accept the event as the bus delivers it and refuse one of another type or with a broken detail', () => {
    const customerCreated = published.find((schema) => schema.name === 'bss.customers@CustomerCreated')!;
    const validate = validatorOf(customerCreated.schema);
    const event = CustomerCreated.create(
      { customer: { id: 'c-1', href: '/tmf-api/customerManagement/v4/customer/c-1', name: 'Ada', status: 'Initialized', email: 'ada@example.com', preferences: {} } },
      { eventId: randomUUID(), occurredAt: '2027-01-01T00:00:00.000Z', correlationId: 'corr-1' },
    );
    const delivered = { version: '0', id: randomUUID(), source: event.source, 'detail-type': event.detailType, account: '000000000000', time: '2027-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: event.detail };
    expect(validate(delivered), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...delivered, 'detail-type': 'CustomerUpdated' })).toBe(false);
    expect(validate({ ...delivered, detail: { ...event.detail, data: {} } })).toBe(false);
    expect(validate({ ...delivered, detail: { ...event.detail, metadata: { ...event.detail.metadata, occurredAt: 'yesterday' } } })).toBe(false);
  });
});
