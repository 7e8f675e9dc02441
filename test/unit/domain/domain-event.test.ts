import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  BillingAccountCreated,
  BillingAccountStateChanged,
  BillingAccountUpdated,
  CommunicationPreferencesChanged,
  CustomerCreated,
  CustomerStatusChanged,
  CustomerUpdated,
} from '../../../domain/events/customer-events.js';
import { defineEvent, eventMetadataSchema } from '../../../domain/events/domain-event.js';
import { eventCatalog, eventJsonSchemas } from '../../../domain/events/event-catalog.js';

const origin = { eventId: 'evt-1', occurredAt: '2026-01-15T10:00:00.000Z', correlationId: 'corr-1' };

const PlanChanged = defineEvent({
  source: 'bss.test',
  detailType: 'PlanChanged',
  schemaVersion: '2.1',
  dataSchema: z.object({ planId: z.string().min(1), seats: z.number().int().positive() }),
});

const customerSnapshot = {
  id: 'cust-1',
  href: '/tmf-api/customerManagement/v4/customer/cust-1',
  name: 'Ada Lovelace',
  status: 'Initialized',
  email: 'ada@example.com',
  preferences: { currency: 'EUR' },
};
const accountSnapshot = {
  id: 'ba-1',
  href: '/tmf-api/accountManagement/v4/billingAccount/ba-1',
  name: 'Ada - default',
  state: 'Active',
  customerId: 'cust-1',
  currency: 'EUR',
  timeZone: 'UTC',
  billingCycleDay: 15,
  isDefault: true,
};

/** One valid data payload per published event. */
const samples = [
  [CustomerCreated, { customer: customerSnapshot }],
  [CustomerUpdated, { customer: customerSnapshot, changedAttributes: ['name'] }],
  [CustomerStatusChanged, { customerId: 'cust-1', from: 'Initialized', to: 'Validated', reason: 'checked' }],
  [BillingAccountCreated, { billingAccount: accountSnapshot }],
  [BillingAccountUpdated, { billingAccount: accountSnapshot, changedAttributes: ['state'] }],
  [BillingAccountStateChanged, { billingAccountId: 'ba-1', customerId: 'cust-1', from: 'Active', to: 'Suspended' }],
  [
    CommunicationPreferencesChanged,
    { customerId: 'cust-1', preferences: [{ kind: 'paymentReminder', email: false, sms: true }], changedKinds: ['paymentReminder'], changedByRole: 'customer', testClockId: 'clock-1' },
  ],
] as const;

describe('event envelope', () => {
  it('create builds { source, detailType, detail: { metadata, data } } with the schema version', () => {
    expect(PlanChanged.create({ planId: 'p-1', seats: 3 }, origin)).toEqual({
      source: 'bss.test',
      detailType: 'PlanChanged',
      detail: { metadata: { ...origin, schemaVersion: '2.1' }, data: { planId: 'p-1', seats: 3 } },
    });
  });

  it('create refuses data that breaks the published schema', () => {
    expect(() => PlanChanged.create({ planId: '', seats: 3 }, origin)).toThrow(z.core.$ZodError);
    expect(() => PlanChanged.create({ planId: 'p', seats: 0 }, origin)).toThrow(z.core.$ZodError);
    expect(() => PlanChanged.create({ planId: 'p' } as never, origin)).toThrow(z.core.$ZodError);
  });

  it.each([
    ['an empty eventId', { eventId: '' }],
    ['an empty correlationId', { correlationId: '' }],
    ['an occurredAt that is no ISO date-time', { occurredAt: '15/01/2026 10:00' }],
    ['an occurredAt with a local offset instead of UTC', { occurredAt: '2026-01-15T11:00:00+01:00' }],
  ])('create refuses metadata with %s', (_label, change) => {
    expect(() => PlanChanged.create({ planId: 'p', seats: 1 }, { ...origin, ...change })).toThrow(z.core.$ZodError);
  });

  it('the schema version must be <major>.<minor>', () => {
    const Unversioned = defineEvent({ source: 'bss.test', detailType: 'Thing', schemaVersion: '1', dataSchema: z.object({}) });
    expect(() => Unversioned.create({}, origin)).toThrow(z.core.$ZodError);
    expect(eventMetadataSchema.safeParse({ ...origin, schemaVersion: '10.04' }).success).toBe(true);
    expect(eventMetadataSchema.safeParse({ ...origin, schemaVersion: 'v1.0' }).success).toBe(false);
  });

  it('parseDetail accepts what create built and refuses details without metadata or with wrong data', () => {
    const event = PlanChanged.create({ planId: 'p-1', seats: 3 }, origin);
    expect(PlanChanged.parseDetail(JSON.parse(JSON.stringify(event.detail)))).toEqual(event.detail);
    expect(() => PlanChanged.parseDetail({ data: { planId: 'p-1', seats: 3 } })).toThrow(z.core.$ZodError);
    expect(() => PlanChanged.parseDetail({ metadata: event.detail.metadata, data: { planId: 'p-1', seats: 'three' } })).toThrow(z.core.$ZodError);
    expect(() => PlanChanged.parseDetail('{"metadata":{}}')).toThrow(z.core.$ZodError);
  });

  it('property: create then parseDetail round-trips any valid event through JSON', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (eventId, occurred, correlationId, planId, seats) => {
          const event = PlanChanged.create({ planId, seats }, { eventId, occurredAt: occurred.toISOString(), correlationId });
          const received = PlanChanged.parseDetail(JSON.parse(JSON.stringify(event.detail)));
          expect(received).toEqual(event.detail);
          expect(received.metadata.schemaVersion).toBe('2.1');
        },
      ),
    );
  });
});

