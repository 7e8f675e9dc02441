import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInBillFormats, billChannelOf, billDocumentTypeOf, createBillFormat, createBillPresentationMedia } from '../../../../domain/accounts/bill-presentation.js';
import {
  countedReferencesOf,
  referenceCountChanges,
  resolveReferences,
  storedRecordsNamed,
  type RecordKey,
} from '../../../../domain/accounts/billing-account-references.js';
import { builtInCycleSpecification, builtInCycleSpecifications, createBillingCycleSpecification, cycleDayOf } from '../../../../domain/accounts/billing-cycle-specification.js';
import { openPartyAccount } from '../../../../domain/accounts/party-account.js';
import { accountRecordKinds } from '../../../../domain/accounts/account-record.js';
import { inputProblemsOf } from '../../../support/input-problems.js';

const now = '2027-03-01T10:00:00.000Z';
const spec = createBillingCycleSpecification({ name: 'Mid-month', billingDateShift: 14, paymentDueDateOffset: 30 }, { id: 'bcs-1', now });
const format = createBillFormat({ name: 'Detailed invoice', documentType: 'html' }, { id: 'bf-1', now });
const media = createBillPresentationMedia({ name: 'Text first', channel: 'sms' }, { id: 'bpm-1', now });
const financial = openPartyAccount('FinancialAccount', { name: 'Group', relatedParty: [{ id: 'cust-1', name: 'Ada', '@referredType': 'Customer' }] }, { id: 'fa-1', now });
const stored: Record<string, unknown> = { 'BillingCycleSpecification#bcs-1': spec, 'BillFormat#bf-1': format, 'BillPresentationMedia#bpm-1': media, 'FinancialAccount#fa-1': financial };
const lookup = (kind: string, id: string) => stored[`${kind}#${id}`];


describe('built-in billing cycle specifications', () => {
  it('serve the 28 cycle days billing knows, each billing on its day', () => {
    expect(builtInCycleSpecifications).toHaveLength(28);
    for (const [index, cycle] of builtInCycleSpecifications.entries()) {
      expect(cycle).toMatchObject({ id: `monthly-day-${index + 1}`, frequency: 'monthly', billingPeriod: 'P1M', isBuiltIn: true });
      expect(cycleDayOf(cycle)).toBe(index + 1);
    }
  });

  it('are found by id, and only ids of days 1-28 are', () => {
    expect(builtInCycleSpecification('monthly-day-5')?.billingDateShift).toBe(4);
    for (const id of ['monthly-day-0', 'monthly-day-29', 'monthly-day-05', 'monthly-day-', 'other']) expect(builtInCycleSpecification(id)).toBeUndefined();
  });

  it('a created one defaults to periods starting on the 1st', () => {
    expect(createBillingCycleSpecification({ name: 'Monthly billing' }, { id: 'x', now })).toMatchObject({ frequency: 'monthly', billingDateShift: 0, isBuiltIn: false, lastUpdate: now });
  });
});

