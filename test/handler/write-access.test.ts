import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { customerCharacteristicWriters } from '../../domain/customers/customer-write-access.js';
import { customerPatchSchema } from '../../domain/customers/customer.js';
import { forbiddenWrites, writerRoles, type WriterRole } from '../../domain/shared/write-access.js';
import { builtSchema } from '../../domain/shared/zod.js';
import { handler as patchCustomer } from '../../functions/customers/patch-customer.js';
import { routes } from '../../infra/topology.js';
import { adminClaims, agentClaims, customerClaims, mediationClaims, provisioningClaims, resourceEvent, riskClaims, warehouseClaims, type Claims } from '../support/api-event.js';
import { expectTmfError, invoke } from '../support/api-answer.js';
import { customerItem, customerResource } from '../support/fixtures.js';

/**
 * Who may write what (ARCHITECTURE.md §7, docs/security.md): the decisions, written out here
 * once more on purpose. Every attribute of every request body must appear, so a new attribute
 * fails this test until someone decides who may set it.
 */
const staff = ['admin', 'agent'] as const;
const everyone = [...staff, 'customer'] as const;
const usageWriters = [...staff, 'mediation'] as const;
/** The roles by duty: they write only where a declaration names them. */
const dutyRoles: readonly WriterRole[] = ['risk', 'warehouse', 'provisioning'];
const decisions: Record<string, Record<string, readonly WriterRole[]>> = {
  'patch-customer': {
    name: everyone,
    contactMedium: everyone,
    paymentMethod: everyone,
    characteristic: everyone, // by name: see the characteristic walk below
    statusReason: staff,
    engagedParty: staff,
    relatedParty: staff,
    validFor: staff,
    status: staff,
    '@type': staff,
    '@baseType': staff,
    '@schemaLocation': staff,
  },
  'quote-prices': {
    billingAccount: everyone,
    at: everyone,
    timeZone: everyone,
    item: everyone, // but not item.pinnedPrice: see below
    currency: staff,
    taxLocation: staff,
    customerSegment: staff,
  },
  'create-product-order': Object.fromEntries(
    ['billingAccount', 'relatedParty', 'channel', 'productOrderItem', 'description', 'externalId', 'priority', 'category', 'requestedStartDate', 'requestedCompletionDate', 'note', '@type'].map(
      (attribute) => [attribute, everyone],
    ),
  ),
  'patch-product-order': Object.fromEntries(
    ['description', 'externalId', 'priority', 'requestedStartDate', 'requestedCompletionDate', 'note'].map((attribute) => [attribute, everyone]),
  ),
  'create-cancel-product-order': Object.fromEntries(['productOrder', 'cancellationReason', 'requestedCancellationDate', '@type'].map((attribute) => [attribute, everyone])),
  // A usage record says what a product consumed; guiding decides its price. Feeds send them, customers never.
  'create-usage': Object.fromEntries(['usageDate', 'usageType', 'description', 'usageCharacteristic', '@type'].map((attribute) => [attribute, usageWriters])),
  'ingest-usage-batch': { usage: usageWriters },
  // A customer says what is wrong about which of its products or bills; the priority, the promised date and whose case it is are the agents'.
  'open-support-case': {
    ...Object.fromEntries(['name', 'description', 'ticketType', 'severity', 'requestedResolutionDate', 'relatedEntity', 'note', '@type'].map((attribute) => [attribute, everyone])),
    ...Object.fromEntries(['priority', 'expectedResolutionDate', 'relatedParty'].map((attribute) => [attribute, staff])),
  },
  // Which status changes each side may make is the lifecycle's rule (domain/support-cases/case-lifecycle.ts).
  'update-support-case': {
    ...Object.fromEntries(['status', 'statusChangeReason', 'note'].map((attribute) => [attribute, everyone])),
    ...Object.fromEntries(['name', 'ticketType', 'severity', 'priority', 'expectedResolutionDate'].map((attribute) => [attribute, staff])),
  },
  // A customer pays its own account by card (the handler checks whose account and card); what the payment is called stays staff's.
  'create-payment': {
    ...Object.fromEntries(['account', 'totalAmount', 'paymentMethod', 'paymentItem', '@type'].map((attribute) => [attribute, everyone])),
    description: staff,
  },
  // A preview writes nothing and sets no price: a customer asks about its own products (the handler checks whose), as it may order the change.
  'preview-product-change': { product: everyone, action: everyone, productOffering: everyone },
  // A hub subscription names where the caller's own events go (a customer's receives only its own).
  'create-hub-subscription': { callback: everyone, query: everyone },
  // An e-mail change is the customer's own (the route checks whose), proven by the code sent to the new address.
  'request-email-change': { customer: everyone, emailAddress: everyone },
  'confirm-email-change': { code: everyone },
  // Which messages a customer accepts on which channel is its own choice (the route checks whose; mandatory kinds stay on one channel at least).
  'replace-communication-preferences': { preferences: everyone },
  // The credit limit is a risk decision: admins and credit/risk officers, not agents; risk writes nothing else.
  'create-billing-account': {
    ...Object.fromEntries(
      ['name', 'accountType', 'description', 'relatedParty', 'defaultPaymentMethod', 'billingCycleDay', 'currency', 'timeZone', 'paymentTermsDays', 'paymentCollection', 'billStructure', 'financialAccount', 'state', '@type'].map((attribute) => [attribute, staff]),
    ),
    creditLimit: ['admin', 'risk'],
  },
  // A customer chooses which of its own cards pays its own account's bills (the handler checks whose account and which card; never null); nothing else.
  'patch-billing-account': {
    ...Object.fromEntries(['name', 'description', 'accountType', 'state', 'billingCycleDay', 'timeZone', 'paymentTermsDays', 'paymentCollection', 'billStructure', 'financialAccount'].map((attribute) => [attribute, staff])),
    defaultPaymentMethod: everyone,
    creditLimit: ['admin', 'risk'],
  },
  // Goods in and out are the warehouse's (and admins'); agents only read stock.
  'adjust-stock-level': { quantity: ['admin', 'warehouse'], reason: ['admin', 'warehouse'] },
  // Ending dunning, or giving back the service it suspended, forgoes collection: admins only (agents pause and resume it).
  'stop-account-dunning': { reason: ['admin'] },
  'restore-account-service': { reason: ['admin'], until: ['admin'] },
  // The provisioning system's callback; admins may answer for it to recover an order by hand.
  'record-provisioning-result': Object.fromEntries(['outcome', 'serviceId', 'reason'].map((attribute) => [attribute, ['admin', 'provisioning']])),
};
/** Routes whose whole body is staff's (or admins', the catalog): customers are refused before the body is read. */
const adminOnlyFunctions = /^((create|patch)-(catalog|category|product-specification|product-offering|product-offering-price)|create-zone-table|publish-zone-table-version)$/;

