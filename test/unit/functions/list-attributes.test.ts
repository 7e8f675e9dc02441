import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttributeKind, AttributeTable } from '../../../functions/lib/http/collection-query.js';
import * as billLists from '../../../functions/billing/bill-list-attributes.js';
import * as billingAccountList from '../../../functions/billing-accounts/billing-account-list-attributes.js';
import * as catalogLists from '../../../functions/catalog/catalog-list-attributes.js';
import * as communicationMessageList from '../../../functions/communication/communication-message-list-attributes.js';
import * as customerList from '../../../functions/customers/customer-list-attributes.js';
import * as orderLists from '../../../functions/orders/order-list-attributes.js';
import * as paymentLists from '../../../functions/payments/payment-list-attributes.js';
import * as productList from '../../../functions/product-inventory/product-list-attributes.js';
import * as supportCaseList from '../../../functions/support-cases/support-case-list-attributes.js';
import { tmf620, tmf621, tmf622, tmf629, tmf637, tmf666, tmf676, tmf678, tmf681, tmfDirectory } from '../../support/tmf-schema.js';

/**
 * The compiler checks each table against the resource's interface (every attribute, none more,
 * kinds its type allows); this checks the kinds against the TMF specification of the resource:
 * a TMF date-time is an instant, a number a number, a boolean a boolean, a string text, an
 * object or array a structure. Extensions the specification does not have are the interface's.
 */
/** Every context's tables (functions/<context>/*-list-attributes.ts). */
const tables = { ...billLists, ...billingAccountList, ...catalogLists, ...communicationMessageList, ...customerList, ...orderLists, ...paymentLists, ...productList, ...supportCaseList };

const resources: [keyof typeof tables, string, string][] = [
  ['productSpecificationAttributes', tmf620, 'ProductSpecification'],
  ['productOfferingAttributes', tmf620, 'ProductOffering'],
  ['productOfferingPriceAttributes', tmf620, 'ProductOfferingPrice'],
  ['catalogAttributes', tmf620, 'Catalog'],
  ['categoryAttributes', tmf620, 'Category'],
  ['productOrderAttributes', tmf622, 'ProductOrder'],
  ['cancelProductOrderAttributes', tmf622, 'CancelProductOrder'],
  ['customerAttributes', tmf629, 'Customer'],
  ['productAttributes', tmf637, 'Product'],
  ['billingAccountAttributes', tmf666, 'BillingAccount'],
  ['paymentAttributes', tmf676, 'Payment'],
  ['refundAttributes', tmf676, 'Refund'],
  ['customerBillAttributes', tmf678, 'CustomerBill'],
  ['customerBillOnDemandAttributes', tmf678, 'CustomerBillOnDemand'],
  ['appliedCustomerBillingRateAttributes', tmf678, 'AppliedCustomerBillingRate'],
  ['communicationMessageAttributes', tmf681, 'CommunicationMessage'],
  ['supportCaseAttributes', tmf621, 'TroubleTicket'],
];

type Property = { type?: string; format?: string; $ref?: string; properties?: unknown };
type Definitions = Record<string, Property & { properties?: Record<string, Property> }>;

/** What the specification says without saying it: TMF678 types CustomerBillOnDemand.lastUpdate a bare string, yet describes a date-time. */
const specifiedAsText: Record<string, string[]> = { CustomerBillOnDemand: ['lastUpdate'] };

function specifiedDefinitions(file: string): Definitions {
  return (JSON.parse(readFileSync(resolve(tmfDirectory, file), 'utf8')) as { definitions: Definitions }).definitions;
}

/** A `$ref` to a state or status enumeration is a string; to anything else a structure. */
function specifiedKind(property: Property, definitions: Definitions): AttributeKind {
  if (property.$ref !== undefined) {
    const referred = definitions[property.$ref.replace('#/definitions/', '')];
    return referred?.type === 'string' ? specifiedKind(referred, definitions) : 'structure';
  }
  if (property.type === 'array' || property.type === 'object') return 'structure';
  if (property.type === 'boolean') return 'boolean';
  if (property.type === 'number' || property.type === 'integer') return 'number';
  return property.format === 'date-time' ? 'instant' : 'text';
}

describe('list attribute tables', () => {
  it('every list resource has a table', () => {
    expect(Object.keys(tables).sort()).toEqual(resources.map(([name]) => name).sort());
  });

  describe.each(resources)('%s (%s %s)', (name, file, definition) => {
    const table: AttributeTable = tables[name];
    const definitions = specifiedDefinitions(file);
    const specified = definitions[definition]?.properties ?? {};
    const kindOf = (attribute: string) => (specifiedAsText[definition]?.includes(attribute) ? 'instant' : specifiedKind(specified[attribute]!, definitions));

    it('gives each attribute the TMF specification declares the kind the specification gives it', () => {
      const inSpecification = Object.keys(table).filter((attribute) => Object.hasOwn(specified, attribute));
      expect(inSpecification.length).toBeGreaterThan(3);
      expect(Object.fromEntries(inSpecification.map((attribute) => [attribute, table[attribute]]))).toEqual(
        Object.fromEntries(inSpecification.map((attribute) => [attribute, kindOf(attribute)])),
      );
    });

    it('makes id and href filterable text', () => {
      expect(table).toMatchObject({ id: 'text', href: 'text' });
    });
  });
});