describe('resolveReferences', () => {
  it('resolves stored and built-in references to the values an account keeps', () => {
    const resolved = resolveReferences(
      { billStructure: { cycleSpecification: { id: 'bcs-1' }, format: { id: 'bf-1' }, presentationMedia: [{ id: 'bpm-1' }, { id: 'email' }] }, financialAccount: { id: 'fa-1' } },
      lookup,
      { ownerId: 'cust-1', now },
    );
    expect(resolved.cycleSpecification).toMatchObject({ id: 'bcs-1', isRef: false, billingDateShift: 14, paymentDueDateOffset: 30, '@type': 'BillingCycleSpecification' });
    expect(resolved.format).toEqual({ id: 'bf-1', href: format.href, name: 'Detailed invoice', isRef: false, documentType: 'html', '@type': 'BillFormat' });
    expect(resolved.presentationMedia?.map((one) => one.channel)).toEqual(['sms', 'email']);
    expect(resolved.financialAccount).toEqual({ id: 'fa-1', href: financial.href, name: 'Group', '@referredType': 'FinancialAccount' });
  });

  it('names every reference it cannot use, each on its field', () => {
    const closed = { ...financial, id: 'fa-2', state: 'Closed' };
    const problems = inputProblemsOf(() =>
      resolveReferences(
        { billStructure: { cycleSpecification: { id: 'nope' }, format: { id: 'gone' }, presentationMedia: [{ id: 'email' }, { id: 'fax' }] }, financialAccount: { id: 'fa-2' } },
        (kind, id) => (id === 'fa-2' ? closed : lookup(kind, id)),
        { ownerId: 'cust-1', now },
      ),
    );
    expect(problems).toEqual([
      { field: 'billStructure.cycleSpecification.id', problem: 'no billingCycleSpecification nope' },
      { field: 'billStructure.format.id', problem: 'no billFormat gone' },
      { field: 'billStructure.presentationMedia[1].id', problem: 'no billPresentationMedia fax' },
      { field: 'financialAccount.id', problem: 'financialAccount fa-2 is Closed' },
    ]);
  });

  it("refuses a financial account of other parties, and a cycle specification no longer valid", () => {
    const expired = { ...spec, id: 'bcs-2', validFor: { endDateTime: '2027-01-01T00:00:00Z' } };
    const problems = inputProblemsOf(() =>
      resolveReferences({ billStructure: { cycleSpecification: { id: 'bcs-2' } }, financialAccount: { id: 'fa-1' } }, (kind, id) => (id === 'bcs-2' ? expired : lookup(kind, id)), { ownerId: 'org-9', now }),
    );
    expect(problems.map((one) => one.field)).toEqual(['billStructure.cycleSpecification.id', 'financialAccount.id']);
    expect(problems[1]!.problem).toBe('financialAccount fa-1 groups the accounts of cust-1, not of org-9');
  });

  it('takes null as removing a format or a financial account', () => {
    expect(resolveReferences({ billStructure: { format: null }, financialAccount: null }, lookup, { ownerId: 'cust-1', now })).toEqual({ format: null, financialAccount: null });
  });

  it('reads only the stored records a request names, never built-in ones', () => {
    expect(storedRecordsNamed({ billStructure: { cycleSpecification: { id: 'monthly-day-3' }, format: { id: 'pdf' }, presentationMedia: [{ id: 'sms' }, { id: 'bpm-1' }] }, financialAccount: { id: 'fa-1' } })).toEqual([
      { kind: 'BillPresentationMedia', id: 'bpm-1' },
      { kind: 'FinancialAccount', id: 'fa-1' },
    ]);
  });
});

describe('what bills use', () => {
  it('the format document type (PDF without one) and the first media channel (none: the customer decides)', () => {
    expect(billDocumentTypeOf({ billStructure: {} })).toBe('pdf');
    expect(billDocumentTypeOf({ billStructure: { format: { documentType: 'html' } } })).toBe('html');
    expect(billChannelOf({ billStructure: {} })).toBeUndefined();
    expect(billChannelOf({ billStructure: { presentationMedia: [{ channel: 'sms' }, { channel: 'email' }] } })).toBe('sms');
    expect(builtInBillFormats.map((one) => one.documentType)).toEqual(['pdf', 'html']);
  });
});

describe('reference counts', () => {
  const key = fc.record({ kind: fc.constantFrom(...accountRecordKinds), id: fc.constantFrom('a', 'b', 'c') });
  const count = (keys: readonly RecordKey[]) => {
    const counts = new Map<string, number>();
    for (const one of keys) counts.set(`${one.kind}#${one.id}`, (counts.get(`${one.kind}#${one.id}`) ?? 0) + 1);
    return counts;
  };

  it('move each record by what the account refers to after, less before, and only the records that move', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 6 }), fc.array(key, { maxLength: 6 }), (before, after) => {
        const counts = count(before);
        const changes = referenceCountChanges(before, after);
        for (const change of changes) {
          expect(change.delta).not.toBe(0);
          counts.set(`${change.kind}#${change.id}`, (counts.get(`${change.kind}#${change.id}`) ?? 0) + change.delta);
        }
        const expected = count(after);
        for (const [name, value] of counts) expect(value).toBe(expected.get(name) ?? 0);
      }),
    );
  });

  it('count only stored records: built-in cycles, formats and media are never deleted', () => {
    expect(
      countedReferencesOf({
        billStructure: {
          cycleSpecification: { id: 'monthly-day-1', name: 'monthly-day-1', isRef: false, frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 0, '@type': 'BillingCycleSpecification' },
          format: { id: 'bf-1', href: '', name: '', isRef: false, documentType: 'pdf', '@type': 'BillFormat' },
          presentationMedia: [{ id: 'email', href: '', name: '', isRef: false, channel: 'email', '@type': 'BillPresentationMedia' }],
        },
        financialAccount: { id: 'fa-1' },
      }),
    ).toEqual([
      { kind: 'BillFormat', id: 'bf-1' },
      { kind: 'FinancialAccount', id: 'fa-1' },
    ]);
    // An account opened before cycle specifications had ids refers to nothing counted.
    expect(countedReferencesOf({ billStructure: { cycleSpecification: { name: 'monthly-day-4', isRef: false, frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 3, '@type': 'BillingCycleSpecification' } } })).toEqual([]);
  });
});