function attributesOf(schema: z.core.$ZodType): string[] {
  const shape = (builtSchema(schema) as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error('a request body schema is an object schema');
  return Object.keys(shape);
}

describe('write access: every attribute of every request body, for every role', () => {
  const bodyRoutes = routes.filter((route) => route.requestBody !== undefined);

  it.each(bodyRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s declares who may write each attribute', (_name, route) => {
    expect(route.writeAccess).toBeDefined();
    const decided = decisions[route.function];
    for (const attribute of attributesOf(route.requestBody!)) {
      for (const role of writerRoles) {
        const expected = decided
          ? (decided[attribute] ?? expect.unreachable(`${route.function}: no decision for ${attribute}`)).includes(role)
          : adminOnlyFunctions.test(route.function)
            ? role === 'admin'
            : role === 'admin' || role === 'agent';
        const forbidden = forbiddenWrites({ [attribute]: 'a value' }, route.writeAccess!, role);
        expect({ attribute, role, writable: forbidden.length === 0 }).toEqual({ attribute, role, writable: expected });
      }
    }
    if (decided) expect(Object.keys(decided).sort()).toEqual(attributesOf(route.requestBody!).sort());
  });

  it('a customer quotes items but never pins their prices', () => {
    const quote = routes.find((route) => route.function === 'quote-prices')!;
    const item = { id: '1', productOffering: { id: 'po' }, quantity: 1, characteristic: [], bundledItem: [], usage: [], billingPeriod: 2 };
    expect(forbiddenWrites({ item: [item] }, quote.writeAccess!, 'customer')).toEqual([]);
    expect(forbiddenWrites({ item: [{ ...item, pinnedPrice: [{ id: 'p' }] }] }, quote.writeAccess!, 'customer')).toEqual(['item[0].pinnedPrice']);
  });
});