describe('customer events', () => {
  it.each(samples.map(([type, data]) => [type.detailType, type, data] as const))('%s: source bss.customers, version 1.0, sample data validates', (_name, type, data) => {
    expect(type.source).toBe('bss.customers');
    expect(type.schemaVersion).toBe('1.0');
    const event = (type.create as (d: unknown, o: typeof origin) => { detail: unknown })(data, origin);
    expect(type.parseDetail(event.detail)).toEqual(event.detail);
  });

  it('CustomerCreated refuses a customer snapshot without email', () => {
    const { email: _email, ...withoutEmail } = customerSnapshot;
    expect(() => CustomerCreated.create({ customer: withoutEmail } as never, origin)).toThrow(z.core.$ZodError);
  });

  it('BillingAccountCreated refuses a fractional billing cycle day', () => {
    expect(() => BillingAccountCreated.create({ billingAccount: { ...accountSnapshot, billingCycleDay: 1.5 } }, origin)).toThrow(z.core.$ZodError);
  });

  it('customer snapshots carry no payment methods: a card token given to the event is left out of it', () => {
    const event = CustomerCreated.create({ customer: { ...customerSnapshot, paymentMethod: [{ id: 'pm-1', '@referredType': 'BankCard' }] } as typeof customerSnapshot }, origin);
    expect(event.detail.data.customer).not.toHaveProperty('paymentMethod');
  });
});

describe('event catalog', () => {
  it('lists every event once, with past-tense detail types', () => {
    const names = eventCatalog.map((event) => `${event.source}/${event.detailType}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(samples.map(([type]) => `${type.source}/${type.detailType}`)));
    // Regular past tenses, and the irregular ones the issues name (PaymentReminderSent, BillWrittenOff).
    for (const event of eventCatalog) expect(event.detailType).toMatch(/^[A-Z][A-Za-z]+(ed|Sent|WrittenOff)$/);
  });

  it('exports JSON Schemas that subscribers can validate the published details with', () => {
    const schemas = eventJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(eventCatalog.map((event) => `${event.source}/${event.detailType}`).sort());
    const ajv = new Ajv2020({ strict: false });
    ajvFormats.default(ajv);
    for (const [type, data] of samples) {
      const schema = schemas[`${type.source}/${type.detailType}`] as Record<string, unknown>;
      expect(schema).toMatchObject({ title: type.detailType, 'x-source': 'bss.customers', 'x-schema-version': '1.0' });
      const validate = ajv.compile(schema);
      const detail = (type.create as (d: unknown, o: typeof origin) => { detail: unknown })(data, origin).detail;
      expect(validate(detail), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ data })).toBe(false);
      expect(validate({ metadata: { ...origin, schemaVersion: '1.0' }, data: {} })).toBe(false);
      expect(validate({ ...(detail as object), metadata: { ...origin, occurredAt: 'yesterday', schemaVersion: '1.0' } })).toBe(false);
    }
  });
});
