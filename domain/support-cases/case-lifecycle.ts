import { RuleViolationError, rejectFieldProblems } from '../shared/domain-errors.js';

/**
 * The lifecycle of a support case (docs/support-cases.md), on TMF621's status values. TMF621's
 * example lifecycle starts at `acknowledged`; here acknowledging is an agent's act (someone has
 * read the case), so a case a customer has just opened is `submitted`: it has no `status` in
 * the TroubleTicket yet, since `submitted` is not one of TMF621's values.
 *
 *   submitted ─► acknowledged ─► inProgress ◄─► pending (waiting for the customer)
 *       │             │            ▲  │   ◄─► held    (waiting for someone else)
 *       │             │            │  ▼
 *       │             │          resolved ─► closed
 *       └─────────────┴─► rejected
 *   cancelled: from any status before resolved
 */
export const troubleTicketStatuses = ['acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'closed', 'resolved'] as const;
export type TroubleTicketStatus = (typeof troubleTicketStatuses)[number];
export const caseStatuses = ['submitted', ...troubleTicketStatuses] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Who acts on a case: the customer it belongs to, or staff (admins and agents alike). */
export type CaseActor = 'customer' | 'agent';

export const finalCaseStatuses: readonly CaseStatus[] = ['closed', 'cancelled', 'rejected'];
export const isFinalCaseStatus = (status: CaseStatus): boolean => finalCaseStatuses.includes(status);

/**
 * Every transition, and who may make it. A customer withdraws its case, confirms a resolution
 * (closed) or says it is not fixed (back to inProgress); everything else is the agents' work.
 */
const transitions: Record<CaseStatus, Partial<Record<CaseStatus, readonly CaseActor[]>>> = {
  submitted: { acknowledged: ['agent'], rejected: ['agent'], cancelled: ['customer', 'agent'] },
  acknowledged: { inProgress: ['agent'], rejected: ['agent'], cancelled: ['customer', 'agent'] },
  inProgress: { pending: ['agent'], held: ['agent'], resolved: ['agent'], cancelled: ['customer', 'agent'] },
  pending: { inProgress: ['agent'], resolved: ['agent'], cancelled: ['customer', 'agent'] },
  held: { inProgress: ['agent'], resolved: ['agent'], cancelled: ['customer', 'agent'] },
  resolved: { closed: ['customer', 'agent'], inProgress: ['customer', 'agent'] },
  closed: {},
  cancelled: {},
  rejected: {},
};

/**
 * Transitions that must say why, in `statusChangeReason`: what the customer should send
 * (pending), what the case waits for (held), how it was solved (resolved), why it is refused
 * (rejected), and what is still wrong when a resolved case is reopened.
 */
function reasonRequired(from: CaseStatus, to: CaseStatus): boolean {
  return to === 'pending' || to === 'held' || to === 'resolved' || to === 'rejected' || (from === 'resolved' && to === 'inProgress');
}

/** The statuses `actor` may move a case in `from` to. */
export function nextCaseStatuses(from: CaseStatus, actor: CaseActor): CaseStatus[] {
  return Object.entries(transitions[from])
    .filter(([, actors]) => actors.includes(actor))
    .map(([to]) => to as CaseStatus);
}

export const canMoveCase = (from: CaseStatus, to: CaseStatus, actor: CaseActor): boolean => nextCaseStatuses(from, actor).includes(to);

/**
 * Checks a status change: allowed for this actor from this status (409
 * `SUPPORT_CASE_LIFECYCLE`, naming what is allowed), and with its reason when one is required
 * (400 naming `statusChangeReason`).
 */
export function requireCaseTransition(change: { from: CaseStatus; to: CaseStatus; actor: CaseActor; reason: string | undefined }): void {
  const { from, to, actor, reason } = change;
  if (!canMoveCase(from, to, actor)) {
    const allowed = nextCaseStatuses(from, actor);
    const who = actor === 'customer' ? 'a customer' : 'an agent';
    throw new RuleViolationError(
      'support-case-lifecycle',
      `${who} cannot move a case from ${from} to ${to}; allowed: ${allowed.join(', ') || (isFinalCaseStatus(from) ? 'none (the case is over)' : 'none for this role')}`,
    );
  }
  if (reasonRequired(from, to) && (reason === undefined || reason.trim() === '')) {
    rejectFieldProblems([{ field: 'statusChangeReason', problem: `moving a case from ${from} to ${to} needs a reason` }], 'the status change is incomplete');
  }
}

/** The case's status as TMF621 shows it: none while submitted. */
export const tmfStatusOf = (status: CaseStatus): TroubleTicketStatus | undefined => (status === 'submitted' ? undefined : status);