describe('PATCH /customer/{id} through the handler: each attribute and characteristic, as each role', () => {
  const documentMock = mockClient(DynamoDBDocumentClient);
  afterAll(() => documentMock.restore());
  const stored = customerResource({
    id: 'cust-1',
    status: 'Validated',
    characteristic: [{ name: 'segment', value: 'business' }],
  });
  beforeEach(() => {
    documentMock.reset();
    documentMock.on(GetCommand).resolves({ Item: customerItem(stored, 3) });
    documentMock.on(TransactWriteCommand).resolves({});
  });
  const claimsOf: Record<WriterRole, Claims> = {
    admin: adminClaims,
    agent: agentClaims,
    risk: riskClaims,
    warehouse: warehouseClaims,
    customer: customerClaims('cust-1'),
    mediation: mediationClaims,
    provisioning: provisioningClaims,
  };
  const patch = (body: unknown, role: WriterRole) =>
    invoke(patchCustomer, resourceEvent('PATCH', '/tmf-api/customerManagement/v4/customer', 'cust-1', { body, claims: claimsOf[role] }));
  const writtenResource = () => {
    const update = documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.find((item) => item.Update)!.Update!;
    return update.ExpressionAttributeValues![':resource'] as { characteristic?: { name: string; value: unknown }[] };
  };

  /** A valid value of every attribute of the patch schema. */
  const samples: Record<string, unknown> = {
    name: 'Ada King',
    contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: 'cust-1@example.com' } }],
    paymentMethod: [{ id: 'pm_card_visa' }],
    characteristic: [{ name: 'preferredLanguage', value: 'fr-FR' }],
    statusReason: 'checked',
    engagedParty: { id: 'party-9', '@referredType': 'Individual' },
    relatedParty: [{ id: 'party-8', '@referredType': 'Individual' }],
    validFor: { startDateTime: '2026-01-01T00:00:00Z' },
    status: 'Suspended',
    '@type': 'Customer',
    '@baseType': 'Party',
    '@schemaLocation': 'https://example.com/customer.json',
  };

  it('the samples cover every attribute of the patch schema', () => {
    expect(Object.keys(samples).sort()).toEqual(attributesOf(customerPatchSchema).sort());
  });

  const cases = Object.keys(samples).flatMap((attribute) => writerRoles.map((role) => [attribute, role] as const));
  it.each(cases)('%s as %s', async (attribute, role) => {
    const answer = await patch({ [attribute]: samples[attribute] }, role);
    if (dutyRoles.includes(role) || role === 'mediation') {
      // Duty roles and machine clients do not call the customer routes at all (route-access.ts): 403 before anything is read.
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(documentMock.calls()).toHaveLength(0);
    } else if (decisions['patch-customer']![attribute]!.includes(role)) {
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    } else {
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(answer.body.details).toEqual([{ field: attribute, problem: 'not writable by the customer role' }]);
      expect(documentMock.calls()).toHaveLength(0);
    }
  });

  const characteristicCases = [...Object.keys(customerCharacteristicWriters), 'somethingNew'].flatMap((name) => writerRoles.map((role) => [name, role] as const));
  it.each(characteristicCases)('characteristic %s as %s', async (name, role) => {
    const value = name === 'billingCycleDay' ? 12 : name === 'timeZone' ? 'Europe/Paris' : name === 'preferredCurrency' ? 'GBP' : name === 'marketingOptIn' ? true : 'student';
    const answer = await patch({ characteristic: [{ name, value }] }, role);
    const customerMay = (customerCharacteristicWriters as Record<string, string>)[name] === 'customer';
    if (dutyRoles.includes(role) || role === 'mediation') {
      expectTmfError(answer, 403, 'FORBIDDEN');
    } else if (role !== 'customer' || customerMay) {
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(200);
    } else {
      expectTmfError(answer, 403, 'FORBIDDEN');
      expect(answer.body.details).toEqual([{ field: `characteristic[name=${name}]`, problem: 'not writable by the customer role' }]);
      expect(documentMock.calls()).toHaveLength(0);
    }
  });

  it('a customer cannot give itself the student segment, and its own characteristics leave the staff-set segment in place', async () => {
    expectTmfError(await patch({ characteristic: [{ name: 'segment', value: 'student' }] }, 'customer'), 403, 'FORBIDDEN');
    const answer = await patch({ characteristic: [{ name: 'preferredLanguage', value: 'fr-FR' }] }, 'customer');
    expect(answer.statusCode).toBe(200);
    expect(writtenResource().characteristic).toEqual([
      { name: 'segment', value: 'business' },
      { name: 'preferredLanguage', value: 'fr-FR' },
    ]);
    expect(answer.body.characteristic).toEqual(writtenResource().characteristic);
  });

  it('staff replace the whole list, segment included', async () => {
    const answer = await patch({ characteristic: [{ name: 'segment', value: 'student' }] }, 'agent');
    expect(answer.statusCode).toBe(200);
    expect(writtenResource().characteristic).toEqual([{ name: 'segment', value: 'student' }]);
  });
});
