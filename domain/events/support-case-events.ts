import * as z from '../shared/zod.js';
import { caseStatuses } from '../support-cases/case-lifecycle.js';
import { defineEvent } from './domain-event.js';

/** Events of support cases (TMF621 trouble tickets), source bss.support-cases (docs/support-cases.md). */
const supportCaseSnapshot = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  customerId: z.string(),
  /** The customer's name, which the message to the customer greets. */
  customerName: z.string(),
  name: z.optional(z.string()),
  /** `submitted` until an agent acknowledges the case (it has no TMF621 status then). */
  status: z.enum(caseStatuses),
  ticketType: z.string(),
  severity: z.string(),
  priority: z.string(),
  channel: z.string(),
  creationDate: z.iso.datetime(),
  relatedEntity: z.array(z.object({ id: z.string(), '@referredType': z.string() })),
  /** Set for a customer living on a test clock: the case's instants are the clock's. */
  testClockId: z.optional(z.string()),
}));

/** Who did it: the role it acted in and the token's subject (for the record; never sent to the customer). */
const actor = /* @__PURE__ */ z.lazy(() => z.object({ role: z.enum(['customer', 'agent', 'admin']), subject: z.string() }));

export const SupportCaseOpened = /* @__PURE__ */ defineEvent({
  source: 'bss.support-cases',
  detailType: 'SupportCaseOpened',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ supportCase: supportCaseSnapshot, openedBy: actor })),
});

/** Every status change, with the case as it is after it; `changedAt` is the customer's instant. */
export const SupportCaseStatusChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.support-cases',
  detailType: 'SupportCaseStatusChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    supportCase: supportCaseSnapshot,
    from: z.enum(caseStatuses),
    to: z.enum(caseStatuses),
    reason: z.optional(z.string()),
    changedAt: z.iso.datetime(),
    changedBy: actor,
  })),
});

/** A note was added; its text stays on the case (read it there), out of the bus. */
export const SupportCaseNoteAdded = /* @__PURE__ */ defineEvent({
  source: 'bss.support-cases',
  detailType: 'SupportCaseNoteAdded',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    supportCaseId: z.string(),
    customerId: z.string(),
    noteId: z.string(),
    authorRole: z.enum(['customer', 'agent']),
    date: z.iso.datetime(),
    addedBy: actor,
    testClockId: z.optional(z.string()),
  })),
});

/** Staff changed what the case is (type, severity, priority, name, expected resolution date). */
export const SupportCaseUpdated = /* @__PURE__ */ defineEvent({
  source: 'bss.support-cases',
  detailType: 'SupportCaseUpdated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ supportCase: supportCaseSnapshot, changedAttributes: z.array(z.string()).check(z.minLength(1)), changedBy: actor })),
});
