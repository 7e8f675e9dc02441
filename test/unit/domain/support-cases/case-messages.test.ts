import { describe, expect, it } from 'vitest';
import { caseOpenedMessage, caseStatusMessage } from '../../../../domain/support-cases/case-messages.js';
import { troubleTicketStatuses } from '../../../../domain/support-cases/case-lifecycle.js';

const about = { id: 'case-1', name: 'Charged twice', customerName: 'Ada Lovelace' };

describe('what the customer is told about its case', () => {
  it('when it is opened: greeted by name, the case by name and id', () => {
    expect(caseOpenedMessage(about)).toEqual({
      kind: 'supportCaseOpened',
      subject: 'We have your support case case-1',
      content: expect.stringMatching(/^Hello Ada Lovelace,\n\nwe have received your support case "Charged twice" \(case-1\)\./),
    });
    expect(caseOpenedMessage({ id: 'case-2', customerName: 'Ada' }).content).toContain('support case case-2.');
  });

  it.each(troubleTicketStatuses)('when it becomes %s: a subject naming the case, the reason given', (to) => {
    const message = caseStatusMessage(about, { from: 'inProgress', to, reason: 'The reason.' });
    expect(message.kind).toBe('supportCaseStatusChanged');
    expect(message.subject).toMatch(/^Support case case-1: /);
    expect(message.content).toContain('\n\nThe reason.\n\n');
    expect(message.content).toContain('Case "Charged twice" (case-1).');
  });

  it('asks for an answer when waiting for the customer, and says a reopened case is open again', () => {
    expect(caseStatusMessage(about, { from: 'inProgress', to: 'pending', reason: 'Send a photo.' }).content).toContain('Please answer by adding a note to your case.');
    expect(caseStatusMessage(about, { from: 'resolved', to: 'inProgress', reason: 'Not fixed.' }).content).toContain('Your case is open again');
    expect(caseStatusMessage(about, { from: 'acknowledged', to: 'inProgress' }).content).not.toContain('open again');
  });
});
