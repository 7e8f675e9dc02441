import { openSupportCase, type SupportCase, type SupportCaseCreate } from '../../../../domain/support-cases/support-case.js';
import type { CaseActor } from '../../../../domain/support-cases/case-lifecycle.js';

/** A case as a customer opens it, about one of its bills, on 16 January 2027 (a clock's date). */
export const openedAt = '2027-01-16T09:00:00.000Z';
export const customer = { id: 'cust-1', name: 'Ada Lovelace' };

export const caseInput = (overrides: Partial<SupportCaseCreate> = {}): SupportCaseCreate => ({
  name: 'Charged twice',
  description: 'My January bill has the plan twice.',
  ticketType: 'complaint',
  severity: 'Major',
  ...overrides,
});

export function openedCase(overrides: Partial<SupportCaseCreate> = {}, actor: CaseActor = 'customer'): SupportCase {
  return openSupportCase(
    caseInput(overrides),
    {
      id: 'case-1',
      customer,
      actor,
      relatedEntity: [{ id: 'bill-1', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-1', name: 'INV-2027-0000001', role: 'subject', '@referredType': 'CustomerBill' }],
    },
    openedAt,
  );
}
