import { onlyAttributes, type WriteAccess } from '../shared/write-access.js';

/**
 * Who writes what of a support case (domain/shared/write-access.ts). A customer says what is
 * wrong and how badly, about which of its products or bills, and talks through notes; the
 * priority, the expected resolution date and the customer a case is for are the agents' (the
 * customer's own case names it from its token). Which status changes each side may make is the
 * lifecycle's rule (case-lifecycle.ts), checked on the case as it is.
 */
const relatedEntity = onlyAttributes({ id: true, '@referredType': true, role: true, href: true, name: true });
const note = onlyAttributes({ text: true, '@type': true });

export const supportCaseCreateAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: { name: true, description: true, ticketType: true, severity: true, requestedResolutionDate: true, relatedEntity, note, '@type': true },
};

export const supportCasePatchAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: { status: true, statusChangeReason: true, note },
};
