import { describe, expect, it } from 'vitest';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../../../domain/billing/customer-bill.js';
import { communicationPreferencesOf } from '../../../../domain/communication/communication-preferences.js';
import { customerDataExportExample } from '../../../../domain/customers/customer-data-export-example.js';
import {
  customerDataExport,
  customerDataExportFileName,
  customerDataExportPath,
  customerDataExportSchema,
  usageExportLimit,
  usageExportWindow,
  type CustomerDataSections,
} from '../../../../domain/customers/customer-data-export.js';
import type { Usage } from '../../../../domain/usage/usage.js';
import { customerResource } from '../../../support/fixtures.js';

const generatedAt = '2027-03-10T09:30:00.000Z';
const bill = (id: string, billDate: string) => ({ id, billDate, '@type': 'CustomerBill' }) as unknown as CustomerBill;
const line = (id: string, billId: string) => ({ id, bill: { id: billId }, '@type': 'AppliedCustomerBillingRate' }) as unknown as AppliedCustomerBillingRate;
const usage = (id: string, usageDate: string) => ({ id, usageDate, '@type': 'Usage' }) as unknown as Usage;

function sections(overrides: Partial<CustomerDataSections> = {}): CustomerDataSections {
  const customer = customerResource({ id: 'cust-1' });
  return {
    customer,
    communicationPreferences: communicationPreferencesOf('cust-1'),
    billingAccounts: [],
    ledgerEntries: [],
    products: [],
    productOrders: [],
    cancelProductOrders: [],
    bills: [],
    billLines: [],
    customerBillsOnDemand: [],
    payments: [],
    refunds: [],
    creditNotes: [],
    usage: { records: [], truncated: false },
    communicationMessages: [],
    supportCases: [],
    ...overrides,
  };
}

describe('customerDataExport', () => {
  it('lays the sections out in a fixed order, after what the document is and when it was made', () => {
    const document = customerDataExport(sections(), generatedAt);
    expect(Object.keys(document)).toEqual([
      '@type',
      'customerId',
      'generatedAt',
      'customer',
      'communicationPreferences',
      'billingAccounts',
      'ledgerEntries',
      'products',
      'productOrders',
      'cancelProductOrders',
      'bills',
      'customerBillsOnDemand',
      'payments',
      'refunds',
      'creditNotes',
      'usage',
      'communicationMessages',
      'supportCases',
    ]);
    expect(document).toMatchObject({ '@type': 'CustomerDataExport', customerId: 'cust-1', generatedAt, customer: { id: 'cust-1' }, communicationPreferences: { customerId: 'cust-1' } });
    expect(customerDataExportSchema.safeParse(document).error?.issues).toBeUndefined();
  });

  it('puts each bill with its lines, bills by date and lines in order; a line of no listed bill is left out', () => {
    const document = customerDataExport(
      sections({
        bills: [bill('b-mar', '2027-03-01T00:00:00.000Z'), bill('b-feb', '2027-02-01T00:00:00.000Z')],
        billLines: [line('b-mar-0002', 'b-mar'), line('b-feb-0001', 'b-feb'), line('b-mar-0001', 'b-mar'), line('b-gone-0001', 'b-gone')],
      }),
      generatedAt,
    );
    expect(document.bills.map((each) => [each.bill.id, each.lines.map((one) => one.id)])).toEqual([
      ['b-feb', ['b-feb-0001']],
      ['b-mar', ['b-mar-0001', 'b-mar-0002']],
    ]);
  });

  it('keeps the resources of every other section as read, and dates usage oldest first with its window, limit and truncation', () => {
    const document = customerDataExport(
      sections({
        payments: [{ id: 'pay-2' }, { id: 'pay-1' }] as never,
        usage: { records: [usage('u-2', '2027-03-02T10:00:00.000Z'), usage('u-1', '2027-01-02T10:00:00.000Z')], truncated: true },
      }),
      generatedAt,
    );
    expect(document.payments.map((each) => each.id)).toEqual(['pay-2', 'pay-1']);
    expect(document.usage).toEqual({ from: '2026-02-10T09:30:00.000Z', to: generatedAt, limit: usageExportLimit, truncated: true, records: [expect.objectContaining({ id: 'u-1' }), expect.objectContaining({ id: 'u-2' })] });
  });
});

describe('usageExportWindow', () => {
  it('reaches back 13 months to the same instant, or the last day of a shorter month', () => {
    expect(usageExportWindow('2027-03-10T09:30:00.000Z')).toEqual({ from: '2026-02-10T09:30:00.000Z', to: '2027-03-10T09:30:00.000Z' });
    expect(usageExportWindow('2027-03-31T23:00:00.000Z').from).toBe('2026-02-28T23:00:00.000Z');
    expect(usageExportWindow('2028-01-15T00:00:00.000Z').from).toBe('2026-12-15T00:00:00.000Z');
    expect(usageExportWindow('2028-03-30T12:00:00+02:00')).toEqual({ from: '2027-02-28T10:00:00.000Z', to: '2028-03-30T10:00:00.000Z' });
  });
});

describe('the export as published', () => {
  it('names its file after the customer, keeping the file name safe', () => {
    expect(customerDataExportFileName('6f1c2a9e-3b4d')).toBe('customer-6f1c2a9e-3b4d.json');
    expect(customerDataExportFileName('a"b/c\\d')).toBe('customer-a_b_c_d.json');
    expect(customerDataExportPath('{id}')).toBe('/customers/v1/customer/{id}/dataExport');
  });

  it('has an API reference example its schema accepts', () => {
    expect(customerDataExportSchema.safeParse(customerDataExportExample).error?.issues).toBeUndefined();
  });
});
