import type { CustomerNotificationKind } from '../communication/notification-sender.js';
import type { CaseStatus } from './case-lifecycle.js';

/**
 * What the customer is told when its case is opened and at each status change, by e-mail
 * through the notification port. Plain text; the reference is the case id, which the customer
 * finds its case by in the portal and the API.
 */
export interface CaseMessage {
  kind: CustomerNotificationKind;
  subject: string;
  content: string;
}

export interface CaseAbout {
  id: string;
  name?: string | undefined;
  customerName: string;
}

const titleOf = (supportCase: CaseAbout): string => (supportCase.name !== undefined ? `"${supportCase.name}" (${supportCase.id})` : supportCase.id);

export function caseOpenedMessage(supportCase: CaseAbout): CaseMessage {
  return {
    kind: 'supportCaseOpened',
    subject: `We have your support case ${supportCase.id}`,
    content: [
      `Hello ${supportCase.customerName},`,
      `we have received your support case ${titleOf(supportCase)}. An agent will look at it soon, and we will write to you at each step.`,
    ].join('\n\n'),
  };
}

/** One sentence per status the case moves to; the reason, when there is one, follows it. */
const what: Record<Exclude<CaseStatus, 'submitted'>, (reopened: boolean) => string> = {
  acknowledged: () => 'An agent has read your case and will work on it.',
  inProgress: (reopened) => (reopened ? 'Your case is open again and an agent is working on it.' : 'An agent is working on your case.'),
  pending: () => 'We need something from you to go on. Please answer by adding a note to your case.',
  held: () => 'Your case is on hold while we wait for someone else; we will come back to you.',
  resolved: () => 'Your case is resolved. If the trouble is still there, reopen the case; otherwise you can close it.',
  closed: () => 'Your case is closed.',
  cancelled: () => 'Your case was cancelled.',
  rejected: () => 'We cannot take on your case.',
};

const subjects: Record<Exclude<CaseStatus, 'submitted'>, string> = {
  acknowledged: 'acknowledged',
  inProgress: 'in progress',
  pending: 'waiting for you',
  held: 'on hold',
  resolved: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

export function caseStatusMessage(supportCase: CaseAbout, change: { from: CaseStatus; to: CaseStatus; reason?: string | undefined }): CaseMessage {
  if (change.to === 'submitted') throw new Error('invariant broken: no case moves back to submitted');
  const sentence = what[change.to](change.from === 'resolved');
  return {
    kind: 'supportCaseStatusChanged',
    subject: `Support case ${supportCase.id}: ${subjects[change.to]}`,
    content: [`Hello ${supportCase.customerName},`, `${sentence}${change.reason !== undefined ? `\n\n${change.reason}` : ''}`, `Case ${titleOf(supportCase)}.`].join('\n\n'),
  };
}
