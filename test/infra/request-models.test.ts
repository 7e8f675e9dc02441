import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { requestModelSchema } from '../../infra/aws/request-models.js';
import { routes } from '../../infra/topology.js';

/**
 * The request models API Gateway validates bodies with are derived from the handlers' zod
 * schemas. The gateway must never reject a body the handler would accept, and it should stop
 * structurally wrong bodies before any Lambda runs.
 */
const customer = { name: 'Ada', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }] };
const account = { name: 'Second account', relatedParty: [{ id: 'c-1', name: 'Ada', '@referredType': 'Customer' }], currency: 'EUR', billingCycleDay: 5 };

const samples: Record<string, { accepted: unknown[]; rejected: unknown[] }> = {
  'create-customer': {
    accepted: [customer, { ...customer, characteristic: [{ name: 'timeZone', value: 'Europe/Paris' }], status: 'Initialized' }],
    rejected: [{ ...customer, id: 'mine' }, { ...customer, name: 42 }, { contactMedium: [] }, { ...customer, contactMedium: 'ada@example.com' }, []],
  },
  'patch-customer': {
    accepted: [{ status: 'Validated' }, { name: 'Ada L.' }, { contactMedium: customer.contactMedium }],
    rejected: [{ status: 'Sleeping' }, { href: '/elsewhere' }, { name: '' }],
  },
  'create-billing-account': {
    accepted: [account, { ...account, defaultPaymentMethod: { id: 'pm-1' } }],
    rejected: [{ ...account, billingCycleDay: 31 }, { ...account, relatedParty: [] }, { name: 'x' }, { ...account, balance: 10 }],
  },
  'patch-billing-account': {
    accepted: [{ state: 'Suspended' }, { billingCycleDay: 28, timeZone: 'UTC' }],
    rejected: [{ state: 'Gone' }, { currency: 'USD' }, { billingCycleDay: 1.5 }],
  },
};

describe('API Gateway request models from the zod schemas', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const withBodies = routes.filter((route) => route.requestBody);

  it('every POST and PATCH route has a body schema', () => {
    expect(routes.filter((route) => route.method === 'POST' || route.method === 'PATCH').map((route) => route.function).sort()).toEqual(
      withBodies.map((route) => route.function).sort(),
    );
    expect(Object.keys(samples).sort()).toEqual(withBodies.map((route) => route.function).sort());
  });

  it('leaves value rules such as patterns to the handler', () => {
    const route = withBodies.find((candidate) => candidate.function === 'create-customer')!;
    const { $schema: _, ...model } = requestModelSchema(route.requestBody!) as Record<string, unknown>;
    const badEmail = { ...customer, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'not-an-email' } }] };
    expect(ajv.validate(model, badEmail)).toBe(true);
    expect(route.requestBody!.safeParse(badEmail).success).toBe(false);
  });

  describe.each(withBodies.map((route) => [route.function, route] as const))('%s', (name, route) => {
    const { $schema, ...model } = requestModelSchema(route.requestBody!) as Record<string, unknown>;
    const validate = ajv.compile(model);

    it('is JSON Schema draft 4 without patterns or formats', () => {
      expect($schema).toBe('http://json-schema.org/draft-04/schema#');
      expect(JSON.stringify(model)).not.toMatch(/"(pattern|format)":/);
    });

    it.each(samples[name]!.accepted.map((body) => [JSON.stringify(body), body]))('lets %s through, as the handler does', (_, body) => {
      expect(route.requestBody!.safeParse(body).success).toBe(true);
      expect(validate(body)).toBe(true);
    });

    it.each(samples[name]!.rejected.map((body) => [JSON.stringify(body), body]))('stops %s at the gateway, as the handler would', (_, body) => {
      expect(route.requestBody!.safeParse(body).success).toBe(false);
      expect(validate(body)).toBe(false);
    });

    it('rejects unknown attributes and wrong types at the gateway', () => {
      expect(validate({ ...(samples[name]!.accepted[0] as object), unknownAttribute: true })).toBe(false);
      expect(validate('a string body')).toBe(false);
    });
  });
});
