import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { customerIdForNewCase, openSupportCase, supportCaseCreateSchema, supportCaseSnapshot } from '../../../../domain/support-cases/support-case.js';
import { SupportCaseOpened } from '../../../../domain/events/support-case-events.js';
import { expectValidTmf, tmf621, validateTmf } from '../../../support/tmf-schema.js';
import { caseInput, customer, openedAt, openedCase } from './support-case-fixtures.js';

const problemFields = (attempt: () => unknown): string[] => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems.map((problem) => problem.field);
    throw error;
  }
  return [];
};

describe('opening a support case', () => {
  it('is submitted (no TMF621 status yet), at the given instant, for the customer, with its notes numbered and authored', () => {
    const supportCase = openedCase({ note: [{ text: 'Since 1 January.' }, { text: 'Please check.' }] });
    expect(supportCase).toMatchObject({
      id: 'case-1',
      href: '/tmf-api/troubleTicket/v4/troubleTicket/case-1',
      '@type': 'TroubleTicket',
      ticketType: 'complaint',
      severity: 'Major',
      priority: 'Medium',
      creationDate: openedAt,
      lastUpdate: openedAt,
      statusChangeDate: openedAt,
      channel: { id: 'selfService' },
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', role: 'Customer', '@referredType': 'Customer' }],
      statusChange: [{ status: 'submitted', changeDate: openedAt }],
    });
    expect(supportCase).not.toHaveProperty('status');
    expect(supportCase.note).toEqual([
      { id: '1', author: 'Ada Lovelace', authorRole: 'customer', date: openedAt, text: 'Since 1 January.', '@type': 'Note' },
      { id: '2', author: 'Ada Lovelace', authorRole: 'customer', date: openedAt, text: 'Please check.', '@type': 'Note' },
    ]);
    expectValidTmf(tmf621, 'TroubleTicket', supportCase);
  });

  it('takes its priority from the severity unless an agent sets one; an agent opens it on the agent channel', () => {
    expect(openedCase({ severity: 'Critical' }).priority).toBe('High');
    expect(openedCase({ severity: 'Minor' }).priority).toBe('Low');
    const byAgent = openedCase({ severity: 'Minor', priority: 'Critical' }, 'agent');
    expect(byAgent).toMatchObject({ priority: 'Critical', channel: { id: 'agent' } });
    expect(openedCase({ note: [{ text: 'Called in.' }] }, 'agent').note[0]).toMatchObject({ author: 'Customer support', authorRole: 'agent' });
  });

  it('refuses resolution dates that are not after its opening, naming each', () => {
    const open = (dates: object) => () =>
      openSupportCase(caseInput(dates), { id: 'case-2', customer, actor: 'agent', relatedEntity: [] }, openedAt);
    expect(problemFields(open({ requestedResolutionDate: '2027-01-15T00:00:00Z', expectedResolutionDate: openedAt }))).toEqual(['requestedResolutionDate', 'expectedResolutionDate']);
    expect(open({ requestedResolutionDate: '2027-01-20T12:00:00+01:00' })().requestedResolutionDate).toBe('2027-01-20T11:00:00.000Z');
  });

  it("a customer's case is its own; staff name the one customer in relatedParty (400 naming it otherwise)", () => {
    expect(customerIdForNewCase({ relatedParty: [{ id: 'someone-else', '@referredType': 'Customer' }] }, { actor: 'customer', customerId: 'cust-1' })).toBe('cust-1');
    expect(customerIdForNewCase({ relatedParty: [{ id: 'cust-9', '@referredType': 'Customer' }] }, { actor: 'agent' })).toBe('cust-9');
    expect(problemFields(() => customerIdForNewCase({}, { actor: 'agent' }))).toEqual(['relatedParty']);
    expect(problemFields(() => customerIdForNewCase({ relatedParty: [{ id: 'p', '@referredType': 'Individual' }] }, { actor: 'agent' }))).toEqual(['relatedParty']);
    // The case's one party is its customer: a second one would be dropped, so it is refused.
    expect(supportCaseCreateSchema.safeParse(caseInput({ relatedParty: [{ id: 'cust-1', '@referredType': 'Customer' }, { id: 'p', '@referredType': 'Individual' }] })).success).toBe(false);
  });

  it('the request bodies it accepts are TMF621 TroubleTicket_Create bodies', () => {
    const body = {
      ...caseInput({ requestedResolutionDate: '2027-02-01T00:00:00Z' }),
      relatedEntity: [{ id: 'bill-1', '@referredType': 'CustomerBill', role: 'disputed' }],
      relatedParty: [{ id: 'cust-1', '@referredType': 'Customer' }],
      note: [{ text: 'hello' }],
    };
    expect(supportCaseCreateSchema.safeParse(body).success).toBe(true);
    expect(validateTmf(tmf621, 'TroubleTicket_Create', body)).toEqual({ valid: true, errors: [] });
  });

  it('its snapshot is what SupportCaseOpened carries, with the test clock when there is one', () => {
    const snapshot = supportCaseSnapshot(openedCase(), 'clock-1');
    expect(snapshot).toMatchObject({ id: 'case-1', customerId: 'cust-1', customerName: 'Ada Lovelace', status: 'submitted', testClockId: 'clock-1', relatedEntity: [{ id: 'bill-1', '@referredType': 'CustomerBill' }] });
    expect(() => SupportCaseOpened.create({ supportCase: snapshot, openedBy: { role: 'customer', subject: 'user-1' } }, { eventId: 'e', occurredAt: openedAt, correlationId: 'c' })).not.toThrow();
  });
});
