import { rejectFieldProblems, RuleViolationError } from '../shared/domain-errors.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import * as z from '../shared/zod.js';
import { isFinalCaseStatus, requireCaseTransition, tmfStatusOf, troubleTicketStatuses, type CaseActor, type CaseStatus } from './case-lifecycle.js';
import { addCaseNotes, noteInputSchema, type CaseNote } from './case-notes.js';
import { caseStatusOf, noteAuthor, priorities, requireFutureDates, severities, ticketTypes, type SupportCase } from './support-case.js';

/**
 * PATCH body (JSON merge patch over TMF621 TroubleTicket_Update). Two readings differ from a
 * plain merge: `note` lists the notes to ADD (notes are never replaced or removed, see
 * case-notes.ts), and `statusChangeReason` goes with a status change, as its reason.
 */
export const supportCasePatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  status: z.enum(troubleTicketStatuses),
  statusChangeReason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  note: z.array(noteInputSchema).check(z.minLength(1), z.maxLength(10)),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  ticketType: z.enum(ticketTypes),
  severity: z.enum(severities),
  priority: z.enum(priorities),
  expectedResolutionDate: z.nullable(z.iso.datetime({ offset: true })),
}));
export type SupportCasePatch = z.infer<typeof supportCasePatchSchema>;

export interface CaseUpdate {
  supportCase: SupportCase;
  /** Set when the status moved. */
  statusChange?: { from: CaseStatus; to: CaseStatus; reason?: string };
  notesAdded: CaseNote[];
  /** Attributes other than status and notes that changed value. */
  changedAttributes: string[];
}

/** Like the notes, the status history stays in the case's one item, far below DynamoDB's 400 KB. */
export const maxStatusChanges = 100;

const plainAttributes = ['name', 'ticketType', 'severity', 'priority', 'expectedResolutionDate'] as const;

/**
 * Applies a patch by `actor` at `now` (the customer's instant): the status change checked
 * against the lifecycle (case-lifecycle.ts), notes added, attributes replaced. A case that is
 * over (closed, cancelled, rejected) takes nothing more: 409 SUPPORT_CASE_OVER. Sending the
 * status the case already has is no change, so a retried request changes nothing twice.
 */
export function updateSupportCase(current: SupportCase, patch: SupportCasePatch, actor: CaseActor, now: string): CaseUpdate {
  const from = caseStatusOf(current);
  if (isFinalCaseStatus(from)) {
    throw new RuleViolationError('support-case-over', `case ${current.id} is ${from}: it takes no more changes or notes; open a new case`);
  }
  const to: CaseStatus = patch.status ?? from;
  const moves = to !== from;
  if (patch.statusChangeReason !== undefined && !moves) {
    rejectFieldProblems([{ field: 'statusChangeReason', problem: `goes with a change of status, and the case stays ${from}` }], 'a reason without a status change');
  }
  if (moves) {
    requireCaseTransition({ from, to, actor, reason: patch.statusChangeReason });
    if (current.statusChange.length >= maxStatusChanges) {
      throw new RuleViolationError('support-case-history-limit', `case ${current.id} has changed status ${current.statusChange.length} times; open a new case to go on`);
    }
  }
  if (patch.expectedResolutionDate !== undefined) requireFutureDates({ expectedResolutionDate: patch.expectedResolutionDate }, now);

  let next: SupportCase = { ...current };
  const changedAttributes: string[] = [];
  for (const attribute of plainAttributes) {
    const value = patch[attribute];
    if (value === undefined) continue;
    const normalized = attribute === 'expectedResolutionDate' && value !== null ? new Date(value).toISOString() : value;
    if (normalized === (current[attribute] ?? null)) continue;
    changedAttributes.push(attribute);
    if (normalized === null) delete next[attribute];
    else next = { ...next, [attribute]: normalized };
  }

  const notes = patch.note ? addCaseNotes(current.note, patch.note, noteAuthor(actor, current.relatedParty[0].name), now) : current.note;
  const notesAdded = notes.slice(current.note.length);
  if (!moves && notesAdded.length === 0 && changedAttributes.length === 0) return { supportCase: current, notesAdded, changedAttributes };

  next = { ...next, note: notes, lastUpdate: now };
  if (!moves) return { supportCase: next, notesAdded, changedAttributes };

  const reason = patch.statusChangeReason;
  const { status: _status, statusChangeReason: _reason, resolutionDate: _resolved, ...rest } = next;
  const status = tmfStatusOf(to);
  // A reopened case is no longer resolved: its resolution date goes with the resolution.
  const resolutionDate = to === 'resolved' ? now : to === 'closed' ? current.resolutionDate : undefined;
  next = {
    ...rest,
    ...(status !== undefined ? { status } : {}),
    statusChangeDate: now,
    ...(reason !== undefined ? { statusChangeReason: reason } : {}),
    ...(resolutionDate !== undefined ? { resolutionDate } : {}),
    statusChange: [...current.statusChange, { status: to, changeDate: now, ...(reason !== undefined ? { changeReason: reason } : {}), '@type': 'StatusChange' }],
  };
  return { supportCase: next, statusChange: { from, to, ...(reason !== undefined ? { reason } : {}) }, notesAdded, changedAttributes };
}
