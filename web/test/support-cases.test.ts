import { describe, expect, it } from 'vitest';
import { caseStatuses, isFinalCaseStatus, nextCaseStatuses } from '../../domain/support-cases/case-lifecycle.js';
import { translator } from '../shared/i18n/translate.js';
import { customerCaseActions } from '../portal/support-case-actions.js';
import { caseTitle, statusOfCase } from '../shared/support-case.js';

describe('customerCaseActions', () => {
  // The app cannot import the lifecycle as code without bundling server code, so it keeps what a
  // customer may do; this keeps it equal to the rules the API enforces.
  it.each(caseStatuses)('from %s offers exactly what the lifecycle lets a customer do', (status) => {
    const allowed = nextCaseStatuses(status, 'customer');
    expect(customerCaseActions(status)).toEqual({
      note: !isFinalCaseStatus(status),
      cancel: allowed.includes('cancelled'),
      close: allowed.includes('closed'),
      reopen: allowed.includes('inProgress'),
    });
  });

  it('reads a case without a status as submitted', () => {
    expect(statusOfCase({})).toBe('submitted');
    expect(statusOfCase({ status: 'pending' })).toBe('pending');
  });
});

describe('caseTitle', () => {
  it('is the title the customer gave, else the kind of help asked for, in the reader’s language', () => {
    expect(caseTitle({ name: 'Charged twice', ticketType: 'complaint' }, { t: translator('fr') })).toBe('Charged twice');
    expect(caseTitle({ ticketType: 'incident' }, { t: translator('en') })).toBe('Something does not work');
    expect(caseTitle({ ticketType: 'incident' }, { t: translator('fr') })).toBe('Quelque chose ne fonctionne pas');
  });
});
